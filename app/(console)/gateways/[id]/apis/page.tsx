import { GatewayApis } from "@/components/gateways/gateway-apis";
import { EnforcementPanel } from "@/components/gateways/enforcement-panel";
import { InvokeUrlsPanel } from "@/components/stack/invoke-urls";
import { requirePageCaller } from "../../../../_server/caller";

export const metadata = { title: "APIs · Gateway · Gatehouse" };

export default async function GatewayApisPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, caller] = await Promise.all([params, requirePageCaller()]);
  return (
    <div className="space-y-4">
      <GatewayApis id={id} isAdmin={caller.role === "admin"} />
      <EnforcementPanel gatewayId={id} canEdit={caller.role === "admin"} />
      <InvokeUrlsPanel gatewayId={id} canSend={caller.role === "admin"} />
    </div>
  );
}
