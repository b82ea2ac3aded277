/**
 * What ties a log line to a Lambda invocation, under AWS Lambda Powertools' field names:
 * `function_request_id` (the context's `awsRequestId`), `cold_start` (the container's first
 * invocation) and `xray_trace_id` (the `Root` of `_X_AMZN_TRACE_ID`, which the runtime sets
 * before each invocation). Written by hand: Powertools' logger would bring its own line format
 * and dependencies into a bundle that holds only Node built-ins; these three fields are all we
 * take from it.
 */
export interface InvocationFields {
  function_request_id?: string;
  cold_start: boolean;
  xray_trace_id?: string;
}

const MAX_ID_LENGTH = 128;
/** Printable ASCII without spaces: what request and trace ids are made of. */
const ID = /^[\x21-\x7e]+$/;

const cleanId = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 && value.length <= MAX_ID_LENGTH && ID.test(value) ? value : undefined;

/**
 * `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1` →
 * `1-5759e988-bd862e3fe1be46a994272793`; a value without `=` is the trace id itself (as Powertools
 * reads it).
 */
export function xrayTraceId(header: string | undefined): string | undefined {
  if (!header) return undefined;
  if (!header.includes("=")) return cleanId(header);
  for (const field of header.split(";")) {
    const eq = field.indexOf("=");
    if (field.slice(0, eq).trim() === "Root") return cleanId(field.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * The fields of one invocation. `first`: no invocation ran in this container before. A container
 * initialized ahead of any request (`AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency`)
 * has no cold start: its first request paid no init.
 */
export function invocationFields(context: { awsRequestId?: unknown }, env: Record<string, string | undefined>, first: boolean): InvocationFields {
  const requestId = cleanId(context.awsRequestId);
  const traceId = xrayTraceId(env._X_AMZN_TRACE_ID);
  return {
    ...(requestId === undefined ? {} : { function_request_id: requestId }),
    cold_start: first && env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() !== "provisioned-concurrency",
    ...(traceId === undefined ? {} : { xray_trace_id: traceId }),
  };
}
