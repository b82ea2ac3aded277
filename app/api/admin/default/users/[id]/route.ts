import { requireVersion, versionedJson } from "@/lib/api/if-match";
import { notFound } from "@/lib/api/errors";
import { consoleRoute, noContent } from "@/lib/api/route";
import { idParam } from "@/lib/api/params";
import { updateUserBodySchema } from "@/lib/users/schemas";
import { deleteUser, findUserById, toUserView, updateUser } from "@/lib/users/service";

export const GET = consoleRoute({ role: "admin" }, async ({ db, params }) => {
  const user = await findUserById(db, idParam(params, "User"));
  if (!user) throw notFound("User");
  return versionedJson(toUserView(user));
});

export const PUT = consoleRoute({ role: "admin", body: updateUserBodySchema }, async ({ req, db, params, body, caller }) =>
  versionedJson(await updateUser(db, idParam(params, "User"), requireVersion(req, body), caller)),
);

export const DELETE = consoleRoute({ role: "admin" }, async ({ db, params, caller }) => {
  await deleteUser(db, idParam(params, "User"), caller);
  return noContent();
});
