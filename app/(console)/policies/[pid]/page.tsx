import { notFound } from "next/navigation";
import { PolicyDetail } from "@/components/policies/policy-detail";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "Policy · Gatehouse" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function PolicyPage({ params }: { params: Promise<{ pid: string }> }) {
  const { pid } = await params;
  if (!UUID.test(pid)) notFound();
  const caller = await requirePageCaller();
  return <PolicyDetail id={pid.toLowerCase()} canEdit={caller.role === "admin"} />;
}
