import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/api/errors";
import { json, publicRoute } from "@/lib/api/route";
import { checkHealth } from "@/lib/health/check";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => {
  const health = await checkHealth();
  if (health.status === "ok") return json(health, 200, { "Cache-Control": "no-store" });
  return json(health, 503, { "Cache-Control": "no-store", "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) });
});
