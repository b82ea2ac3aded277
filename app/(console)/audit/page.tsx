import { AuditLog } from "@/components/audit/audit-log";

export const metadata = { title: "Audit log · Gatehouse" };

export default function AuditPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600">Who changed what and when, with the values before and after. Secrets are never recorded.</p>
      </div>
      <AuditLog />
    </div>
  );
}
