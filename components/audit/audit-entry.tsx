import type { AuditEventView } from "@/lib/audit/list";
import { auditDiff } from "./diff";

const KIND_TONE = { added: "text-emerald-800", removed: "text-red-800", changed: "text-slate-800" } as const;

/** One audit entry: who, when, what, and the before → after of what changed. */
export function AuditEntry({ event: e }: { event: AuditEventView }) {
  const lines = auditDiff(e.before, e.after);
  return (
    <li className="py-3" data-testid={`audit-${e.action}`}>
      <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
        <time dateTime={e.at} className="text-slate-500">{new Date(e.at).toLocaleString()}</time>
        <span className="font-medium">{e.actor_name}</span>
        <span className="rounded bg-slate-100 px-1.5 font-mono text-xs">{e.action}</span>
        <span className="text-slate-700">
          {e.target_type} <span className="font-medium">{e.target_name ?? e.target_id}</span>
        </span>
      </div>
      {lines.length > 0 && (
        <table className="mt-1 ml-4 text-xs">
          <tbody>
            {lines.slice(0, 40).map((l) => (
              <tr key={`${l.kind}:${l.path}`} className={KIND_TONE[l.kind]}>
                <td className="pr-3 font-mono text-slate-500">{l.path}</td>
                <td className="font-mono break-all">
                  {l.kind === "changed" && <><del className="text-red-700">{l.before}</del> → <ins className="text-emerald-700 no-underline">{l.after}</ins></>}
                  {l.kind === "added" && <>+ {l.after}</>}
                  {l.kind === "removed" && <>− {l.before}</>}
                </td>
              </tr>
            ))}
            {lines.length > 40 && <tr><td colSpan={2} className="text-slate-500">…and {lines.length - 40} more changes</td></tr>}
          </tbody>
        </table>
      )}
    </li>
  );
}
