import { consoleRoute, json } from "@/lib/api/route";
import { createUserBodySchema } from "@/lib/users/schemas";
import { createUser, listUsers } from "@/lib/users/service";

export const GET = consoleRoute({ role: "admin" }, async ({ db }) => json({ users: await listUsers(db) }));

export const POST = consoleRoute({ role: "admin", body: createUserBodySchema }, async ({ db, body, caller }) =>
  json(await createUser(db, body, caller), 201),
);
