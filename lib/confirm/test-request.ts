import { z } from "zod";
import { TEST_REQUEST_METHODS } from "../../protocol/test-request";
import { notFound } from "../api/errors";
import { invokeUrls } from "../aws/invoke-urls";
import type { Db } from "../db/client";
import { readSetting, writeSetting } from "../settings/store";

/**
 * "Send test request" of Confirm enforcement: the console calls a connected stage's invoke URL
 * (and only those — the URL is built server-side from the stage, never taken from the browser)
 * and reports status, headers and body. The token is sent once and never stored or logged.
 */
export const sendTestRequestBodySchema = z.strictObject({
  group_id: z.string().min(1).max(200),
  method: z.enum(TEST_REQUEST_METHODS).default("GET"),
  path: z
    .string()
    .trim()
    .max(2048)
    .regex(/^\/[^\s#]*$/, "a path starting with / (query string allowed, no spaces)")
    .refine((p) => !p.split("?")[0]!.split("/").includes(".."), "no .. segments"),
  token: z.string().trim().max(16_384).optional(),
  body: z.string().max(65_536).optional(),
});
export type SendTestRequestBody = z.infer<typeof sendTestRequestBodySchema>;

const MAX_BODY = 64 * 1024;
const TIMEOUT_MS = 15_000;

export interface TestRequestResult {
  url: string;
  method: string;
  status: number;
  status_text: string;
  headers: Record<string, string>;
  body: string;
  body_truncated: boolean;
  duration_ms: number;
  sent_token: boolean;
  at: string;
}

export interface EnforcementCheck {
  at: string;
  group_id: string;
  method: string;
  path: string;
  status: number;
}

const checkKey = (gatewayId: string) => `gateway:${gatewayId}:last_test_request`;

export async function sendTestRequest(db: Db, gatewayId: string, body: SendTestRequestBody, actor: string): Promise<TestRequestResult> {
  const stage = (await invokeUrls(db, gatewayId)).stages.find((s) => s.group_id === body.group_id);
  if (!stage) throw notFound("A connected stage with that group");
  const url = `${stage.invoke_url}${body.path}`;
  const headers: Record<string, string> = { "user-agent": "gatehouse-console-test-request" };
  if (body.token) headers.authorization = /^bearer\s/i.test(body.token) ? body.token : `Bearer ${body.token}`;
  if (body.body !== undefined) headers["content-type"] = "application/json";
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(url, { method: body.method, headers, body: body.body, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const reason = err instanceof Error && err.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : (err as Error).message;
    return {
      url,
      method: body.method,
      status: 0,
      status_text: `Request failed: ${reason}`,
      headers: {},
      body: "",
      body_truncated: false,
      duration_ms: Math.round(performance.now() - started),
      sent_token: Boolean(body.token),
      at: new Date().toISOString(),
    };
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  const result: TestRequestResult = {
    url,
    method: body.method,
    status: res.status,
    status_text: res.statusText,
    headers: Object.fromEntries(res.headers),
    body: new TextDecoder().decode(bytes.slice(0, MAX_BODY)),
    body_truncated: bytes.length > MAX_BODY,
    duration_ms: Math.round(performance.now() - started),
    sent_token: Boolean(body.token),
    at: new Date().toISOString(),
  };
  const check: EnforcementCheck = { at: result.at, group_id: body.group_id, method: body.method, path: body.path, status: result.status };
  await writeSetting(db, checkKey(gatewayId), check, actor);
  return result;
}

export async function lastEnforcementCheck(db: Db, gatewayId: string): Promise<EnforcementCheck | null> {
  return (await readSetting<EnforcementCheck>(db, checkKey(gatewayId))).value;
}
