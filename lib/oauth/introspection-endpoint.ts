import type { Db } from "../db/client";
import { authenticateClient } from "./client-auth";
import { invalidRequest, NO_STORE, OAuthError, readForm, slowDown } from "./errors";
import { introspect } from "./introspect";
import { checkSource, clientIntrospections } from "./source-limits";

/**
 * `POST {issuer}/oauth2/introspect`: the same answers as the system API's introspection, for a
 * gateway client that authenticates itself (Basic or post) and holds `introspect_tokens`.
 */
export async function introspectionEndpoint(db: Db, req: Request): Promise<Response> {
  checkSource(req);
  const form = await readForm(req);
  const { client } = await authenticateClient(db, req, form);
  if (!client.scopes.includes("introspect_tokens")) {
    throw new OAuthError("insufficient_scope", "The client may not introspect tokens (scope introspect_tokens).");
  }
  const retryAfter = clientIntrospections.take(client.clientId);
  if (retryAfter > 0) throw slowDown(retryAfter, "Too many introspections for this client");
  const token = form.get("token");
  if (!token) throw invalidRequest("The form field token is required.");
  return Response.json(await introspect(db, token, client.gatewayId), { status: 200, headers: NO_STORE });
}
