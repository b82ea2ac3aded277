/**
 * Whose an API Gateway authorizer is: the Lambda function its `authorizerUri` names. Shared by the
 * authorizer (which attaches only its own) and the console (which reads what AWS enforces), so
 * both apply one rule. Names are labels that several stacks may share; they are never identity.
 * Pure: no platform or project imports.
 */
const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/;

/** `arn:…:lambda:{region}:{account}:function:{name}[:qualifier]` without a `$LATEST` qualifier (the same code), or null. */
export function canonicalFunctionArn(functionArn: string): string | null {
  const m = FUNCTION_ARN.exec(functionArn);
  if (!m) return null;
  const [, partition, region, account, name, qualifier] = m;
  return `arn:${partition}:lambda:${region}:${account}:function:${name}${qualifier && qualifier !== "$LATEST" ? `:${qualifier}` : ""}`;
}

/** The authorizer URI that invokes a function, or null when the ARN is not a function's. */
export function authorizerUri(functionArn: string): string | null {
  const fn = canonicalFunctionArn(functionArn);
  if (!fn) return null;
  const [, partition, region] = FUNCTION_ARN.exec(fn)!;
  return `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${fn}/invocations`;
}

/**
 * Whether an authorizer URI names the function whose URI is `ours` (from `authorizerUri()`):
 * exactly, or with a `$LATEST` qualifier, which invokes the same code. Case-sensitive.
 */
export function namesFunction(uri: string | undefined | null, ours: string): boolean {
  if (!uri) return false;
  return uri === ours || uri.replace(/:\$LATEST\/invocations$/, "/invocations") === ours;
}

/** Whether an API Gateway authorizer is this function's (by URI, never by name). */
export function isAuthorizerOf(authorizer: { authorizerUri?: string | null }, functionArn: string): boolean {
  const ours = authorizerUri(functionArn);
  return ours !== null && namesFunction(authorizer.authorizerUri, ours);
}
