import { PoliciesList } from "@/components/policies/policies-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageCaller } from "../../_server/caller";

export const metadata = { title: "Policies · Gatehouse" };

export default async function PoliciesPage() {
  const caller = await requirePageCaller();
  return (
    <div className="space-y-4">
      <PageHeader title="Policies">
        A policy passes a request when every one of its validators passes. Assign policies to APIs on Enforcement › APIs.
      </PageHeader>
      <PoliciesList canEdit={caller.role === "admin"} />
    </div>
  );
}
