import { ApisDashboard } from "@/components/enforcement/apis-dashboard";
import { RedeployButton } from "@/components/redeploy/redeploy-button";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "APIs · Enforcement · Gatehouse" };

export default async function EnforcementApisPage() {
  const caller = await requirePageCaller();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">APIs</h1>
        <p className="text-sm text-slate-600">
          Every API of every service, and the policy that protects it. An API without a policy is Unrestricted.
          {caller.role !== "admin" && " You are a viewer: you can read, not change, assignments."}
        </p>
      </div>
      <RedeployButton canEdit={caller.role === "admin"} />
      <ApisDashboard canEdit={caller.role === "admin"} />
    </div>
  );
}
