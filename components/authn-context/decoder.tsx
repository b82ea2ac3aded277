"use client";

import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { useNow } from "@/components/ui/now";
import { card, errorBox, input as inputClass, primaryButton, secondaryButton } from "@/components/ui/styles";
import {
  describeTime,
  formatClaimValue,
  isTimeClaim,
  presentClaims,
  validity,
  WELL_KNOWN_CLAIMS,
  type Badge,
  type TimeOptions,
} from "./claims";
import { decodeAuthnInput, type DecodeError, type DecodeResult, type JsonObject } from "./decode";
import { JsonTree } from "./json-tree";
import { SAMPLE_EVENT } from "./sample";

export interface AuthnContextDecoderProps extends TimeOptions {
  /** A fixed "now" in milliseconds since the epoch (tests). By default the page's shared clock (components/ui/now.ts). */
  now?: number;
}

export const INPUT_LABEL = "authnCtx, Lambda event or JWT";

/**
 * Decodes the authorizer's authentication context as it is typed or pasted, entirely in the browser:
 * no request, no form, no URL state, no storage. Spell checking and grammar extensions are turned off
 * on the input because some of them send the text to a server.
 */
export function AuthnContextDecoder({ now: fixedNow, locale, timeZone }: AuthnContextDecoderProps = {}) {
  const [text, setText] = useState("");
  const deferred = useDeferredValue(text);
  const result = useMemo(() => decodeAuthnInput(deferred), [deferred]);
  const clock = useNow();
  const now = fixedNow ?? clock;
  const id = useId();
  const hintId = `${id}-hint`;
  const textarea = useRef<HTMLTextAreaElement>(null);

  return (
    <div className="space-y-4">
      <div className={`${card} space-y-3`}>
        <div>
          <label htmlFor={id} className="text-lg font-semibold text-slate-900">
            {INPUT_LABEL}
          </label>
          <p id={hintId} className="mt-1 text-sm text-slate-700">
            The base64 <code className="font-mono text-xs">authnCtx</code> (either alphabet, padding optional, quotes are fine), a whole
            Lambda-proxy event, or a JWT. Decoded in this browser only: nothing is sent, stored or put in the address bar.
          </p>
        </div>
        <textarea
          ref={textarea}
          id={id}
          aria-describedby={hintId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={8}
          spellCheck={false}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          data-gramm="false"
          data-gramm_editor="false"
          data-enable-grammarly="false"
          data-1p-ignore="true"
          data-lpignore="true"
          placeholder={'eyJhY3IiOiIxIiwi…  or  { "requestContext": { "authorizer": { "authnCtx": "…" } } }  or  eyJhbGciOi….eyJzdWIiOi….sig'}
          className={`${inputClass} font-mono text-xs break-all`}
        />
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" className={primaryButton} onClick={() => setText(SAMPLE_EVENT)}>
            Load sample
          </button>
          <button
            type="button"
            className={secondaryButton}
            onClick={() => {
              setText("");
              textarea.current?.focus();
            }}
          >
            Clear
          </button>
          <span className="text-xs text-slate-500">The sample is the Lambda-proxy event from Cloudentity&apos;s authorizer guide.</span>
        </div>
      </div>
      <ResultView result={result} now={now} timeOptions={{ locale, timeZone }} />
    </div>
  );
}

/* ----------------------------------------------------------------------------------------------
 * Result
 * -------------------------------------------------------------------------------------------- */

function ResultView({ result, now, timeOptions }: { result: DecodeResult; now: number; timeOptions: TimeOptions }) {
  switch (result.kind) {
    case "empty":
      return (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center" data-testid="decoder-empty">
          <p className="text-sm text-slate-700">Paste a value above to decode it, or load the sample.</p>
        </div>
      );
    case "error":
      return <ErrorView error={result} />;
    case "authnCtx":
      return (
        <Decoded
          claims={result.claims}
          document={result.claims}
          now={now}
          timeOptions={timeOptions}
          warning={
            <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="authnctx-unsigned">
              <p>
                <strong className="font-semibold">Decoded, not signed.</strong> <code className="font-mono text-xs">authnCtx</code> is plain
                base64 JSON with no signature: this page cannot tell who wrote it. It is what the authorizer verified only when it reaches
                your backend through API Gateway; a request that reaches the backend another way can carry any value.
              </p>
            </div>
          }
          summary={
            result.source === "event" ? (
              <>
                Found in a Lambda event at <code className="font-mono text-xs">{result.path}</code> and decoded from base64.
              </>
            ) : (
              <>Decoded from a base64 authnCtx value.</>
            )
          }
        />
      );
    case "jwt":
      return (
        <Decoded
          claims={result.payload}
          document={{ header: result.header, payload: result.payload }}
          now={now}
          timeOptions={timeOptions}
          summary={<JwtSummary header={result.header} signed={result.signed} />}
          warning={
            <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="jwt-not-verified">
              <p>
                <strong className="font-semibold">Signature not verified.</strong> This is a JWT: its header and payload are decoded, but
                its signature has not been checked. Anyone can write a token with these claims; only the authorizer&apos;s verification
                makes them trustworthy.
              </p>
            </div>
          }
        />
      );
  }
}

const DETAIL_LABELS: Partial<Record<DecodeError["code"], string>> = {
  not_json: "Decoded text",
  not_object: "Decoded JSON",
  invalid_utf8: "Decoded bytes (hex)",
  invalid_json: "Parser message",
  invalid_field: "Value found",
};

function ErrorView({ error }: { error: DecodeError }) {
  const detailLabel = DETAIL_LABELS[error.code] ?? "Details";
  return (
    <div role="alert" className={`${errorBox} space-y-2`} data-error-code={error.code}>
      <p className="font-medium">{error.message}</p>
      {error.detail !== undefined && (
        <div>
          <p className="text-xs font-medium text-red-900">{detailLabel}</p>
          <pre
            className="mt-1 max-h-64 overflow-auto rounded border border-red-200 bg-white p-2 font-mono text-xs whitespace-pre-wrap break-all text-slate-800"
            data-testid="error-detail"
          >
            {error.detail}
          </pre>
        </div>
      )}
    </div>
  );
}

function JwtSummary({ header, signed }: { header: JsonObject; signed: boolean }) {
  const alg = typeof header.alg === "string" ? header.alg : "unknown";
  return (
    <>
      Decoded a JWT (alg <code className="font-mono text-xs">{alg}</code>
      {typeof header.kid === "string" && (
        <>
          , kid <code className="font-mono text-xs">{header.kid}</code>
        </>
      )}
      ){signed ? "." : ", with no signature at all."}
    </>
  );
}

function Decoded({
  claims,
  document,
  now,
  timeOptions,
  summary,
  warning,
}: {
  claims: JsonObject;
  document: JsonObject;
  now: number;
  timeOptions: TimeOptions;
  summary: ReactNode;
  warning?: ReactNode;
}) {
  const state = validity(claims, now);
  const present = presentClaims(claims);
  const others = Object.keys(claims).filter((k) => !WELL_KNOWN_CLAIMS.some((c) => c.name === k));
  const json = JSON.stringify(document, null, 2);
  const jsonHeading = useId();

  return (
    <div className="space-y-4">
      <div className={`${card} flex flex-wrap items-center gap-3`}>
        <BadgeView badge={state.badge} testId="validity-badge" />
        <p className="text-sm text-slate-700" role="status">
          {summary}
        </p>
      </div>
      {warning}
      <div className={`${card} overflow-x-auto`}>
        <table className="w-full text-left text-sm text-slate-700">
          <caption className="mb-2 text-left text-lg font-semibold text-slate-900">Well-known claims</caption>
          <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase">
            <tr>
              <th scope="col" className="w-28 py-2 pr-4 font-medium">Claim</th>
              <th scope="col" className="w-2/5 py-2 pr-4 font-medium">Value</th>
              <th scope="col" className="py-2 font-medium">Meaning</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {present.map(({ claim, value }) => (
              <tr key={claim.name} data-testid={`claim-row-${claim.name}`} className="align-top">
                <td className="py-2 pr-4 font-mono text-xs font-semibold text-slate-900">{claim.name}</td>
                <td className="py-2 pr-4">
                  <ClaimValue name={claim.name} value={value} now={now} timeOptions={timeOptions} />
                </td>
                <td className="py-2">
                  <span className="font-medium text-slate-900">{claim.title}.</span> {claim.description}
                </td>
              </tr>
            ))}
            {present.length === 0 && (
              <tr>
                <td colSpan={3} className="py-3 text-slate-500">
                  None of the well-known claims is present; the decoded JSON is below.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {others.length > 0 && (
          <p className="mt-2 text-xs text-slate-500">
            Other claims: <span className="font-mono">{others.join(", ")}</span> (see the decoded JSON).
          </p>
        )}
      </div>
      <section aria-labelledby={jsonHeading} className={card}>
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 id={jsonHeading} className="text-lg font-semibold text-slate-900">
            Decoded JSON
          </h2>
          <CopyJson text={json} />
        </div>
        <JsonTree value={document} label="Decoded JSON" />
      </section>
    </div>
  );
}

function ClaimValue({ name, value, now, timeOptions }: { name: string; value: unknown; now: number; timeOptions: TimeOptions }) {
  if (isTimeClaim(name)) {
    const t = describeTime(name, value, now, timeOptions);
    if (!t.ok) {
      return (
        <div className="space-y-0.5">
          <div className="font-mono text-xs break-all">{formatClaimValue(value)}</div>
          <div className="text-xs text-red-700">{t.reason}</div>
        </div>
      );
    }
    return (
      <div className="space-y-0.5">
        <div className="flex flex-wrap items-center gap-2">
          <span data-testid={`time-utc-${name}`}>{t.utc}</span>
          {t.badge && <BadgeView badge={t.badge} testId={`time-badge-${name}`} />}
        </div>
        <div className="text-xs text-slate-500">
          Local: <span data-testid={`time-local-${name}`}>{t.local}</span>
        </div>
        <div className="text-xs text-slate-700" data-testid={`time-relative-${name}`}>
          {t.relative}
        </div>
        <div className="font-mono text-xs text-slate-400">{t.seconds}</div>
        {t.note && <div className="text-xs text-amber-700">{t.note}</div>}
      </div>
    );
  }
  if (Array.isArray(value) && value.length > 0) {
    return (
      <ul className="space-y-0.5 font-mono text-xs break-all">
        {value.map((v, i) => (
          <li key={i}>{formatClaimValue(v)}</li>
        ))}
      </ul>
    );
  }
  return <span className="font-mono text-xs break-all">{formatClaimValue(value)}</span>;
}

const TONES: Record<Badge["tone"], string> = {
  red: "bg-red-100 text-red-800",
  amber: "bg-amber-100 text-amber-800",
  green: "bg-green-100 text-green-800",
  slate: "bg-slate-100 text-slate-700",
};

function BadgeView({ badge, testId }: { badge: Badge; testId: string }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TONES[badge.tone]}`} data-testid={testId}>
      {badge.label}
    </span>
  );
}

/* ----------------------------------------------------------------------------------------------
 * Copy
 * -------------------------------------------------------------------------------------------- */

function CopyJson({ text }: { text: string }) {
  /** The text the browser refused to copy: offered selected for a manual copy until the JSON changes. */
  const [refused, setRefused] = useState<string | null>(null);
  const manualCopy = refused === text;
  const manual = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (manualCopy) manual.current?.select();
  }, [manualCopy]);

  return (
    <div className="flex flex-col items-end gap-1">
      <CopyButton label="Copy JSON" idleText="Copy JSON" value={text} className={secondaryButton} onResult={(copied) => setRefused(copied ? null : text)} />
      {manualCopy && (
        <div className="w-full min-w-72 space-y-1">
          <p className="text-xs text-amber-800" role="status">
            The browser did not allow copying. The JSON is selected below: press Ctrl+C (⌘C on a Mac).
          </p>
          <textarea
            ref={manual}
            readOnly
            aria-label="JSON to copy"
            value={text}
            rows={6}
            spellCheck={false}
            className={`${inputClass} font-mono text-xs`}
          />
        </div>
      )}
    </div>
  );
}
