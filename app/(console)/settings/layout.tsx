import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { requirePageCaller } from "../../_server/caller";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const caller = await requirePageCaller();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Settings</h1>
      <SettingsTabs isAdmin={caller.role === "admin"} />
      {children}
    </div>
  );
}
