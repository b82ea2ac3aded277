"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import type { GatewayProgress } from "@/lib/confirm/progress";
import { api } from "../api-client";
import { useStack } from "../stack/use-stack";
import { card } from "../ui/styles";
import { CopyButton } from "../ui/copy-button";
import { authorizerSteps, type StepState } from "./quickstart-steps";
import { useNow } from "../ui/now";
import { ACTIVE_WINDOW_MS, timeAgo } from "./time";
import { useGateway } from "./use-gateway";

export function GatewayQuickstart({ id, justCreated }: { id: string; justCreated: boolean }) {
  const gateway = useGateway(id);
  const progress = useQuery({
    queryKey: ["gateway-progress", id],
    queryFn: () => api<GatewayProgress>(`gateways/${encodeURIComponent(id)}/progress`),
    refetchInterval: 15_000,
  });
  // The stack API re-reads the stack from AWS: a stack deleted there undoes steps 2 and 3.
  const stack = useStack(id);
  const router = useRouter();
  const pathname = usePathname();
  const now = useNow();
  // The notice is shown once: the query flag is dropped from the address, the notice stays until dismissed.
  const [notice, setNotice] = useState(justCreated);
  useEffect(() => {
    if (justCreated) router.replace(pathname, { scroll: false });
  }, [justCreated, pathname, router]);

  const g = gateway.data;
  if (!g) return gateway.isPending ? <p className="text-sm text-slate-500">Loading…</p> : null;

  const lastActive = g.last_active;
  const stackView = stack.data?.stack;
  const steps = authorizerSteps(stack.isError ? null : stackView, lastActive);
  const connected = steps.connects === "done";
  const recent = lastActive !== null && now !== 0 && now - new Date(lastActive).getTime() <= ACTIVE_WINDOW_MS;
  const settingsHref = `/gateways/${g.id}/settings`;
  const apisHref = `/gateways/${g.id}/apis`;

  return (
    <div className="space-y-4">
      {notice && (
        <div role="status" className="flex items-start justify-between gap-4 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
          <div>
            <p className="font-medium">Gateway “{g.name}” created, with its OAuth client.</p>
            <p className="mt-0.5">
              The authorizer authenticates with the client ID and secret. The client secret is available in{" "}
              <Link href={settingsHref} className="font-medium underline">Settings</Link> (reveal, copy or rotate it there).
            </p>
          </div>
          <button type="button" onClick={() => setNotice(false)} className="rounded px-2 py-0.5 text-emerald-800 hover:bg-emerald-100" aria-label="Dismiss notice">✕</button>
        </div>
      )}

      <ol className="space-y-3" aria-label="Quickstart steps">
        <Step n={1} title="Create the gateway" state="done">
          Created {new Date(g.created_at).toLocaleString()}, with an OAuth client for its authorizer.
        </Step>

        <Step n={2} title="Deploy the authorizer" state={steps.deploy}>
          {steps.stackGone && stackView && (
            <p role="status" className="mb-2 text-amber-800">
              The stack <code className="font-mono text-xs">{stackView.stack_name}</code> no longer exists in AWS ({stackView.status}): the
              authorizer is not running. Launch the stack again below.
            </p>
          )}
          <p>
            The authorizer is a Lambda function in your AWS account ({g.region}), deployed by the authorizer&apos;s CloudFormation
            stack{connected ? "; one is already running with this gateway's credentials" : ""}. The stack needs these values:
          </p>
          <dl className="mt-3 grid gap-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-xs sm:grid-cols-[10rem_1fr]">
            <dt className="font-medium text-slate-600">Client ID</dt>
            <dd className="flex items-center gap-2"><code className="font-mono break-all">{g.client_id}</code><CopyButton label="Copy client ID" value={g.client_id} /></dd>
            <dt className="font-medium text-slate-600">Issuer URL</dt>
            <dd className="flex items-center gap-2"><code className="font-mono break-all">{g.issuer_url}</code><CopyButton label="Copy issuer URL" value={g.issuer_url} /></dd>
            <dt className="font-medium text-slate-600">Client secret</dt>
            <dd>In <Link href={settingsHref} className="font-medium text-indigo-700 hover:underline">Settings</Link> (never shown here)</dd>
          </dl>
        </Step>

        <Step n={3} title="Authorizer connects" state={steps.connects}>
          {steps.stackGone && lastActive !== null ? (
            <>The authorizer&apos;s stack is gone; it last fetched its configuration {now === 0 ? new Date(lastActive).toLocaleString() : timeAgo(lastActive, now)}.</>
          ) : lastActive !== null ? (
            <>Last fetched its configuration {now === 0 ? new Date(lastActive).toLocaleString() : timeAgo(lastActive, now)}
              {g.authorizer_version && <> (authorizer version <code className="font-mono text-xs">{g.authorizer_version}</code>)</>}
              {!recent && now !== 0 && <span className="text-amber-700"> — no contact for over {ACTIVE_WINDOW_MS / 60_000} minutes; check the function&apos;s CloudWatch logs.</span>}
            </>
          ) : (
            <>Never connected. Once deployed, the authorizer fetches its configuration with the client credentials; until the gateway is
              connected its log says <code className="font-mono text-xs">failed to get gateway configuration</code> and it denies requests.</>
          )}
        </Step>

        <Step n={4} title="APIs discovered" state={g.groups_count > 0 ? "done" : "waiting"}>
          {g.groups_count > 0 ? (
            <><Link href={apisHref} className="font-medium text-indigo-700 hover:underline">{g.groups_count} API group{g.groups_count === 1 ? "" : "s"}</Link> discovered (one per REST API and stage).
              {g.gone_groups_count > 0 && <span className="text-amber-800"> {g.gone_groups_count} more {g.gone_groups_count === 1 ? "is" : "are"} gone from AWS.</span>}</>
          ) : (
            <>None yet. The authorizer lists the REST APIs and stages of its region and reports them here; deploy your APIs in API Gateway so they can be found.</>
          )}
        </Step>

        <Step n={5} title="Connect API groups to services" state={g.groups_count > 0 && g.connected_groups_count === g.groups_count ? "done" : "waiting"}>
          {g.groups_count === 0 ? (
            <>Nothing to connect until APIs are discovered.</>
          ) : (
            <>{g.connected_groups_count} of {g.groups_count} connected.{" "}
              {g.create_and_bind_services_automatically
                ? "New groups get a service of their own automatically."
                : <>Connect the others on the <Link href={apisHref} className="font-medium text-indigo-700 hover:underline">APIs</Link> tab.</>}
            </>
          )}
        </Step>

        <AssignStep p={progress.data} connected={g.connected_groups_count > 0} />
        <RedeployStep p={progress.data} />
        <ConfirmStep p={progress.data} now={now} />
      </ol>
    </div>
  );
}

