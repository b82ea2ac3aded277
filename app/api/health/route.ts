import { json, publicRoute } from "@/lib/api/route";
import { checkHealth } from "@/lib/health/check";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => {
  const health = await checkHealth();
  return json(health, health.status === "ok" ? 200 : 503, { "Cache-Control": "no-store" });
});
