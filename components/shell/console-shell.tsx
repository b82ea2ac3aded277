import type { ReactNode } from "react";
import { AccountMenu } from "./account-menu";
import { Sidebar } from "./sidebar";

export interface ShellUser {
  username: string;
  displayName: string | null;
  role: "admin" | "viewer";
}

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
