import { ApiError, type ErrorCode } from "../api/errors";
import { awsEndpointOverride } from "./endpoint";

/**
 * Turns whatever the AWS SDK throws into something a person can act on: a kind, AWS's error
 * code and message — never a stack trace.
 */
export const AWS_ERROR_KINDS = [
  "no_credentials",
  "expired_credentials",
  "invalid_credentials",
  "access_denied",
  "throttled",
  "unreachable",
  "not_found",
  "already_exists",
  "validation",
  "other",
] as const;
export type AwsErrorKind = (typeof AWS_ERROR_KINDS)[number];

export interface AwsFailure {
  kind: AwsErrorKind;
  code: string;
  message: string;
  /** AWS did not answer in time (kind `unreachable`); the message says how long and where. */
  timedOut?: boolean;
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  /** Where the call went (lib/aws/http stamps it on errors of the console's clients). */
  $endpoint?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $responseBodyText?: string;
  $response?: { body?: unknown };
}

const EXPIRED = /ExpiredToken|RequestExpired|TokenRefreshRequired|SSO session .* expired|token .* expired/i;
const INVALID = /InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|InvalidAccessKeyId|AuthFailure|IncompleteSignature/i;
const DENIED = /AccessDenied|UnauthorizedOperation|not authorized to perform|Forbidden/i;
const THROTTLED = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i;
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket hang up|TimeoutError|NetworkingError/i;
const NOT_FOUND = /NotFound|NoSuch|does not exist/i;

/**
 * The SDK's timeouts (@smithy/node-http-handler) in words: which limit passed, after how long,
 * and where the call went — "AWS did not answer within 10 s (https://sts.us-east-1.amazonaws.com)".
 */
function timeoutMessage(e: SdkError, message: string): string | null {
  const connect = /did not establish a connection with the server within the configured timeout of (\d+) ms/.exec(message);
  const request = /exceeded the configured (\d+) ms requestTimeout|socket timed out after (\d+) ms/.exec(message);
  if (!connect && !request) return null;
  const ms = Number(connect?.[1] ?? request?.[1] ?? request?.[2]);
  const seconds = `${Math.round(ms / 100) / 10} s`;
  const where = e.$endpoint ?? awsEndpointOverride() ?? "AWS";
  const attempts = (e.$metadata?.attempts ?? 1) > 1 ? `, ${e.$metadata!.attempts} attempts` : "";
  return connect ? `AWS did not accept a connection within ${seconds} (${where}${attempts}).` : `AWS did not answer within ${seconds} (${where}${attempts}).`;
}

/** The message inside a body the SDK could not parse (an emulator answering JSON to an XML protocol). */
function messageFromBody(text: string | undefined): string | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as { message?: unknown; Message?: unknown };
    const m = parsed.message ?? parsed.Message;
    if (typeof m === "string" && m) return m;
  } catch {
    const xml = /<Message>([\s\S]*?)<\/Message>/.exec(text);
    if (xml?.[1]) return xml[1].trim();
  }
  return null;
}

export function describeAwsError(err: unknown): AwsFailure {
  const e = (err ?? {}) as SdkError;
  const name = e.name ?? "Error";
  const code = e.code && e.code !== name ? `${name} (${e.code})` : name;
  let message = (e.message ?? String(err)).split("\n")[0]!.trim();
  const fromBody = messageFromBody(e.$responseBodyText);
  if (fromBody && (/Deserialization error|XML parse error|UnknownError/i.test(e.message ?? "") || message === "")) message = fromBody;
  const haystack = `${name} ${e.code ?? ""} ${message}`;

  const timedOut = timeoutMessage(e, message);
  if (timedOut) return { kind: "unreachable", code, message: timedOut, timedOut: true };
  // A refused or reset connection: say where it went, too.
  if (e.$endpoint && UNREACHABLE.test(haystack) && !message.includes(e.$endpoint)) message = `${message} (${e.$endpoint})`;

  let kind: AwsErrorKind = "other";
  if (name === "CredentialsProviderError" || /Could not load credentials|credential.*not found|Unable to locate credentials/i.test(message)) kind = "no_credentials";
  else if (EXPIRED.test(haystack)) kind = "expired_credentials";
  else if (INVALID.test(haystack)) kind = "invalid_credentials";
  else if (DENIED.test(haystack)) kind = "access_denied";
  else if (THROTTLED.test(haystack) || e.$metadata?.httpStatusCode === 429) kind = "throttled";
  else if (UNREACHABLE.test(haystack)) kind = "unreachable";
  else if (/AlreadyExists|BucketAlreadyOwnedByYou/.test(name)) kind = "already_exists";
  else if (NOT_FOUND.test(haystack) || e.$metadata?.httpStatusCode === 404) kind = "not_found";
  else if (/Validation|InvalidParameter|BadRequest|InsufficientCapabilities/i.test(name)) kind = "validation";
  return { kind, code, message: message || "AWS answered with an error and no message." };
}

