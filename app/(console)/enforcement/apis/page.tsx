import { ApisDashboard } from "@/components/enforcement/apis-dashboard";
import { RedeployButton } from "@/components/redeploy/redeploy-button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "APIs · Enforcement · Gatehouse" };

export default async function EnforcementApisPage() {
  const caller = await requirePageCaller();
  return (
    <div className="space-y-4">
      <PageHeader title="APIs">
        Every API of every service, and the policy that protects it. An API without a policy is Unrestricted.
        {caller.role !== "admin" && " You are a viewer: you can read, not change, assignments."}
      </PageHeader>
      <RedeployButton canEdit={caller.role === "admin"} />
      <ApisDashboard canEdit={caller.role === "admin"} />
    </div>
  );
}
