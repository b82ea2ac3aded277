import type { AuditEntry } from "../audit/record";

/** How the audit log names an API group: by gateway and group id (a group id is unique per gateway only). */
export function groupAuditTarget(gatewayId: string, group: { id: string; name: string }): Pick<AuditEntry, "targetType" | "targetId" | "targetName"> {
  return { targetType: "api_group", targetId: `${gatewayId}/${group.id}`, targetName: group.name };
}
