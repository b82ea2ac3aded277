import { versionedItemRoutes } from "@/lib/api/versioned-item-route";
import { updateServiceBodySchema } from "@/lib/gateways/schemas";
import { deleteService, getService, updateService } from "@/lib/gateways/services";

const service = versionedItemRoutes({ name: "Service", param: "sid" });

export const GET = service.read(getService);
export const PUT = service.update(updateServiceBodySchema, updateService);
/** 409 while an API group is bound to the service. */
export const DELETE = service.remove(deleteService);
