import { AuditLog } from "@/components/audit/audit-log";
import { ConsolePage } from "@/components/ui/console-page";

export const metadata = { title: "Audit log · Gatehouse" };

export default function AuditPage() {
  return (
    <ConsolePage title="Audit log" intro="Who changed what and when, with the values before and after. Secrets are never recorded.">
      <AuditLog />
    </ConsolePage>
  );
}
