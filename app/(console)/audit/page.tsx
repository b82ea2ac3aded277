import { AuditLog } from "@/components/audit/audit-log";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Audit log · Gatehouse" };

export default function AuditPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Audit log">Who changed what and when, with the values before and after. Secrets are never recorded.</PageHeader>
      <AuditLog />
    </div>
  );
}
