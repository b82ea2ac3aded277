import { redirect } from "next/navigation";
import { requirePageCaller } from "../../_server/caller";

export default async function SettingsIndex() {
  const caller = await requirePageCaller();
  redirect(caller.role === "admin" ? "/settings/users" : "/settings/tokens");
}
