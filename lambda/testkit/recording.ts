import { Authorizer, type AuthorizerOptions } from "../authorizer";

/**
 * A handler whose log lines the test reads: `raw` as written, `lines` parsed as JSON (a line that
 * is not JSON fails the test where it is written). It goes into `open`, which the test file
 * closes in its afterAll.
 */
export function recordingAuthorizer(options: AuthorizerOptions, open: Authorizer[]): { a: Authorizer; lines: Record<string, unknown>[]; raw: string[] } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const a = new Authorizer({
    sink: (l) => {
      raw.push(l);
      lines.push(JSON.parse(l) as Record<string, unknown>);
    },
    ...options,
  });
  open.push(a);
  return { a, lines, raw };
}
