"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiClientError } from "../api-client";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { card, input, label, primaryButton, secondaryButton } from "../ui/styles";
import { PolicySelect } from "./policy-select";
import { RegionField } from "./region-field";
import { AUTHORIZER_SETTINGS, isDefault, regionError, settingError, type SettingKey, type SettingMeta } from "./settings-meta";
import { keys, type AuthorizerSettingsView, type GatewayView } from "./types";

interface General {
  name: string;
  description: string;
  create_and_bind_services_automatically: boolean;
  default_policy_id: string | null;
  region: string;
}
type GeneralKey = keyof General;
interface Edits {
  general: Partial<General>;
  settings: Partial<AuthorizerSettingsView>;
}

const NO_EDITS: Edits = { general: {}, settings: {} };
const GENERAL_LABELS: Record<GeneralKey, string> = {
  name: "name", description: "description", create_and_bind_services_automatically: "automatic binding",
  default_policy_id: "default policy", region: "region",
};

export const CONFLICT_MESSAGE = "This gateway was changed by someone else meanwhile. Reload to see the latest and re-apply your edits.";

/** A 409 about the version read earlier (not a duplicate name, which is also a 409). */
export function isStaleWrite(e: unknown): boolean {
  return e instanceof ApiClientError && e.status === 409 && !/already (exists|in use|taken)|duplicate/i.test(e.message);
}

function generalOf(g: GatewayView): General {
  return {
    name: g.name, description: g.description, create_and_bind_services_automatically: g.create_and_bind_services_automatically,
    default_policy_id: g.default_policy_id, region: g.region,
  };
}

/**
 * The gateway's editable fields and its authorizer settings. Edits are made against the version
 * read when editing started (`base`) and sent with it, so a concurrent change is a 409, never an
 * overwrite; on a 409 the edits stay in the form until the user reloads.
 */
