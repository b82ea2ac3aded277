import { versionedItemRoutes } from "@/lib/api/versioned-item-route";
import { deleteGateway, getGateway, updateGateway } from "@/lib/gateways/gateways";
import { updateGatewayBodySchema } from "@/lib/gateways/schemas";

const gateway = versionedItemRoutes({ name: "Gateway", param: "gw" });

export const GET = gateway.read(getGateway);
export const PUT = gateway.update(updateGatewayBodySchema, updateGateway);
export const DELETE = gateway.remove(deleteGateway);
