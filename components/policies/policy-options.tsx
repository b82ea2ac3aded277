import type { PolicyView } from "@/lib/policies/view";

/** The `<option>`s of a policy picker: each policy by name, built-ins marked (one spelling for every picker). */
export function PolicyOptions({ policies }: { policies: readonly Pick<PolicyView, "id" | "policy_name" | "builtin">[] }) {
  return (
    <>
      {policies.map((p) => (
        <option key={p.id} value={p.id}>{p.policy_name}{p.builtin ? " (built-in)" : ""}</option>
      ))}
    </>
  );
}
