import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/shell/console-shell";
import { requirePageCaller } from "../_server/caller";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const caller = await requirePageCaller();
  return (
    <ConsoleShell user={{ username: caller.username, displayName: caller.displayName, role: caller.role }}>{children}</ConsoleShell>
  );
}
