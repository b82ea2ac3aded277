import { optionalVersion } from "@/lib/api/if-match";
import { idParam } from "@/lib/api/params";
import { consoleRoute, json } from "@/lib/api/route";
import { deleteStack } from "@/lib/aws/stack/delete";
import { launchStack } from "@/lib/aws/stack/launch";
import { createStackBodySchema, deleteStackBodySchema, stackStateQuerySchema, updateStackBodySchema } from "@/lib/aws/stack/schemas";
import { stackState } from "@/lib/aws/stack/state";
import { updateStack } from "@/lib/aws/stack/update";

/** The gateway's authorizer stack, followed live (each call reads new events from AWS, at most every 1.5 s). */
export const GET = consoleRoute({ role: "viewer", query: stackStateQuerySchema }, async ({ db, params, query }) =>
  json(await stackState(db, idParam(params, "Gateway", "gw"), { refresh: query.refresh === "1" || query.refresh === "true" })),
);

/** Launch (`acknowledge_iam: true` required). */
export const POST = consoleRoute({ role: "admin", body: createStackBodySchema }, async ({ db, params, body, caller }) =>
  json(await launchStack(db, caller, idParam(params, "Gateway", "gw"), body), 202),
);

/** Update configuration. */
export const PUT = consoleRoute({ role: "admin", body: updateStackBodySchema }, async ({ req, db, params, body, caller }) =>
  json(await updateStack(db, caller, idParam(params, "Gateway", "gw"), { ...body, version: optionalVersion(req, body.version) }), 202),
);

/** Delete (body `{ confirm_stack_name }`). */
export const DELETE = consoleRoute({ role: "admin", body: deleteStackBodySchema }, async ({ db, params, body, caller }) =>
  json(await deleteStack(db, caller, idParam(params, "Gateway", "gw"), body), 202),
);
