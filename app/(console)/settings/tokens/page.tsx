import { TokensPanel } from "@/components/settings/tokens-panel";

export const metadata = { title: "API tokens · Settings · Gatehouse" };

export default function TokensPage() {
  return <TokensPanel />;
}