/** How to give the console AWS credentials (the SDK's default chain, in the order it looks). */
export const CREDENTIALS_HELP = [
  "Environment variables: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials).",
  "A profile in ~/.aws/credentials or ~/.aws/config, chosen with AWS_PROFILE — including IAM Identity Center (SSO) profiles after `aws sso login`.",
  "A role of the machine the console runs on: an EC2 instance profile, an ECS/EKS task role or web identity (IRSA).",
];

/** The error code of each kind of AWS failure (its status: lib/api/errors.ts); a timeout is `aws_timeout`. */
const AWS_ERROR_CODES = {
  no_credentials: "aws_no_credentials",
  expired_credentials: "aws_expired_credentials",
  invalid_credentials: "aws_invalid_credentials",
  access_denied: "aws_access_denied",
  throttled: "aws_throttled",
  unreachable: "aws_unreachable",
  already_exists: "aws_conflict",
  validation: "aws_validation",
  not_found: "aws_not_found",
  other: "aws_error",
} as const satisfies Record<AwsErrorKind, ErrorCode>;

export type AwsErrorCode = (typeof AWS_ERROR_CODES)[AwsErrorKind] | "aws_timeout";
/** Every code an AWS failure answers with (an operation that calls AWS may answer each one's status). */
export const AWS_ERROR_CODE_LIST: readonly AwsErrorCode[] = [...Object.values(AWS_ERROR_CODES), "aws_timeout"];

export function awsErrorCode(f: Pick<AwsFailure, "kind" | "timedOut">): AwsErrorCode {
  return f.timedOut ? "aws_timeout" : AWS_ERROR_CODES[f.kind];
}

function awsErrorMessage(f: AwsFailure, doing: string): string {
  switch (f.kind) {
    case "no_credentials":
      return `No AWS credentials: the console cannot ${doing}. Provide credentials (Settings › AWS explains how).`;
    case "expired_credentials":
      return `The AWS credentials have expired: the console cannot ${doing}. Refresh them (e.g. \`aws sso login\`) and retry.`;
    case "invalid_credentials":
      return `AWS rejected the console's credentials while trying to ${doing}: ${f.message}`;
    case "access_denied":
      return `The console's AWS identity may not ${doing}: ${f.message}`;
    case "throttled":
      return `AWS is throttling the console's calls; could not ${doing}. Retry in a few seconds.`;
    case "unreachable":
      return f.timedOut ? `Could not ${doing}: ${f.message}` : `AWS could not be reached to ${doing}: ${f.message}`;
    case "already_exists":
    case "validation":
      return `AWS refused to ${doing}: ${f.message}`;
    case "not_found":
      return `AWS could not ${doing}: ${f.message}`;
    default:
      return `AWS refused to ${doing}: ${f.code}: ${f.message}`;
  }
}

/** An ApiError carrying AWS's answer, with a status that tells the caller whose move it is. */
export function awsApiError(err: unknown, doing: string): ApiError {
  const f = describeAwsError(err);
  return new ApiError(awsErrorCode(f), awsErrorMessage(f, doing), { cause: err });
}
