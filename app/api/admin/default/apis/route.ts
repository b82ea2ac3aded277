import { consoleRoute, json } from "@/lib/api/route";
import { listApis } from "@/lib/enforcement/apis";
import { listApisQuerySchema } from "@/lib/enforcement/schemas";

export const GET = consoleRoute({ role: "viewer", query: listApisQuerySchema }, async ({ db, query }) => json(await listApis(db, query)));
