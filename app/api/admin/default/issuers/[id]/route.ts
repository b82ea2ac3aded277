import { versionedItemRoutes } from "@/lib/api/versioned-item-route";
import { updateIssuerBodySchema } from "@/lib/issuers/schemas";
import { deleteIssuer, getIssuer, toIssuerView, updateIssuer } from "@/lib/issuers/service";

const issuer = versionedItemRoutes({ name: "Trusted issuer", param: "id" });

export const GET = issuer.read(async (db, id) => toIssuerView(await getIssuer(db, id)));
export const PUT = issuer.update(updateIssuerBodySchema, updateIssuer);
export const DELETE = issuer.remove(deleteIssuer);
