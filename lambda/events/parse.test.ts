import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAuthorizerEvent, parseMethodArn } from "./parse";

const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", name), "utf8")) as Record<string, unknown>;

describe("parseMethodArn", () => {
  /** parseMethodArn's answer, its fields in the order of the ARN. */
  const parts = (partition: string, region: string, account: string, apiId: string, stage: string, verb: string, path: string) => ({ partition, region, account, apiId, stage, verb, path });
  it("splits a method ARN", () => {
    expect(parseMethodArn("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/pets/1/toys")).toEqual(parts("aws", "eu-west-1", "123456789012", "abc123", "prod", "POST", "/pets/1/toys"));
    expect(parseMethodArn("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/")?.path).toBe("/");
  });
  it("accepts the ids an emulator sends (serverless-offline: random-account-id, random-api-id) and other partitions", () => {
    expect(parseMethodArn("arn:aws:execute-api:us-east-1:random-account-id:random-api-id/dev/GET/pets/{petId}")).toEqual(parts("aws", "us-east-1", "random-account-id", "random-api-id", "dev", "GET", "/pets/{petId}"));
    expect(parseMethodArn("arn:aws-cn:execute-api:cn-north-1:1234:my_api.v2/$default~x/POST/a")).toMatchObject({ partition: "aws-cn", account: "1234", apiId: "my_api.v2", stage: "$default~x" });
    expect(parseMethodArn("arn:local:execute-api:local:000000000000:Local_API/stage-1/DELETE/")).toMatchObject({ partition: "local", region: "local", path: "/" });
  });
  it.each([
    "",
    "arn:aws:lambda:us-east-1:123456789012:abc/prod/GET/",
    "arn:aws:execute-api:us-east-1:123456789012:abc/prod",
    "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET",
    // empty segments
    "arn::execute-api:us-east-1:123456789012:abc/prod/GET/x",
    "arn:aws:execute-api::123456789012:abc/prod/GET/x",
    "arn:aws:execute-api:us-east-1::abc/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:abc//GET/x",
    // a separator inside a segment would make the split ambiguous
    "arn:aws:execute-api:us-east-1:1234:5678:abc/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:a:bc/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:abc/pr:od/GET/x",
    // IAM wildcards would widen the answer's statement to other accounts, APIs or stages
    "arn:aws:execute-api:us-east-1:*:abc/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:*/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:ab?/prod/GET/x",
    "arn:aws:execute-api:*:123456789012:abc/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/x",
    // whitespace and control characters
    "arn:aws:execute-api:us-east-1:123456789012:ab c/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:abc/prod\n/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:abc\u0000/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:abc/prod/get/x",
    `arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/${"x".repeat(2048)}`,
    42,
    null,
  ])("refuses %j", (v) => expect(parseMethodArn(v)).toBeNull());
});

