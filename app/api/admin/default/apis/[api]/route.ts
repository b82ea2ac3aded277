import { notFound } from "@/lib/api/errors";
import { versionedItemRoutes } from "@/lib/api/versioned-item-route";
import { getApiView } from "@/lib/enforcement/apis";
import { assignPolicy } from "@/lib/enforcement/assign";
import { updateApiBodySchema } from "@/lib/enforcement/schemas";

const api = versionedItemRoutes({ name: "API", param: "api" });

export const GET = api.read(async (db, id) => {
  const view = await getApiView(db, id);
  if (!view) throw notFound("API");
  return view;
});
/** The API's policy (enforced and shadow): an optimistic-version write. */
export const PUT = api.update(updateApiBodySchema, assignPolicy);
