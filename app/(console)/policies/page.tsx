import { PoliciesList } from "@/components/policies/policies-list";
import { requirePageCaller } from "../../_server/caller";

export const metadata = { title: "Policies · Gatehouse" };

export default async function PoliciesPage() {
  const caller = await requirePageCaller();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Policies</h1>
        <p className="text-sm text-slate-600">
          A policy passes a request when every one of its validators passes. Assign policies to APIs on Enforcement › APIs.
        </p>
      </div>
      <PoliciesList canEdit={caller.role === "admin"} />
    </div>
  );
}
