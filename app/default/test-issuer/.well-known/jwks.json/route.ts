import { publicRoute } from "@/lib/api/route";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db/client";
import { testIssuerJwks } from "@/lib/test-issuer/issuer";

export const dynamic = "force-dynamic";

// No caching: disabling the issuer must stop verification as soon as authorizers refetch.
export const GET = publicRoute(async () => {
  const keys = await testIssuerJwks(await getDb());
  if (!keys) throw notFound("The test issuer (disabled)");
  return Response.json(keys, { headers: { "Cache-Control": "no-store" } });
});
