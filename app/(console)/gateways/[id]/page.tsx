import { redirect } from "next/navigation";

export default async function GatewayIndex({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  redirect(`/gateways/${id}/quickstart`);
}
