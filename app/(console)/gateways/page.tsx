import { GatewaysList } from "@/components/gateways/gateways-list";
import { requirePageCaller } from "../../_server/caller";

export const metadata = { title: "Gateways · Gatehouse" };

export default async function GatewaysPage() {
  const caller = await requirePageCaller();
  return <GatewaysList isAdmin={caller.role === "admin"} />;
}
