import { wildcardMatch } from "./iam-policy";

/**
 * Whether a function's resource policy lets API Gateway invoke it for this authorizer
 * (`lambda:InvokeFunction`, principal apigateway.amazonaws.com, SourceArn matching
 * `arn:aws:execute-api:{region}:{account}:{apiId}/authorizers/{id}`). Without it API Gateway
 * answers 500 (AuthorizerConfigurationException).
 */
interface Statement {
  Effect?: string;
  Principal?: { Service?: string | string[] } | string;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function allowsApiGatewayInvoke(policyJson: string | undefined, sourceArn: string): boolean {
  if (!policyJson) return false;
  let statements: Statement[];
  try {
    const parsed = JSON.parse(policyJson) as { Statement?: Statement | Statement[] };
    statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
  } catch {
    return false;
  }
  return statements.some((s) => {
    if (s.Effect !== "Allow") return false;
    const services = typeof s.Principal === "string" ? [s.Principal] : list(s.Principal?.Service);
    if (!services.includes("apigateway.amazonaws.com")) return false;
    if (!list(s.Action).some((a) => wildcardMatch(a.toLowerCase(), "lambda:invokefunction"))) return false;
    const arnConditions = [s.Condition?.ArnLike?.["AWS:SourceArn"], s.Condition?.ArnEquals?.["AWS:SourceArn"]].filter(
      (c): c is string | string[] => c !== undefined,
    );
    return arnConditions.length === 0 || arnConditions.some((c) => list(c).some((pattern) => wildcardMatch(pattern, sourceArn)));
  });
}
