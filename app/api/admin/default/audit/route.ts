import { consoleRoute, json } from "@/lib/api/route";
import { listAuditEvents, listAuditQuerySchema } from "@/lib/audit/list";

export const GET = consoleRoute({ role: "viewer", query: listAuditQuerySchema }, async ({ db, query }) => json(await listAuditEvents(db, query)));
