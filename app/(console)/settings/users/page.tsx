import { UsersPanel } from "@/components/settings/users-panel";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "Users · Settings · Gatehouse" };

export default async function UsersPage() {
  const caller = await requirePageCaller();
  if (caller.role !== "admin") {
    return (
      <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
        Managing console users needs the admin role. You are signed in as a viewer.
      </p>
    );
  }
  return <UsersPanel currentUserId={caller.userId} />;
}
