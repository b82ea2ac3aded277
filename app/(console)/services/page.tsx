import { ServicesPanel } from "@/components/services/services-panel";
import { requirePageCaller } from "../../_server/caller";

export const metadata = { title: "Services · Gatehouse" };

export default async function ServicesPage() {
  const caller = await requirePageCaller();
  return <ServicesPanel isAdmin={caller.role === "admin"} />;
}
