import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAuthorizerEvent } from "../events/parse";
import { buildAnswer, injectedContext, principalOf, statementResource, templateWildcard } from "./answer";

const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", name), "utf8")) as Record<string, unknown>;

describe("answers", () => {
  it("names the resource template as a wildcard for REQUEST events (cache-safe per route)", () => {
    expect(templateWildcard("/pets/{petId}/toys/{toyId}")).toBe("/pets/*/toys/*");
    expect(templateWildcard("/{proxy+}")).toBe("/*");
    expect(statementResource(parseAuthorizerEvent(fixture("request-event.json")))).toBe("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/*");
    const root = fixture("request-event.json");
    root.methodArn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/";
    root.resource = "/";
    (root.requestContext as Record<string, unknown>).resourcePath = "/";
    expect(statementResource(parseAuthorizerEvent(root))).toBe("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/");
  });

  it("names the method ARN for TOKEN events and * when there is no usable event", () => {
    const token = fixture("token-event.json");
    expect(statementResource(parseAuthorizerEvent(token))).toBe(token.methodArn);
    expect(statementResource(null)).toBe("*");
  });

  it("keeps ARNs within 512 characters", () => {
    const e = fixture("request-event.json");
    const long = "/" + "x".repeat(600);
    e.methodArn = `arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET${long}`;
    e.resource = long;
    (e.requestContext as Record<string, unknown>).resourcePath = long;
    expect(statementResource(parseAuthorizerEvent(e))).toBe("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/*");
  });

  it("builds the IAM policy, principal and primitive context", () => {
    expect(principalOf({ sub: "alice", client_id: "c" })).toBe("alice");
    expect(principalOf({ client_id: "svc" })).toBe("svc");
    expect(principalOf(null)).toBe("anonymous");
    const ctx = injectedContext({ sub: "alice", scp: ["a"], nested: { x: 1 } });
    expect(Object.values(ctx!).every((v) => typeof v === "string")).toBe(true);
    expect(JSON.parse(Buffer.from(ctx!.authnCtx as string, "base64").toString())).toEqual({ sub: "alice", scp: ["a"], nested: { x: 1 } });
    expect(buildAnswer("Allow", "arn:x", "alice", ctx)).toEqual({
      principalId: "alice",
      policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: ["arn:x"] }] },
      context: ctx,
    });
    expect(buildAnswer("Deny", "arn:x", "anonymous")).not.toHaveProperty("context");
  });
});
