import { PolicyForm } from "@/components/policies/policy-form";
import { AdminRoleNeeded } from "@/components/ui/admin-role-needed";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "New policy · Gatehouse" };

export default async function NewPolicyPage() {
  const caller = await requirePageCaller();
  if (caller.role !== "admin") return <AdminRoleNeeded action="Creating policies" />;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">New policy</h1>
      <PolicyForm canEdit />
    </div>
  );
}
