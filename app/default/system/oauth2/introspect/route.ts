import { getDb } from "@/lib/db/client";
import { introspectionEndpoint } from "@/lib/oauth/introspection-endpoint";
import { oauthEndpoint } from "@/lib/oauth/token-endpoint";

/** RFC 7662 for gateway clients with the introspect_tokens scope (client-authenticated). */
export async function POST(req: Request): Promise<Response> {
  return oauthEndpoint(async () => introspectionEndpoint(await getDb(), req));
}
