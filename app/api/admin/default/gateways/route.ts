import { consoleRoute, json } from "@/lib/api/route";
import { createGateway, listGateways } from "@/lib/gateways/gateways";
import { createGatewayBodySchema } from "@/lib/gateways/schemas";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => json({ gateways: await listGateways(db) }));

/** 201 with the gateway and `client: {client_id, client_secret}` — the only answer that carries the secret. */
export const POST = consoleRoute({ role: "admin", body: createGatewayBodySchema }, async ({ db, caller, body }) =>
  json(await createGateway(db, caller, body), 201, { "Cache-Control": "no-store" }),
);