function Step({ n, title, state, children }: { n: number; title: string; state: StepState; children: ReactNode }) {
  const status = state === "done" ? "done" : state === "waiting" ? "waiting" : "later step";
  return (
    <li className={`${card} flex gap-4`} aria-label={`Step ${n}: ${title} (${status})`}>
      <span aria-hidden className={`flex h-8 w-8 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${
        state === "done" ? "bg-emerald-100 text-emerald-700" : state === "waiting" ? "bg-indigo-100 text-indigo-700" : "bg-slate-100 text-slate-500"}`}>
        {state === "done" ? "✓" : n}
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className={`font-medium ${state === "later" ? "text-slate-600" : "text-slate-900"}`}>{title}</h2>
          {state === "done" && <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">done</span>}
          {state === "waiting" && <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">waiting</span>}
          {state === "later" && <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-500">later</span>}
        </div>
        <div className="mt-1 text-sm text-slate-600">{children}</div>
      </div>
    </li>
  );
}

function AssignStep({ p, connected }: { p: GatewayProgress | undefined; connected: boolean }) {
  const state: StepState = p && p.with_policy > 0 ? "done" : "waiting";
  return (
    <Step n={6} title="Assign policies" state={state}>
      {!p || !connected ? (
        <>Give each API of a connected service a policy; an API without one is <em>Unrestricted</em>.</>
      ) : (
        <>{p.with_policy} of {p.apis} API{p.apis === 1 ? "" : "s"} with a policy ({p.protected} enforced at the gateway), {p.unrestricted} unrestricted.{" "}
          <Link href="/enforcement/apis" className="font-medium text-indigo-700 hover:underline">Assign policies</Link> on Enforcement › APIs.</>
      )}
    </Step>
  );
}

function RedeployStep({ p }: { p: GatewayProgress | undefined }) {
  const state: StepState = p && p.apis > 0 && p.pending_redeploy === 0 && p.open_at_gateway === 0 && p.checked_at !== null ? "done" : "waiting";
  return (
    <Step n={7} title="Redeploy the APIs" state={state}>
      {p && p.open_at_gateway > 0 ? (
        <span className="font-medium text-red-700">{p.open_at_gateway} API{p.open_at_gateway === 1 ? " is" : "s are"} open at the gateway (the deployed stage has no authorizer on it): press <strong>Redeploy APIs</strong> above.</span>
      ) : p && p.pending_redeploy > 0 ? (
        <span className="text-amber-800">{p.pending_redeploy} stage{p.pending_redeploy === 1 ? " is" : "s are"} behind (a connected method is deployed without the authorizer): press <strong>Redeploy APIs</strong> above.</span>
      ) : p && p.apis > 0 && p.checked_at ? (
        <>Every connected stage is deployed with the authorizer (read from AWS {new Date(p.checked_at).toLocaleTimeString()}).</>
      ) : p && p.apis > 0 ? (
        <>Not read from AWS yet.</>
      ) : (
        <>API Gateway serves a snapshot: a stage enforces the authorizer only after a new deployment.</>
      )}
    </Step>
  );
}

function ConfirmStep({ p, now }: { p: GatewayProgress | undefined; now: number }) {
  const last = p?.last_test_request;
  const state: StepState = last && last.status > 0 ? "done" : "waiting";
  return (
    <Step n={8} title="Confirm enforcement" state={state}>
      {last ? (
        <>Last test request: {last.method} <code className="font-mono text-xs">{last.path}</code> answered{" "}
          <strong>{last.status === 0 ? "nothing" : last.status}</strong> {now === 0 ? "" : timeAgo(last.at, now)}.
          A blocked API answers 403, a missing token 401, an allowed one 200.</>
      ) : (
        <>Send a test request to a stage below (or run its curl line): a blocked API answers 403, an allowed one 200.
          The authorizer reloads policies every <code className="font-mono text-xs">ACP_RELOAD_INTERVAL</code>.</>
      )}
    </Step>
  );
}