describe("parseAuthorizerEvent", () => {
  it("reads the REQUEST fixture", () => {
    const r = parseAuthorizerEvent(fixture("request-event.json"));
    expect(r).toMatchObject({
      type: "REQUEST",
      resource: "/pets/{petId}",
      arn: { apiId: "a1b2c3d4e5", stage: "prod", verb: "GET", path: "/pets/42" },
      authorization: ["Bearer REPLACED_BY_TESTS"],
      sourceIp: "203.0.113.7",
      userAgent: "curl/8.5.0",
      xForwardedFor: "203.0.113.7",
    });
    expect(r?.headers["X-Tenant"]).toBe("acme");
    expect(r?.query.verbose).toBe("1");
  });

  it("reads the TOKEN fixture", () => {
    expect(parseAuthorizerEvent(fixture("token-event.json"))).toMatchObject({
      type: "TOKEN",
      resource: null,
      authorization: ["Bearer REPLACED_BY_TESTS"],
      arn: { path: "/pets/42" },
    });
  });

  it("keeps every Authorization value, whatever the header's case", () => {
    const e = fixture("request-event.json");
    e.headers = { authorization: "Bearer a" };
    e.multiValueHeaders = { AUTHORIZATION: ["Bearer a", "Bearer b"] };
    expect(parseAuthorizerEvent(e)?.authorization.sort()).toEqual(["Bearer a", "Bearer a", "Bearer b"]);
  });

  it("keeps headers and query parameters named like Object members as plain entries, and inherits nothing", () => {
    const e = fixture("request-event.json");
    // As the runtime's JSON.parse hands them over: `__proto__` is an own key, not the prototype.
    e.headers = JSON.parse('{"__proto__":"p","constructor":"c","X-A":"1"}') as Record<string, unknown>;
    e.multiValueHeaders = JSON.parse('{"toString":["t1","t2"]}') as Record<string, unknown>;
    e.queryStringParameters = JSON.parse('{"__proto__":"q","hasOwnProperty":"h"}') as Record<string, unknown>;
    e.multiValueQueryStringParameters = null;
    const req = parseAuthorizerEvent(e)!;
    const header = (name: string) => req.headers[name];
    expect(Object.keys(req.headers).sort()).toEqual(["X-A", "__proto__", "constructor", "toString"]);
    expect(["__proto__", "constructor", "toString"].map(header)).toEqual(["p", "c", ["t1", "t2"]]);
    expect(Object.keys(req.query).sort()).toEqual(["__proto__", "hasOwnProperty"]);
    for (const map of [req.headers, req.query, parseAuthorizerEvent(fixture("request-event.json"))!.query]) {
      for (const inherited of ["valueOf", "isPrototypeOf", "__defineGetter__", "propertyIsEnumerable"]) expect(inherited in map).toBe(false);
      expect(Object.isFrozen(Object.getPrototypeOf(map) as object)).toBe(true);
    }
    expect(Object.keys(req.headers).length + Object.keys(req.query).length).toBe(6);
  });

  it("reads an event as serverless-offline 13 sends it", () => {
    // The shape of serverless-offline's createAuthScheme.js (payload 1.0, REQUEST): its ARN names
    // the route's template, and the request context repeats the emulator's ids.
    const e = {
      type: "REQUEST",
      methodArn: "arn:aws:execute-api:us-east-1:random-account-id:random-api-id/dev/GET/pets/{petId}",
      resource: "/pets/{petId}",
      path: "/pets/7",
      httpMethod: "GET",
      headers: { Host: "127.0.0.1:3000", Authorization: "Bearer abc" },
      multiValueHeaders: { Host: ["127.0.0.1:3000"], Authorization: ["Bearer abc"] },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { petId: "7" },
      requestContext: { accountId: "random-account-id", apiId: "random-api-id", stage: "dev", httpMethod: "GET", path: "/pets/7", resourcePath: "/pets/{petId}", requestId: "random-request-id" },
      authorizationToken: "",
      identitySource: "",
      enhancedAuthContext: {},
    };
    expect(parseAuthorizerEvent(e)).toMatchObject({ type: "REQUEST", arn: { account: "random-account-id", apiId: "random-api-id", stage: "dev", verb: "GET", path: "/pets/{petId}" }, resource: "/pets/{petId}", authorization: ["Bearer abc"] });
    expect(parseAuthorizerEvent({ ...e, requestContext: { ...e.requestContext, apiId: "other-api-id" } })).toBeNull();
  });

  it("refuses an event whose request context contradicts its method ARN", () => {
    for (const patch of [{ apiId: "other" }, { stage: "dev" }, { httpMethod: "POST" }, { accountId: "210987654321" }]) {
      const e = fixture("request-event.json");
      e.requestContext = { ...(e.requestContext as object), ...patch };
      expect(parseAuthorizerEvent(e)).toBeNull();
    }
    expect(parseAuthorizerEvent({ ...fixture("request-event.json"), methodArn: "garbage" })).toBeNull();
    expect(parseAuthorizerEvent({ type: "OTHER" })).toBeNull();
    expect(parseAuthorizerEvent(null)).toBeNull();
  });

  it("derives mTLS facts from the client certificate", () => {
    const e = fixture("request-event.json");
    const pem = readFileSync(path.join(import.meta.dirname, "..", "fixtures", "tls", "server.pem"), "utf8");
    (e.requestContext as { identity: Record<string, unknown> }).identity.clientCert = { clientCertPem: pem, subjectDN: "CN=localhost" };
    const r = parseAuthorizerEvent(e);
    expect(r?.mtls?.["x5t#S256"]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r?.mtls?.subject_dn).toBe("CN=localhost");
  });
});

describe("resource template vs method ARN", () => {
  it("refuses an event whose resource template does not match its method ARN's path", () => {
    const e = fixture("request-event.json");
    e.resource = "/pets";
    (e.requestContext as Record<string, unknown>).resourcePath = "/pets";
    expect(parseAuthorizerEvent(e)).toBeNull();
    (e.requestContext as Record<string, unknown>).resourcePath = "/{proxy+}";
    expect(parseAuthorizerEvent(e)?.resource).toBe("/{proxy+}");
  });
});
