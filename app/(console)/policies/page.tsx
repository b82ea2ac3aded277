import { PoliciesList } from "@/components/policies/policies-list";
import { ConsolePage } from "@/components/ui/console-page";
import { requirePageCaller } from "../../_server/caller";

export const metadata = { title: "Policies · Gatehouse" };

export default async function PoliciesPage() {
  const caller = await requirePageCaller();
  return (
    <ConsolePage title="Policies" intro="A policy passes a request when every one of its validators passes. Assign policies to APIs on Enforcement › APIs.">
      <PoliciesList canEdit={caller.role === "admin"} />
    </ConsolePage>
  );
}
