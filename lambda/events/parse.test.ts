import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAuthorizerEvent, parseMethodArn } from "./parse";

const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", name), "utf8")) as Record<string, unknown>;

describe("parseMethodArn", () => {
  it("splits a method ARN", () => {
    expect(parseMethodArn("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/pets/1/toys")).toEqual({
      partition: "aws",
      region: "eu-west-1",
      account: "123456789012",
      apiId: "abc123",
      stage: "prod",
      verb: "POST",
      path: "/pets/1/toys",
    });
    expect(parseMethodArn("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/")?.path).toBe("/");
  });
  it.each(["", "arn:aws:lambda:us-east-1:123456789012:abc/prod/GET/", "arn:aws:execute-api:us-east-1:1234:abc/prod/GET/x", "arn:aws:execute-api:us-east-1:123456789012:abc/prod", 42, null])(
    "refuses %j",
    (v) => expect(parseMethodArn(v)).toBeNull(),
  );
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

  it("refuses an event whose request context contradicts its method ARN", () => {
    for (const patch of [{ apiId: "other" }, { stage: "dev" }, { httpMethod: "POST" }]) {
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
