import { AwsPanel } from "@/components/settings/aws-panel";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "AWS · Settings · Gatehouse" };

export default async function AwsSettingsPage() {
  const caller = await requirePageCaller();
  return <AwsPanel isAdmin={caller.role === "admin"} />;
}
