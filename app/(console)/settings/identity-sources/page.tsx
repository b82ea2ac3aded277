import { IssuersPanel } from "@/components/issuers/issuers-panel";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "Identity sources · Settings · Gatehouse" };

export default async function IdentitySourcesPage() {
  const caller = await requirePageCaller();
  return <IssuersPanel isAdmin={caller.role === "admin"} />;
}
