import { json, publicRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

/** Liveness: the process serves requests. Touches nothing else (readiness, with the database: /api/health). */
export const GET = publicRoute(() => Promise.resolve(json({ status: "ok" }, 200, { "Cache-Control": "no-store" })));
