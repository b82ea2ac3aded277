/**
 * Policy documents for the benchmarks, in the console's wire format (docs/protocol.md): a
 * `cloudentity` API policy of validators, each checking fields of the token or of the headers.
 */
type Field = { field: string; comparator: string; value?: string };

export const identityContext = (...fields: Field[]) => ({ name: "identity-context", conf: { fields } });
export const header = (...fields: Field[]) => ({ name: "header", conf: { fields } });

export function policyDocument(policyName: string, validators: ReturnType<typeof identityContext>[]) {
  return { policy_name: policyName, type: "api", language: "cloudentity", validators };
}
