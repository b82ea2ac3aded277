import { publicRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { jwks } from "@/lib/oauth/keys";

export const dynamic = "force-dynamic";

/** The public keys of gateway access tokens, rotated-out ones included until their overlap ends. */
export const GET = publicRoute(async () =>
  Response.json(await jwks(await getDb()), { headers: { "Cache-Control": "public, max-age=300" } }),
);
