import { BASE, call, userWithToken } from "./api-client";
import * as gatewaysRoute from "@/app/api/admin/default/gateways/route";
import * as introspectionRoute from "@/app/default/system/oauth2/introspect/route";
import * as tokenRoute from "@/app/default/system/oauth2/token/route";

/** Integration-test helpers for gateways, their clients and the system API. */

export interface CreatedGateway {
  id: string;
  name: string;
  version: number;
  client_id: string;
  client: { client_id: string; client_secret: string };
  [key: string]: unknown;
}

let counter = 0;
export async function createGateway(adminToken: string, body: Record<string, unknown> = {}): Promise<CreatedGateway> {
  const res = await call(gatewaysRoute.POST, {
    method: "POST",
    token: adminToken,
    body: { name: `gw-${++counter}-${Math.random().toString(36).slice(2, 7)}`, ...body },
  });
  if (res.status !== 201) throw new Error(`create gateway: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedGateway;
}

/** A gateway that creates a service for each API group its authorizer pushes and binds the group to it. */
export const AUTO_BIND = { create_and_bind_services_automatically: true } as const;

/** A new admin's API token and one gateway per body that admin created, in order: how system API test files start. */
export async function adminWithGateways<const B extends readonly Record<string, unknown>[]>(
  ...bodies: B
): Promise<{ admin: string; gateways: { -readonly [K in keyof B]: CreatedGateway } }> {
  const admin = (await userWithToken("admin")).token;
  const gateways: CreatedGateway[] = [];
  for (const body of bodies) gateways.push(await createGateway(admin, body));
  return { admin, gateways: gateways as { -readonly [K in keyof B]: CreatedGateway } };
}

/** API tokens of a new admin and a new viewer, a gateway the admin created, and a client-credentials token of that gateway. */
export async function adminViewerAndGateway(): Promise<{ admin: string; viewer: string; gateway: CreatedGateway; gatewayToken: string }> {
  const admin = (await userWithToken("admin")).token;
  const viewer = (await userWithToken("viewer")).token;
  const gateway = await createGateway(admin);
  return { admin, viewer, gateway, gatewayToken: await accessToken(gateway.client) };
}

export function basic(clientId: string, secret: string): string {
  const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString("base64")}`;
}

/** POSTs `form` (values sent as given) to one of the system issuer's OAuth endpoints; its JSON answer. */
async function oauthFormPost(handler: (req: Request) => Promise<Response>, path: string, form: Record<string, string>, headers: Record<string, string>) {
  const res = await handler(
    new Request(`${BASE}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    }),
  );
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** Calls the token endpoint; `form` values are sent as given. */
export async function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  return oauthFormPost(tokenRoute.POST, "/default/system/oauth2/token", form, headers);
}

/** Calls the OAuth introspection endpoint (RFC 7662); `form` values are sent as given. */
export async function introspectionRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  return oauthFormPost(introspectionRoute.POST, "/default/system/oauth2/introspect", form, headers);
}

export async function accessToken(
  client: { client_id: string; client_secret: string },
  opts: { method?: "basic" | "post"; scope?: string } = {},
): Promise<string> {
  const form: Record<string, string> = { grant_type: "client_credentials" };
  if (opts.scope) form.scope = opts.scope;
  const res =
    opts.method === "basic"
      ? await tokenRequest(form, { authorization: basic(client.client_id, client.client_secret) })
      : await tokenRequest({ ...form, client_id: client.client_id, client_secret: client.client_secret });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a system API route with a bearer token. */
export async function systemCall(
  handler: Handler,
  opts: { token?: string; method?: string; body?: unknown; form?: Record<string, string>; query?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    headers.set("content-type", "application/json");
  }
  if (opts.form) {
    body = new URLSearchParams(opts.form).toString();
    headers.set("content-type", "application/x-www-form-urlencoded");
  }
  const res = await handler(
    new Request(`${BASE}/api/system/default/gateways/x${opts.query ? `?${opts.query}` : ""}`, { method: opts.method ?? "GET", headers, body }),
    { params: Promise.resolve({}) },
  );
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** A discovered group as an authorizer pushes it. */
export function group(apiId: string, stage: string, apis: [string, string][], name = `${apiId} (${stage})`) {
  return {
    id: `${apiId}-${stage}`,
    name,
    metadata: { type: "aws", aws: { api_id: apiId, api_name: apiId, stage } },
    apis: apis.map(([method, path]) => ({ method, path, api_type: "rest" })),
  };
}
