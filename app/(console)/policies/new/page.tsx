import { PolicyForm } from "@/components/policies/policy-form";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "New policy · Gatehouse" };

export default async function NewPolicyPage() {
  const caller = await requirePageCaller();
  if (caller.role !== "admin") {
    return (
      <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
        Creating policies needs the admin role. You are signed in as a viewer.
      </p>
    );
  }
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">New policy</h1>
      <PolicyForm canEdit />
    </div>
  );
}
