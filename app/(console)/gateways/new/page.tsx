import Link from "next/link";
import { CreateGatewayForm } from "@/components/gateways/create-gateway-form";
import { AdminRoleNeeded } from "@/components/ui/admin-role-needed";
import { requirePageCaller } from "../../../_server/caller";

export const metadata = { title: "Create gateway · Gatehouse" };

export default async function NewGatewayPage() {
  const caller = await requirePageCaller();
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/gateways" className="hover:text-slate-800 hover:underline">Gateways</Link> <span aria-hidden>/</span> New
      </nav>
      <h1 className="text-xl font-semibold">Create gateway</h1>
      {caller.role === "admin" ? <CreateGatewayForm /> : <AdminRoleNeeded action="Creating a gateway" />}
    </div>
  );
}
