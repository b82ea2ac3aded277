"use client";

import { useQuery } from "@tanstack/react-query";
import type { WhoAmI } from "@/lib/aws/identity";
import { api, errorMessage } from "../api-client";
import { card, errorBox, secondaryButton } from "../ui/styles";

export const IDENTITY_KEY = ["aws", "identity"];

/**
 * The server gives AWS 10 s (lib/aws/http); past this the console itself is not answering. Either
 * way the check ends — with the reason and a Retry button, never "Checking…" for ever.
 */
const DEADLINE_MS = 20_000;

async function fetchIdentity(): Promise<WhoAmI> {
  try {
    return await api<WhoAmI>("aws/identity", { signal: AbortSignal.timeout(DEADLINE_MS) });
  } catch (err) {
    if (err instanceof DOMException && err.name === "TimeoutError") {
      throw new Error(`The console did not answer the identity check within ${DEADLINE_MS / 1000} s.`, { cause: err });
    }
    throw err;
  }
}

/** Settings › AWS: who the console acts as in AWS (STS GetCallerIdentity), or why it cannot tell. */
export function AwsIdentity() {
  // No automatic retries: the person sees the answer (or the failure) at once and retries by hand.
  const identity = useQuery({ queryKey: IDENTITY_KEY, queryFn: fetchIdentity, retry: false });
  const me = identity.data;
  const failed = identity.isError || me?.ok === false;
  const retry = () => void identity.refetch();

  return (
    <section className={card} aria-label="AWS identity">
      <div className="flex items-center justify-between">
        <h2 className="text-base font-semibold">Who the console acts as</h2>
        <button type="button" className={secondaryButton} onClick={retry} disabled={identity.isFetching}>
          {identity.isFetching ? "Checking…" : failed ? "Retry" : "Check again"}
        </button>
      </div>
      {identity.isPending && identity.isFetching && (
        <p className="mt-3 text-sm text-slate-500">Asking AWS who the console is (STS GetCallerIdentity, at most 10 s)…</p>
      )}
      {identity.isError && (
        <div role="alert" className={`${errorBox} mt-3`}>
          {errorMessage(identity.error)}
        </div>
      )}
      {me?.ok && (
        <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-slate-600">Account</dt><dd className="font-mono">{me.account}</dd>
          <dt className="text-slate-600">Identity (ARN)</dt><dd className="font-mono break-all">{me.arn}</dd>
          <dt className="text-slate-600">Default region</dt><dd className="font-mono">{me.region}</dd>
        </dl>
      )}
      {me && !me.ok && (
        <div role="alert" className="mt-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">{me.message}</p>
          <p className="mt-2">
            {me.reason === "unreachable"
              ? "The console could not get an answer from AWS:"
              : "The console uses the AWS SDK's default credential chain. Provide credentials in one of these ways and restart it:"}
          </p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">{me.help.map((h) => <li key={h}>{h}</li>)}</ul>
        </div>
      )}
      {me && (
        <p className="mt-3 text-xs text-slate-600">
          Endpoint: {me.endpoint ? <><code className="font-mono">{me.endpoint}</code> (AWS_ENDPOINT_URL override — an emulator, not AWS)</> : "AWS (no AWS_ENDPOINT_URL override)"}
        </p>
      )}
    </section>
  );
}
