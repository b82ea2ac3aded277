import { publicRoute } from "@/lib/api/route";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db/client";
import { testIssuerDiscovery, testIssuerState } from "@/lib/test-issuer/issuer";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => {
  if (!(await testIssuerState(await getDb())).enabled) throw notFound("The test issuer (disabled)");
  return Response.json(testIssuerDiscovery(), { headers: { "Cache-Control": "no-store" } });
});
