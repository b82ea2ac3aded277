import { STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockSend } from "@/test/aws/mock-send";
import { awsApiError, describeAwsError } from "./errors";
import { whoAmI } from "./identity";

function credentialsProviderError(): Error {
  const err = new Error("Could not load credentials from any providers");
  err.name = "CredentialsProviderError";
  err.stack = "CredentialsProviderError: Could not load credentials\n    at /node_modules/@smithy/property-provider/dist/index.js:1:1";
  return err;
}

describe("whoAmI", () => {
  afterEach(() => vi.restoreAllMocks());

  it("names the account and identity the console acts as", async () => {
    const sts = new STSClient({ region: "us-east-1" });
    mockSend(sts, () => Promise.resolve({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/ops", UserId: "AIDA1" }));
    const me = await whoAmI("us-east-1", sts);
    expect(me).toMatchObject({ ok: true, account: "123456789012", arn: "arn:aws:iam::123456789012:user/ops", region: "us-east-1" });
  });

  it("gives a clear 'no AWS credentials' answer with how to provide them — no stack trace", async () => {
    const sts = new STSClient({ region: "eu-west-1" });
    const send = mockSend(sts, () => Promise.reject(credentialsProviderError()));
    const me = await whoAmI("eu-west-1", sts);
    expect(send).toHaveBeenCalledOnce();
    expect(me.ok).toBe(false);
    if (me.ok) return;
    expect(me.reason).toBe("no_credentials");
    expect(me.message).toMatch(/^No AWS credentials/);
    expect(me.help.join(" ")).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(me.help.join(" ")).toMatch(/AWS_PROFILE/);
    expect(me.help.join(" ")).toMatch(/SSO/);
    expect(me.help.join(" ")).toMatch(/instance profile|task role/);
    expect(JSON.stringify(me)).not.toMatch(/\n\s+at |node_modules/);
  });

  it("tells expired and rejected credentials apart", async () => {
    const sts = new STSClient({ region: "us-east-1" });
    const expired = Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredTokenException" });
    mockSend(sts, () => Promise.reject(expired));
    const me = await whoAmI("us-east-1", sts);
    expect(me.ok === false && me.reason).toBe("expired_credentials");
    const invalid = Object.assign(new Error("The security token included in the request is invalid."), { name: "InvalidClientTokenId" });
    expect(describeAwsError(invalid).kind).toBe("invalid_credentials");
  });
});

describe("awsApiError", () => {
  it("answers without AWS internals and with a status that says whose move it is", () => {
    const e = awsApiError(credentialsProviderError(), "launch the stack");
    expect(e.status).toBe(503);
    expect(e.code).toBe("aws_no_credentials");
    expect(e.message).not.toMatch(/at \//);
    expect(awsApiError(Object.assign(new Error("User is not authorized to perform: cloudformation:CreateStack"), { name: "AccessDenied" }), "x").status).toBe(403);
    expect(awsApiError(Object.assign(new Error("Stack [x] already exists"), { name: "AlreadyExistsException" }), "x").status).toBe(409);
  });

  it("reads the message of a body the SDK could not parse", () => {
    const err = Object.assign(new Error("Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object."), {
      name: "Error",
      $responseBodyText: '{"__type": "InvalidParameterValueException", "message": "Error occurred while GetObject. S3 Error Code: NoSuchBucket."}',
    });
    expect(describeAwsError(err).message).toBe("Error occurred while GetObject. S3 Error Code: NoSuchBucket.");
  });
});
