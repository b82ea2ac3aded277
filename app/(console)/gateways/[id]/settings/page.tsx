import { GatewaySettings } from "@/components/gateways/gateway-settings";
import { requirePageCaller } from "../../../../_server/caller";

export const metadata = { title: "Settings · Gateway · Gatehouse" };

export default async function GatewaySettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, caller] = await Promise.all([params, requirePageCaller()]);
  return <GatewaySettings id={id} isAdmin={caller.role === "admin"} />;
}
