"use client";

import { errorMessage } from "../api-client";
import { card, errorBox } from "../ui/styles";
import { ArtifactLinks } from "./artifact-links";
import { LaunchForm } from "./launch-form";
import { StackActions } from "./stack-actions";
import { StackProgress } from "./stack-progress";
import { useStack } from "./use-stack";

/** Deploy authorizer (gateway Quickstart): launch, follow, update or delete the stack; or deploy it elsewhere. */
export function DeployAuthorizerPanel({ gatewayId, canEdit }: { gatewayId: string; canEdit: boolean }) {
  const query = useStack(gatewayId);
  const state = query.data;
  if (!state) {
    return (
      <section aria-label="Deploy authorizer" className={card}>
        {query.isError ? <div role="alert" className={errorBox}>{errorMessage(query.error)}</div> : <p className="text-sm text-slate-500">Loading…</p>}
      </section>
    );
  }
  const stack = state.stack;
  const live = stack && stack.phase !== "deleted" ? stack : null;
  return (
    <section aria-label="Deploy authorizer" className={`${card} space-y-4`}>
      <header>
        <h2 className="text-base font-semibold">Deploy authorizer</h2>
        <p className="text-sm text-slate-600">
          A CloudFormation stack in {state.launch.region} runs the authorizer: {state.launch.resource_count} resources (function, role, policies,
          one-minute trigger, permissions).
        </p>
      </header>
      {state.aws_error && <p role="alert" className={errorBox}>{state.aws_error}</p>}
      {stack && <StackProgress stack={stack} />}
      {live && canEdit && <StackActions gatewayId={gatewayId} stack={live} settings={state.launch.settings} />}
      {!live && <LaunchForm gatewayId={gatewayId} launch={state.launch} canEdit={canEdit} />}
      <ArtifactLinks gatewayId={gatewayId} stackName={live?.stack_name} canEdit={canEdit} />
    </section>
  );
}
