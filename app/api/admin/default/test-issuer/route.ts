import { z } from "zod";
import { consoleRoute, json } from "@/lib/api/route";
import { setTestIssuerEnabled, testIssuerState } from "@/lib/test-issuer/issuer";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => json(await testIssuerState(db)));

const updateTestIssuerBodySchema = z.strictObject({ enabled: z.boolean(), version: z.number().int().min(0).optional() });

export const PUT = consoleRoute({ role: "admin", body: updateTestIssuerBodySchema }, async ({ db, caller, body }) =>
  json(await setTestIssuerEnabled(db, caller, body.enabled, body.version)),
);
