import { consoleRoute, json } from "@/lib/api/route";
import { createServiceBodySchema } from "@/lib/gateways/schemas";
import { createService, listServices } from "@/lib/gateways/services";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => json({ services: await listServices(db) }));

export const POST = consoleRoute({ role: "admin", body: createServiceBodySchema }, async ({ db, caller, body }) =>
  json(await createService(db, caller, body), 201),
);
