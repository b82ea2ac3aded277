import { TestTokensPanel } from "@/components/settings/test-tokens-panel";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "Test tokens · Settings · Gatehouse" };

export default async function TestTokensPage() {
  const caller = await requirePageCaller();
  return <TestTokensPanel isAdmin={caller.role === "admin"} />;
}
