"use client";

import { FieldError, type FormErrors } from "../ui/form-errors";
import { input, label } from "../ui/styles";
import type { StackSettings } from "./types";

/**
 * The authorizer's advanced and certificate settings (stack parameters), as form fields; with
 * `errors`, what the API said about `settings.<KEY>` shows at its field until it is edited.
 */
export function SettingsFields({ value, onChange, disabled, errors }: { value: StackSettings; onChange: (v: StackSettings) => void; disabled?: boolean; errors?: FormErrors }) {
  const set = <K extends keyof StackSettings>(k: K, v: StackSettings[K]) => {
    errors?.edited(`settings.${k}`);
    onChange({ ...value, [k]: v });
  };
  const issue = (k: keyof StackSettings) => <FieldError id={`stack-setting-${k}-error`} messages={errors?.at(`settings.${k}`) ?? []} />;
  const check = (k: "ANALYTICS_ENABLED" | "AWS_INJECT_CONTEXT" | "ENFORCEMENT_ALLOW_UNKNOWN" | "HTTP_CLIENT_INSECURE_SKIP_VERIFY", text: string, hint: string) => (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" className="mt-0.5" checked={value[k]} disabled={disabled} onChange={(e) => set(k, e.target.checked)} />
      <span>
        {text} <code className="text-xs text-slate-500">{k}</code>
        <span className="block text-xs text-slate-500">{hint}</span>
        {issue(k)}
      </span>
    </label>
  );
  return (
    <div className="space-y-4">
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Advanced configuration</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className={label}>
            Logging level <code className="text-xs text-slate-500">LOGGING_LEVEL</code>
            <select className={input} value={value.LOGGING_LEVEL} disabled={disabled} onChange={(e) => set("LOGGING_LEVEL", e.target.value as StackSettings["LOGGING_LEVEL"])}>
              {["error", "warn", "info", "debug", "trace"].map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
            {issue("LOGGING_LEVEL")}
          </label>
          <label className={label}>
            Reload interval <code className="text-xs text-slate-500">ACP_RELOAD_INTERVAL</code>
            <input className={input} value={value.ACP_RELOAD_INTERVAL} disabled={disabled} onChange={(e) => set("ACP_RELOAD_INTERVAL", e.target.value)} />
            {issue("ACP_RELOAD_INTERVAL")}
          </label>
          <label className={label}>
            JWKS max age <code className="text-xs text-slate-500">JWKS_MAX_AGE</code>
            <input className={input} value={value.JWKS_MAX_AGE} disabled={disabled} onChange={(e) => set("JWKS_MAX_AGE", e.target.value)} />
          </label>
          <label className={label}>
            Authorizer name <code className="text-xs text-slate-500">AWS_AUTHORIZER_NAME</code>
            <input className={input} value={value.AWS_AUTHORIZER_NAME} disabled={disabled} onChange={(e) => set("AWS_AUTHORIZER_NAME", e.target.value)} />
            {issue("AWS_AUTHORIZER_NAME")}
          </label>
          <label className={label}>
            Authorizer cache TTL (s) <code className="text-xs text-slate-500">AWS_AUTHORIZER_CACHE_TTL</code>
            <input className={input} type="number" min={0} max={3600} value={value.AUTHORIZER_CACHE_TTL} disabled={disabled}
              onChange={(e) => set("AUTHORIZER_CACHE_TTL", Number(e.target.value))} />
            {issue("AUTHORIZER_CACHE_TTL")}
          </label>
        </div>
        {check("ANALYTICS_ENABLED", "Analytics", "Push decision events to the console.")}
        {check("AWS_INJECT_CONTEXT", "Inject context", "Pass the base64 authentication context to the backend (context.authnCtx).")}
        {check("ENFORCEMENT_ALLOW_UNKNOWN", "Allow unknown APIs", "Allow requests that match no known API (otherwise they are denied).")}
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Certificate configuration</legend>
        <label className={label}>
          Root CA (PEM) <code className="text-xs text-slate-500">HTTP_CLIENT_ROOT_CA</code>
          <textarea className={`${input} font-mono text-xs`} rows={3} value={value.HTTP_CLIENT_ROOT_CA} disabled={disabled}
            placeholder="-----BEGIN CERTIFICATE-----" onChange={(e) => set("HTTP_CLIENT_ROOT_CA", e.target.value)} />
          {issue("HTTP_CLIENT_ROOT_CA")}
        </label>
        {check("HTTP_CLIENT_INSECURE_SKIP_VERIFY", "Skip TLS verification", "Development only: the authorizer will not verify the console's certificate.")}
      </fieldset>
    </div>
  );
}
