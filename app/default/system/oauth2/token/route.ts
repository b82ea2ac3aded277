import { getDb } from "@/lib/db/client";
import { oauthEndpoint, tokenEndpoint } from "@/lib/oauth/token-endpoint";

/** client_credentials for gateway clients (client_secret_post or client_secret_basic). */
export async function POST(req: Request): Promise<Response> {
  return oauthEndpoint(async () => tokenEndpoint(await getDb(), req));
}
