export const metadata = { title: "Gateways · Gatehouse" };

export default function GatewaysPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Gateways</h1>
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
        <p className="font-medium text-slate-900">No gateways yet</p>
        <p className="mt-1 text-sm text-slate-600">
          A gateway is one Lambda authorizer protecting your REST APIs on Amazon API Gateway.
        </p>
      </div>
    </div>
  );
}
