import Link from "next/link";
import { CreateGatewayForm } from "@/components/gateways/create-gateway-form";
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
      {caller.role === "admin" ? (
        <CreateGatewayForm />
      ) : (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          Creating a gateway needs the admin role. You are signed in as a viewer.
        </p>
      )}
    </div>
  );
}
