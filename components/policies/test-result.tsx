import type { PolicyTestResult } from "@/lib/policies/test-run";

/** The answer of a policy test: overall pass/fail, then each validator with its failure reasons. */
export function TestResult({ result }: { result: PolicyTestResult }) {
  return (
    <div className="space-y-2" aria-label="Test result" role="region">
      <p className={`rounded-md p-3 text-sm font-semibold ${result.allowed ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`} data-testid="test-verdict">
        {result.allowed ? "Allowed: every validator passed." : "Denied: at least one validator failed."}
      </p>
      <p className="text-xs text-slate-500">
        Identity from: {result.claims_source}
        {result.needs_identity ? " · this policy needs an identity" : " · this policy does not look at the identity"}
      </p>
      <ol className="space-y-1 text-sm">
        {result.validators.map((v) => (
          <li key={v.index} className="flex gap-2" data-testid={`test-validator-${v.index}`}>
            <span className={v.passed ? "text-emerald-700" : "text-red-700"}>{v.passed ? "✓ passed" : "✗ failed"}</span>
            <span>
              <span className="font-medium">#{v.index + 1} {v.name}</span>
              {v.failures.length > 0 && (
                <ul className="list-disc pl-5 text-xs text-red-800">
                  {v.failures.map((f, i) => <li key={i}>{f.message}</li>)}
                </ul>
              )}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
