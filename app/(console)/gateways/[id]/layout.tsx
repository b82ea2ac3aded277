import type { ReactNode } from "react";
import { GatewayHeader, GatewayTabs } from "@/components/gateways/gateway-header";
import { RedeployButton } from "@/components/redeploy/redeploy-button";
import { requirePageCaller } from "../../../_server/caller";

export default async function GatewayLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const [{ id }, caller] = await Promise.all([params, requirePageCaller()]);
  return (
    <div className="space-y-4">
      <GatewayHeader id={id} />
      <RedeployButton gatewayId={id} canEdit={caller.role === "admin"} />
      <GatewayTabs id={id} />
      {children}
    </div>
  );
}
