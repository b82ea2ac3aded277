import { GatewayQuickstart } from "@/components/gateways/gateway-quickstart";
import { DeployAuthorizerPanel } from "@/components/stack/deploy-authorizer-panel";
import { EnforcementPanel } from "@/components/gateways/enforcement-panel";
import { InvokeUrlsPanel } from "@/components/stack/invoke-urls";
import { requirePageCaller } from "../../../../_server/caller";

export const metadata = { title: "Quickstart · Gateway · Gatehouse" };

export default async function QuickstartPage({ params, searchParams }: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, query, caller] = await Promise.all([params, searchParams, requirePageCaller()]);
  return (
    <div className="space-y-4">
      <GatewayQuickstart id={id} justCreated={query.created === "1"} />
      <DeployAuthorizerPanel gatewayId={id} canEdit={caller.role === "admin"} />
      <EnforcementPanel gatewayId={id} canEdit={caller.role === "admin"} />
      <InvokeUrlsPanel gatewayId={id} canSend={caller.role === "admin"} />
    </div>
  );
}
