import { UsersPanel } from "@/components/settings/users-panel";
import { AdminRoleNeeded } from "@/components/ui/admin-role-needed";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "Users · Settings · Gatehouse" };

export default async function UsersPage() {
  const caller = await requirePageCaller();
  if (caller.role !== "admin") return <AdminRoleNeeded action="Managing console users" />;
  return <UsersPanel currentUserId={caller.userId} />;
}