export function GatewaySettingsForm({ gateway, isAdmin, onReload }: { gateway: GatewayView; isAdmin: boolean; onReload: () => Promise<unknown> }) {
  const qc = useQueryClient();
  const [base, setBase] = useState<GatewayView | null>(null);
  const [edits, setEdits] = useState<Edits>(NO_EDITS);
  const [conflict, setConflict] = useState(false);
  const [discarded, setDiscarded] = useState<string[]>([]);
  const errors = useFormErrors(["name", "region", "description", "default_policy_id", "create_and_bind_services_automatically", "settings"]);
  const [saved, setSaved] = useState(false);

  const current = base ?? gateway;
  const general: General = { ...generalOf(current), ...edits.general };
  const settings: AuthorizerSettingsView = { ...current.settings, ...edits.settings };
  const original = generalOf(current);
  const changedGeneral = (Object.keys(edits.general) as GeneralKey[]).filter((k) => edits.general[k] !== original[k]);
  const changedSettings = (Object.keys(edits.settings) as SettingKey[]).filter((k) => edits.settings[k] !== current.settings[k]);
  const dirty = changedGeneral.length + changedSettings.length > 0;
  const disabled = !isAdmin;

  function startEditing() {
    if (!base) setBase(gateway);
    setSaved(false);
  }
  function setGeneral<K extends GeneralKey>(key: K, value: General[K]) {
    startEditing();
    errors.edited(key);
    setEdits((e) => ({ ...e, general: { ...e.general, [key]: value } }));
  }
  function setSetting<K extends SettingKey>(key: K, value: AuthorizerSettingsView[K]) {
    startEditing();
    errors.edited(`settings.${key}`);
    setEdits((e) => ({ ...e, settings: { ...e.settings, [key]: value } }));
  }
  function describeEdits(): string[] {
    return [
      ...changedGeneral.map((k) => `${GENERAL_LABELS[k]}: ${JSON.stringify(general[k])}`),
      ...changedSettings.map((k) => `${k}: ${JSON.stringify(settings[k])}`),
    ];
  }

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<GatewayView>(`gateways/${encodeURIComponent(gateway.id)}`, { method: "PUT", body }),
    onSuccess: (updated) => {
      qc.setQueryData(keys.gateway(gateway.id), updated);
      void qc.invalidateQueries({ queryKey: keys.gateway(gateway.id) });
      void qc.invalidateQueries({ queryKey: keys.gateways, exact: true });
      setBase(null);
      setEdits(NO_EDITS);
      errors.clear();
      setSaved(true);
    },
    onError: (e) => {
      if (isStaleWrite(e)) {
        setConflict(true);
        errors.clear();
      } else if (e instanceof ApiClientError && e.status === 409) {
        errors.show(`${e.message} Choose another name.`, "name");
      } else {
        errors.fail(e);
      }
    },
  });

  const reload = useMutation({
    mutationFn: onReload,
    onSuccess: () => {
      setDiscarded(describeEdits());
      setBase(null);
      setEdits(NO_EDITS);
      setConflict(false);
      errors.clear();
    },
    onError: (e) => errors.fail(e),
  });

  /**
   * The first problem found in the browser, at its field (region and settings rows also say it as
   * it is typed) and, as the form is long, by the Save button too.
   */
  function validate(): { path: string; label: string; message: string } | null {
    if (!general.name.trim()) return { path: "name", label: "Name", message: "Give it a name." };
    const regionProblem = regionError(general.region);
    if (regionProblem) return { path: "region", label: "AWS region", message: regionProblem };
    for (const m of AUTHORIZER_SETTINGS) {
      const message = settingError(m.key, settings[m.key]);
      if (message) return { path: `settings.${m.key}`, label: m.key, message };
    }
    return null;
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const problem = validate();
    if (problem) return errors.show(problem.message, problem.path, `${problem.label}: ${problem.message}`);
    errors.clear();
    const body: Record<string, unknown> = { version: current.version };
    for (const k of changedGeneral) body[k] = k === "name" || k === "description" ? String(general[k]).trim() : general[k];
    if (changedSettings.length > 0) body.settings = Object.fromEntries(changedSettings.map((k) => [k, settings[k]]));
    setDiscarded([]);
    save.mutate(body);
  }

  return (
    <form onSubmit={submit} aria-label="Gateway settings" className="space-y-4">
      <section className={`${card} space-y-4`} aria-labelledby="general-heading">
        <h2 id="general-heading" className="text-base font-semibold">General</h2>
        <div className="grid gap-4 md:grid-cols-2">
          <div>
            <label htmlFor="settings-name" className={label}>Name</label>
            <input id="settings-name" required maxLength={80} disabled={disabled} value={general.name}
              onChange={(e) => setGeneral("name", e.target.value)} className={input} {...errors.field("name", "settings-name-error")} />
            <FieldError id="settings-name-error" messages={errors.at("name")} />
          </div>
          <div>
            <label htmlFor="settings-region" className={label}>AWS region</label>
            <RegionField id="settings-region" value={general.region} disabled={disabled} onChange={(v) => setGeneral("region", v)} />
            <FieldError id="settings-region-error" messages={regionError(general.region) ? [] : errors.at("region")} />
          </div>
          <div className="md:col-span-2">
            <label htmlFor="settings-description" className={label}>Description</label>
            <textarea id="settings-description" rows={2} maxLength={500} disabled={disabled} value={general.description}
              onChange={(e) => setGeneral("description", e.target.value)} className={input} {...errors.field("description", "settings-description-error")} />
            <FieldError id="settings-description-error" messages={errors.at("description")} />
          </div>
          <div>
            <label htmlFor="settings-default-policy" className={label}>Default policy</label>
            <PolicySelect id="settings-default-policy" value={general.default_policy_id} disabled={disabled}
              onChange={(v) => setGeneral("default_policy_id", v)} />
            <FieldError id="settings-default-policy-error" messages={errors.at("default_policy_id")} />
          </div>
          <div className="flex items-start gap-2 pt-6 text-sm">
            <input id="settings-auto-bind" type="checkbox" disabled={disabled} checked={general.create_and_bind_services_automatically}
              onChange={(e) => setGeneral("create_and_bind_services_automatically", e.target.checked)} className="mt-0.5 accent-indigo-600" />
            <label htmlFor="settings-auto-bind">
              <span className="font-medium text-slate-900">Create and bind services automatically</span>
              <span className="block text-xs text-slate-600">
                Recommended only when a single authorizer discovers these APIs: several authorizers binding automatically conflict.
              </span>
            </label>
          </div>
        </div>
      </section>

      <section className={card} aria-labelledby="authorizer-heading">
        <h2 id="authorizer-heading" className="text-base font-semibold">Authorizer settings</h2>
        <p className="mt-0.5 text-sm text-slate-600">
          The environment of the authorizer&apos;s Lambda function. They take effect when its stack is created or updated.
          Values that differ from the default are highlighted.
        </p>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase">
              <tr><th className="py-2 pr-4 font-medium">Setting</th><th className="py-2 pr-4 font-medium">Default</th><th className="w-72 py-2 font-medium">Value</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {AUTHORIZER_SETTINGS.map((m) => (
                <SettingRow key={m.key} meta={m} value={settings[m.key]} disabled={disabled} onChange={(v) => setSetting(m.key, v as never)}
                  reported={errors.at(`settings.${m.key}`)} />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {conflict && (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">{CONFLICT_MESSAGE}</p>
          <p className="mt-1">Your edits are still in the form and were not saved: {describeEdits().join("; ") || "none"}.</p>
          <button type="button" onClick={() => reload.mutate()} disabled={reload.isPending} className={`${secondaryButton} mt-2`}>
            {reload.isPending ? "Reloading…" : "Reload"}
          </button>
        </div>
      )}
      {discarded.length > 0 && (
        <p role="status" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
          Showing the latest version. Edits to re-apply: {discarded.join("; ")}.
        </p>
      )}
      <FormError message={errors.message} />
      <FieldError id="settings-auto-bind-error" messages={errors.at("create_and_bind_services_automatically")} />
      {isAdmin && (
        <div className="flex items-center gap-3">
          <button type="submit" disabled={!dirty || save.isPending || conflict} className={primaryButton}>{save.isPending ? "Saving…" : "Save changes"}</button>
          {dirty && !conflict && (
            <button type="button" className={secondaryButton} onClick={() => { setBase(null); setEdits(NO_EDITS); errors.clear(); }}>Discard changes</button>
          )}
          {saved && !dirty && <p role="status" className="text-sm text-emerald-700">Saved.</p>}
        </div>
      )}
    </form>
  );
}

function SettingRow({ meta, value, disabled, onChange, reported }: {
  meta: SettingMeta;
  value: AuthorizerSettingsView[SettingKey];
  disabled: boolean;
  onChange: (v: AuthorizerSettingsView[SettingKey]) => void;
  /** What the last save said about this setting (shown unless the live check already says something). */
  reported: string[];
}) {
  const id = `setting-${meta.key}`;
  const custom = !isDefault(meta.key, value);
  const problem = settingError(meta.key, value);
  const defaultText = meta.shownDefault ?? (meta.default === "" ? "—" : String(meta.default));
  return (
    <tr className={custom ? "bg-amber-50/60" : undefined} data-testid={`setting-row-${meta.key}`}>
      <td className="py-2.5 pr-4 align-top">
        <label htmlFor={id} className="font-mono text-xs font-semibold text-slate-900">{meta.key}</label>
        {custom && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-[10px] font-medium tracking-wide text-amber-800 uppercase">changed</span>}
        <p id={`${id}-help`} className="mt-0.5 max-w-md text-xs text-slate-600">{meta.description}</p>
      </td>
      <td className="py-2.5 pr-4 align-top font-mono text-xs text-slate-500">{defaultText}</td>
      <td className="py-2.5 align-top">
        {meta.kind === "select" && (
          <select id={id} value={String(value)} disabled={disabled} aria-describedby={`${id}-help`}
            onChange={(e) => onChange(e.target.value)} className={input}>
            {meta.options?.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        )}
        {meta.kind === "boolean" && (
          <input id={id} type="checkbox" checked={value === true} disabled={disabled} aria-describedby={`${id}-help`}
            onChange={(e) => onChange(e.target.checked)} className="h-4 w-4 accent-indigo-600" />
        )}
        {(meta.kind === "text" || meta.kind === "duration") && (
          <input id={id} value={String(value)} disabled={disabled} spellCheck={false} aria-describedby={`${id}-help`}
            aria-invalid={problem ? true : undefined} placeholder={meta.kind === "duration" ? "e.g. 5s, 500ms, 1m" : undefined}
            onChange={(e) => onChange(e.target.value)} className={`${input} font-mono`} />
        )}
        {meta.kind === "seconds" && (
          <input id={id} type="number" min={meta.min} max={meta.max} step={1} disabled={disabled} aria-describedby={`${id}-help`}
            aria-invalid={problem ? true : undefined} value={typeof value === "number" && !Number.isNaN(value) ? value : ""}
            onChange={(e) => onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))} className={input} />
        )}
        {meta.kind === "pem" && (
          <textarea id={id} rows={3} disabled={disabled} spellCheck={false} aria-describedby={`${id}-help`}
            placeholder="-----BEGIN CERTIFICATE-----" value={String(value)}
            onChange={(e) => onChange(e.target.value)} className={`${input} font-mono text-xs`} />
        )}
        {meta.kind === "duration" && !problem && <p className="mt-1 text-xs text-slate-500">Go duration: 500ms, 5s, 1m, 1m30s.</p>}
        {problem && <p className="mt-1 text-xs text-red-700">{problem}</p>}
        {!problem && <FieldError id={`${id}-error`} messages={reported} />}
      </td>
    </tr>
  );
}
