"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { formText } from "../ui/form";
import { FormError } from "../ui/form-errors";

const ERROR_TEXT: Record<string, string> = {
  CredentialsSignin: "Wrong username or password.",
  OAuthSignin: "Could not start single sign-on. Check the identity provider settings.",
  OAuthCallback: "Single sign-on failed at the identity provider.",
  Callback: "Single sign-on failed while creating your account.",
  AccessDenied: "Access denied.",
  SessionRequired: "Sign in to continue.",
};

function describe(code: string | undefined): string | null {
  if (!code) return null;
  return ERROR_TEXT[code] ?? (code.length < 200 && !code.includes("<") ? code : "Sign-in failed.");
}

export function SignInForm({
  callbackUrl,
  oidc,
  initialError,
}: {
  callbackUrl: string;
  oidc: { name: string } | null;
  initialError?: string;
}) {
  const [error, setError] = useState<string | null>(describe(initialError));
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      username: formText(form, "username"),
      password: formText(form, "password"),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(describe(result?.error ?? "CredentialsSignin"));
  }

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <form onSubmit={(e) => void onSubmit(e)} className="space-y-4">
        <div>
          <label htmlFor="username" className="block text-sm font-medium text-slate-700">Username</label>
          <input id="username" name="username" autoComplete="username" required autoFocus
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none" />
        </div>
        <div>
          <label htmlFor="password" className="block text-sm font-medium text-slate-700">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none" />
        </div>
        <FormError message={error} />
        <button type="submit" disabled={pending}
          className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {oidc && (
        <>
          <div className="my-4 flex items-center gap-3 text-xs text-slate-400"><span className="h-px flex-1 bg-slate-200" />or<span className="h-px flex-1 bg-slate-200" /></div>
          <button type="button" onClick={() => void signIn("oidc", { callbackUrl })}
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50">
            Sign in with {oidc.name}
          </button>
        </>
      )}
    </div>
  );
}
