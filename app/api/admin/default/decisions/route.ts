import { consoleRoute, json } from "@/lib/api/route";
import { decisionSeries, decisionSeriesQuerySchema } from "@/lib/enforcement/decisions";

export const GET = consoleRoute({ role: "viewer", query: decisionSeriesQuerySchema }, async ({ db, query }) =>
  json({ buckets: await decisionSeries(db, query) }),
);
