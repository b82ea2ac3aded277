"use client";

import { SETTING_GROUP_LABELS, storedEntries, type StoredEntry } from "@/protocol/settings/catalogue";
import { FieldError, type FormErrors } from "../ui/form-errors";
import { input, label } from "../ui/styles";
import type { StackSettings } from "./types";

type Key = keyof StackSettings;
type Stored = StoredEntry & { group: "advanced" | "certificate" };

/** The stack's settings, in the template's groups and order (protocol/settings/catalogue.ts). */
const GROUPS = (["advanced", "certificate"] as const).map((group) => ({
  legend: SETTING_GROUP_LABELS[group],
  entries: storedEntries().filter((e): e is Stored => e.group === group),
}));

/**
 * The authorizer's advanced and certificate settings (stack parameters), as form fields; with
 * `errors`, what the API said about `settings.<KEY>` shows at its field until it is edited.
 */
export function SettingsFields({ value, onChange, disabled, errors }: { value: StackSettings; onChange: (v: StackSettings) => void; disabled?: boolean; errors?: FormErrors }) {
  const values = value as unknown as Record<Key, unknown>;
  const set = (k: Key, v: unknown) => {
    errors?.edited(`settings.${k}`);
    onChange({ ...value, [k]: v });
  };
  const issue = (k: Key) => <FieldError id={`stack-setting-${k}-error`} messages={errors?.at(`settings.${k}`) ?? []} />;
  const name = (e: Stored) => <>{e.label} <code className="text-xs text-slate-500">{e.env}</code></>;

  function field(e: Stored) {
    const k = e.consoleKey;
    if (e.kind === "select") {
      return (
        <select className={input} value={String(values[k])} disabled={disabled} onChange={(ev) => set(k, ev.target.value)}>
          {(e.allowedValues ?? []).map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    }
    if (e.kind === "seconds") {
      return <input className={input} type="number" min={e.minValue} max={e.maxValue} value={Number(values[k])} disabled={disabled} onChange={(ev) => set(k, Number(ev.target.value))} />;
    }
    if (e.kind === "pem") {
      return <textarea className={`${input} font-mono text-xs`} rows={3} value={String(values[k])} disabled={disabled} placeholder="-----BEGIN CERTIFICATE-----" onChange={(ev) => set(k, ev.target.value)} />;
    }
    return <input className={input} value={String(values[k])} disabled={disabled} onChange={(ev) => set(k, ev.target.value)} />;
  }

  return (
    <div className="space-y-4">
      {GROUPS.map((g) => (
        <fieldset key={g.legend} className="space-y-3">
          <legend className="text-sm font-semibold text-slate-800">{g.legend}</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {g.entries.filter((e) => e.kind !== "boolean").map((e) => (
              <label key={e.env} className={`${label} ${e.kind === "pem" ? "sm:col-span-2" : ""}`}>
                {name(e)}
                {field(e)}
                {issue(e.consoleKey)}
              </label>
            ))}
          </div>
          {g.entries.filter((e) => e.kind === "boolean").map((e) => (
            <label key={e.env} className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-0.5" checked={values[e.consoleKey] === true} disabled={disabled} onChange={(ev) => set(e.consoleKey, ev.target.checked)} />
              <span>
                {name(e)}
                <span className="block text-xs text-slate-500">{e.description}</span>
                {issue(e.consoleKey)}
              </span>
            </label>
          ))}
        </fieldset>
      ))}
    </div>
  );
}
