import type { ReactNode } from "react";
import type { Caller } from "@/lib/auth/caller";
import { AccountMenu } from "./account-menu";
import { Sidebar } from "./sidebar";

/** What the shell shows of the signed-in caller. */
export type ShellUser = Pick<Caller, "username" | "displayName" | "role">;

export function ConsoleShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  return (
    <div className="flex min-h-screen">
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-end border-b border-slate-200 bg-white px-6">
          <AccountMenu user={user} />
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
