/**
 * REQUEST authorizers' identity sources: `method.request.header.X`, `method.request.querystring.X`,
 * `stageVariables.X`, `context.X`. They form the cache key; a missing header or query source makes
 * API Gateway answer 401 without invoking the function.
 */
export interface IdentityInputs {
  headers: Record<string, string>; // lower-cased names
  query: Record<string, string>;
  stageVariables: Record<string, string>;
  context: Record<string, string>;
}

export type IdentityResult = { ok: true; key: string } | { ok: false };

export function identityKey(identitySource: string | undefined, inputs: IdentityInputs): IdentityResult {
  const sources = (identitySource ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const values: string[] = [];
  const after = (source: string, prefix: string) => (source.startsWith(prefix) ? source.slice(prefix.length) : undefined);
  for (const source of sources) {
    let value: string | undefined;
    const header = after(source, "method.request.header.");
    const query = after(source, "method.request.querystring.");
    const stageVariable = after(source, "stageVariables.");
    const context = after(source, "context.");
    if (header !== undefined) value = inputs.headers[header.toLowerCase()];
    else if (query !== undefined) value = inputs.query[query];
    else if (stageVariable !== undefined) value = inputs.stageVariables[stageVariable];
    else if (context !== undefined) value = inputs.context[context];
    if (value === undefined || value === "") return { ok: false };
    values.push(value);
  }
  return { ok: true, key: JSON.stringify(values) };
}
