import { ApisDashboard } from "@/components/enforcement/apis-dashboard";
import { RedeployButton } from "@/components/redeploy/redeploy-button";
import { ConsolePage } from "@/components/ui/console-page";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "APIs · Enforcement · Gatehouse" };

const INTRO = "Every API of every service, and the policy that protects it. An API without a policy is Unrestricted.";

export default async function EnforcementApisPage() {
  const canEdit = (await requirePageCaller()).role === "admin";
  return (
    <ConsolePage title="APIs" intro={canEdit ? INTRO : `${INTRO} You are a viewer: you can read, not change, assignments.`}>
      <RedeployButton canEdit={canEdit} />
      <ApisDashboard canEdit={canEdit} />
    </ConsolePage>
  );
}
