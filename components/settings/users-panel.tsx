"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { UserView as UserRow } from "@/lib/users/service";
import { api, ApiClientError, errorMessage } from "../api-client";
import { ConfirmButton } from "../ui/confirm-button";
import { formText } from "../ui/form";
import { FieldError, FormError, namedFieldErrors, useFormErrors, type FormErrors } from "../ui/form-errors";
import { card, errorBox, input, label, primaryButton, secondaryButton } from "../ui/styles";

const USERS_KEY = ["users"];

export function UsersPanel({ currentUserId }: { currentUserId: string }) {
  const qc = useQueryClient();
  const users = useQuery({ queryKey: USERS_KEY, queryFn: () => api<{ users: UserRow[] }>("users") });
  // The table's actions; a new password's issues show in the reset form.
  const errors = useFormErrors(["password"]);
  const [resetFor, setResetFor] = useState<UserRow | null>(null);

  const onDone = {
    onSuccess: () => errors.clear(),
    onError: (e: unknown) => errors.fail(e),
    onSettled: () => qc.invalidateQueries({ queryKey: USERS_KEY }),
  };
  const update = useMutation({
    mutationFn: (v: { user: UserRow; patch: Record<string, unknown> }) =>
      api(`users/${v.user.id}`, { method: "PUT", body: { version: v.user.version, ...v.patch } }),
    ...onDone,
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`users/${id}`, { method: "DELETE" }), ...onDone });

  return (
    <div className="space-y-4">
      <AddUserForm onCreated={() => void qc.invalidateQueries({ queryKey: USERS_KEY })} />
      <FormError message={errors.message} />
      <div className={card}>
        <h2 className="mb-3 text-base font-semibold">Console users</h2>
        {users.isPending && <p className="text-sm text-slate-500">Loading…</p>}
        {users.isError && <p role="alert" className={errorBox}>{errorMessage(users.error)}</p>}
        {users.data && (
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr><th className="py-2">User</th><th>Role</th><th>Sign-in</th><th>Last sign-in</th><th className="text-right">Actions</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.data.users.map((u) => (
                <tr key={u.id} data-testid={`user-row-${u.username}`}>
                  <td className="py-2">
                    <div className="font-medium">{u.username}{u.id === currentUserId && <span className="ml-2 text-xs text-slate-500">(you)</span>}</div>
                    {u.display_name && <div className="text-xs text-slate-500">{u.display_name}</div>}
                  </td>
                  <td>
                    <select aria-label={`Role of ${u.username}`} value={u.role} disabled={update.isPending}
                      onChange={(e) => update.mutate({ user: u, patch: { role: e.target.value } })}
                      className="rounded-md border border-slate-300 px-2 py-1 text-sm">
                      <option value="admin">admin</option>
                      <option value="viewer">viewer</option>
                    </select>
                  </td>
                  <td className="text-slate-600">{u.sign_in}</td>
                  <td className="text-slate-600">{u.last_sign_in_at ? new Date(u.last_sign_in_at).toLocaleString() : "never"}</td>
                  <td className="space-x-2 text-right">
                    <button type="button" className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50"
                      onClick={() => setResetFor(u)}>Reset password</button>
                    <ConfirmButton label="Remove" confirmLabel={`Remove ${u.username}`} disabled={u.id === currentUserId}
                      onConfirm={() => remove.mutate(u.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {resetFor && (
        <ResetPasswordForm user={resetFor} errors={errors} onClose={() => { setResetFor(null); errors.clear(); }}
          onSubmit={(password) => update.mutate({ user: resetFor, patch: { password } }, { onSuccess: () => setResetFor(null) })} />
      )}
    </div>
  );
}

const ADD_USER_FIELDS = { username: "new-username", display_name: "new-display-name", password: "new-password", role: "new-role" } as const;

function AddUserForm({ onCreated }: { onCreated: () => void }) {
  const errors = useFormErrors(Object.keys(ADD_USER_FIELDS));
  const create = useMutation({
    mutationFn: (body: Record<string, string>) => api("users", { method: "POST", body }),
    onSuccess: () => { errors.clear(); onCreated(); },
    onError: (e) => (e instanceof ApiClientError && e.status === 409 ? errors.show(e.message, "username") : errors.fail(e)),
  });
  // Uncontrolled fields: an edit is seen on the form, by the field's name.
  const { edited, issue } = namedFieldErrors(errors, ADD_USER_FIELDS);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const form = e.currentTarget;
    const body: Record<string, string> = {
      username: formText(f, "new-username"),
      password: formText(f, "new-password"),
      role: formText(f, "new-role", "viewer"),
    };
    const name = formText(f, "new-display-name").trim();
    if (name) body.display_name = name;
    create.mutate(body, { onSuccess: () => form.reset() });
  }
  return (
    <form onSubmit={submit} onChange={edited} className={`${card} grid grid-cols-1 gap-3 md:grid-cols-5 md:items-start`} aria-label="Add user">
      <div><label className={label} htmlFor="new-username">Username</label>
        <input id="new-username" name="new-username" required className={input} {...errors.field("username", "new-username-error")} />{issue("username")}</div>
      <div><label className={label} htmlFor="new-display-name">Name</label>
        <input id="new-display-name" name="new-display-name" className={input} {...errors.field("display_name", "new-display-name-error")} />{issue("display_name")}</div>
      <div><label className={label} htmlFor="new-password">Password</label>
        <input id="new-password" name="new-password" type="password" minLength={12} required autoComplete="new-password" className={input}
          {...errors.field("password", "new-password-error")} />{issue("password")}</div>
      <div><label className={label} htmlFor="new-role">Role</label>
        <select id="new-role" name="new-role" defaultValue="viewer" className={input}><option value="viewer">viewer</option><option value="admin">admin</option></select>{issue("role")}
      </div>
      <button type="submit" disabled={create.isPending} className={`${primaryButton} md:mt-6`}>Add user</button>
      <FormError message={errors.message} className="md:col-span-5" />
    </form>
  );
}

function ResetPasswordForm({ user, errors, onClose, onSubmit }: { user: UserRow; errors: FormErrors; onClose: () => void; onSubmit: (password: string) => void }) {
  const [password, setPassword] = useState("");
  return (
    <form className={`${card} flex items-start gap-3`} aria-label={`Reset password of ${user.username}`}
      onSubmit={(e) => { e.preventDefault(); onSubmit(password); }}>
      <div className="flex-1">
        <label className={label} htmlFor="reset-password">New password for {user.username}</label>
        <input id="reset-password" type="password" minLength={12} required autoComplete="new-password" value={password}
          onChange={(e) => { setPassword(e.target.value); errors.edited("password"); }} className={input} {...errors.field("password", "reset-password-error")} />
        <FieldError id="reset-password-error" messages={errors.at("password")} />
      </div>
      <button type="submit" className={`${primaryButton} mt-6`}>Set password</button>
      <button type="button" onClick={onClose} className={`${secondaryButton} mt-6`}>Cancel</button>
    </form>
  );
}
