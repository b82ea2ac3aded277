import { describe, expect, it } from "vitest";
import { interpretAuthorizerAnswer } from "./authorizer-result";
import { evaluateInvokePolicy, wildcardMatch } from "./iam-policy";
import { identityKey } from "./identity-sources";
import { allowsApiGatewayInvoke } from "./invoke-permission";
import { matchResource } from "./match";

const ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/42";
const allow = (resource: string | string[]) => ({
  principalId: "user",
  policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: resource }] },
});

describe("resource matching", () => {
  const resources = [
    { id: "r", path: "/" },
    { id: "p", path: "/pets" },
    { id: "pid", path: "/pets/{petId}" },
    { id: "mine", path: "/pets/mine" },
    { id: "proxy", path: "/{proxy+}" },
  ];
  it.each([
    ["/", "r", null],
    ["/pets", "p", null],
    ["/pets/", "p", null],
    ["/pets/42", "pid", { petId: "42" }],
    ["/pets/mine", "mine", null],
    ["/pets/a%20b", "pid", { petId: "a b" }],
    ["/toys/1/2", "proxy", { proxy: "toys/1/2" }],
  ])("%s → %s", (path, id, params) => {
    const m = matchResource(resources, path);
    expect(m?.resource.id).toBe(id);
    expect(m?.pathParameters).toEqual(params);
  });
  it("no match without a greedy resource", () => {
    expect(matchResource(resources.slice(0, 4), "/toys")).toBeNull();
    expect(matchResource(resources.slice(0, 4), "/pets/1/2")).toBeNull();
  });
});

describe("authorizer policies", () => {
  it("wildcards", () => {
    expect(wildcardMatch("arn:aws:execute-api:*:*:abc123/*/GET/*", ARN)).toBe(true);
    expect(wildcardMatch("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/*", ARN)).toBe(false);
    expect(wildcardMatch("a?c", "abc")).toBe(true);
  });
  it("allow only for a matching resource; deny wins", () => {
    expect(evaluateInvokePolicy(allow(ARN).policyDocument, ARN)).toBe("allow");
    expect(evaluateInvokePolicy(allow("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets").policyDocument, ARN)).toBe("deny");
    const both = { Statement: [allow("*").policyDocument.Statement[0], { Action: "execute-api:Invoke", Effect: "Deny", Resource: ARN }] };
    expect(evaluateInvokePolicy(both, ARN)).toBe("deny");
    expect(evaluateInvokePolicy({ Statement: "nope" }, ARN)).toBe("malformed");
  });
  it("maps answers to API Gateway's statuses", () => {
    expect(interpretAuthorizerAnswer({ ok: false, errorMessage: "Unauthorized" }, ARN)).toEqual({ kind: "unauthorized" });
    expect(interpretAuthorizerAnswer({ ok: false, errorMessage: "boom" }, ARN).kind).toBe("error");
    expect(interpretAuthorizerAnswer({ ok: true, result: allow(ARN) }, ARN)).toEqual({ kind: "pass", principalId: "user", context: {} });
    expect(interpretAuthorizerAnswer({ ok: true, result: { ...allow(ARN), context: { a: "x", n: 1, b: true } } }, ARN).kind).toBe("pass");
    expect(interpretAuthorizerAnswer({ ok: true, result: { ...allow(ARN), context: { o: { nested: 1 } } } }, ARN).kind).toBe("error");
    expect(interpretAuthorizerAnswer({ ok: true, result: { ...allow(ARN), context: { a: [1] } } }, ARN).kind).toBe("error");
    expect(interpretAuthorizerAnswer({ ok: true, result: allow("arn:other") }, ARN)).toEqual({ kind: "denied" });
    expect(interpretAuthorizerAnswer({ ok: true, result: { policyDocument: allow(ARN).policyDocument } }, ARN).kind).toBe("error");
    expect(interpretAuthorizerAnswer({ ok: true, result: null }, ARN).kind).toBe("error");
  });
});

describe("identity sources", () => {
  const inputs = { headers: { authorization: "Bearer x" }, query: {}, stageVariables: {}, context: { httpMethod: "GET", resourcePath: "/pets" } };
  it("builds a cache key from every source", () => {
    const a = identityKey("method.request.header.Authorization,context.httpMethod,context.resourcePath", inputs);
    const b = identityKey("method.request.header.Authorization,context.httpMethod,context.resourcePath", {
      ...inputs,
      context: { httpMethod: "GET", resourcePath: "/pets/{petId}" },
    });
    expect(a.ok && b.ok && a.key !== b.key).toBe(true);
  });
  it("a missing header means 401 without invoking", () => {
    expect(identityKey("method.request.header.Authorization", { ...inputs, headers: {} })).toEqual({ ok: false });
  });
});

describe("invoke permission", () => {
  const source = "arn:aws:execute-api:us-east-1:123456789012:abc123/authorizers/xyz";
  const policy = (condition?: unknown) =>
    JSON.stringify({
      Statement: [
        { Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "lambda:InvokeFunction", ...(condition ? { Condition: condition } : {}) },
      ],
    });
  it("accepts a wildcard statement over …/authorizers/*", () => {
    expect(allowsApiGatewayInvoke(policy({ ArnLike: { "AWS:SourceArn": "arn:aws:execute-api:us-east-1:123456789012:*/authorizers/*" } }), source)).toBe(true);
  });
  it("refuses another API, another principal, or no policy", () => {
    expect(allowsApiGatewayInvoke(policy({ ArnLike: { "AWS:SourceArn": "arn:aws:execute-api:us-east-1:123456789012:other/authorizers/*" } }), source)).toBe(false);
    expect(allowsApiGatewayInvoke(JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "lambda:InvokeFunction" }] }), source)).toBe(false);
    expect(allowsApiGatewayInvoke(undefined, source)).toBe(false);
  });
});
