import { createServer, type Server, type Socket } from "node:net";
import { STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { mockSend } from "@/test/aws/mock-send";
import { awsClients, resetAwsClients } from "./clients";
import { awsApiError, describeAwsError } from "./errors";
import { awsRequestHandler, nameEndpointOnErrors } from "./http";
import { accountFor, resetAccountCache, whoAmI } from "./identity";

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

describe("accountFor", () => {
  afterEach(() => {
    resetAccountCache();
    resetAwsClients();
  });

  it("without an identity answers the AWS error of why, with that code's one status", async () => {
    mockSend(awsClients("eu-west-1").sts, () => Promise.reject(credentialsProviderError()));
    await expect(accountFor("eu-west-1")).rejects.toMatchObject({ status: 503, code: "aws_no_credentials", message: expect.stringMatching(/^No AWS credentials/) as unknown });
    const timeout = Object.assign(new Error("@smithy/node-http-handler - [ERROR] a request has exceeded the configured 10000 ms requestTimeout."), {
      name: "TimeoutError",
      $endpoint: "https://sts.eu-west-1.amazonaws.com",
    });
    mockSend(awsClients("eu-west-1").sts, () => Promise.reject(timeout));
    await expect(accountFor("eu-west-1")).rejects.toMatchObject({ status: 504, code: "aws_timeout" });
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

describe("an endpoint that accepts the connection and never answers", () => {
  let server: Server;
  let endpoint: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // Holds every socket open and never writes a byte (a hung proxy or emulator).
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };

  it("ends with a clear 'did not answer' naming the endpoint, not a wait forever", async () => {
    const sts = nameEndpointOnErrors(
      new STSClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1, requestHandler: awsRequestHandler({ connectionMs: 3000, requestMs: 300 }) }),
    );
    const started = Date.now();
    const me = await whoAmI("us-east-1", sts);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(me).toMatchObject({ ok: false, reason: "unreachable", message: `AWS did not answer within 0.3 s (${endpoint}).` });
    sts.destroy();
  });

  it("the console's own clients give up after 10 s (AWS_ENDPOINT_URL pointing at it)", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey });
    resetAwsClients();
    try {
      const started = Date.now();
      const me = await whoAmI("us-east-1");
      expect(Date.now() - started).toBeLessThan(14_000);
      expect(me).toMatchObject({ ok: false, reason: "unreachable", endpoint, message: `AWS did not answer within 10 s (${endpoint}).` });
      expect(me.ok === false && me.help.join(" ")).toContain(endpoint);
    } finally {
      resetAwsClients();
      process.env = saved;
    }
  }, 20_000);

  it("names a connection that was never established, and a timeout as a 504 API error", () => {
    const connect = Object.assign(
      new Error("@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms."),
      { name: "TimeoutError", $endpoint: "https://cloudformation.eu-west-1.amazonaws.com", $metadata: { attempts: 3 } },
    );
    expect(describeAwsError(connect)).toMatchObject({
      kind: "unreachable",
      timedOut: true,
      message: "AWS did not accept a connection within 3 s (https://cloudformation.eu-west-1.amazonaws.com, 3 attempts).",
    });
    const request = Object.assign(new Error("@smithy/node-http-handler - [ERROR] a request has exceeded the configured 10000 ms requestTimeout."), {
      name: "TimeoutError",
      $endpoint: "https://cloudformation.eu-west-1.amazonaws.com",
    });
    const api = awsApiError(request, "read the stack's status");
    expect(api).toMatchObject({ status: 504, code: "aws_timeout" });
    expect(api.message).toBe("Could not read the stack's status: AWS did not answer within 10 s (https://cloudformation.eu-west-1.amazonaws.com).");
  });
});
