import { describe, expect, it } from "vitest";
import { isCredentialKey, scrubCredentials } from "./credential-keys";

describe("credential keys", () => {
  it.each([
    "authorization", "Authorization", "proxy-authorization", "cookie", "Set-Cookie", "x-api-key", "X-Api-Key", "api_key", "apiKey",
    "access_token", "id_token", "refresh_token", "token", "csrfToken", "client_secret", "secret", "password", "user_password", "passwd",
    "credentials", "session_id", "private_key", "x-amz-security-token", "client_assertion",
  ])("%s is a credential key", (key) => expect(isCredentialKey(key)).toBe(true));

  it.each(["sub", "scp", "scope", "aud", "email", "groups", "accept", "user-agent", "tid"])("%s is not", (key) => expect(isCredentialKey(key)).toBe(false));

  it("scrubs at every depth and keeps the rest", () => {
    expect(scrubCredentials({ sub: "a", nested: [{ cookie: "c", keep: 1 }], headers: { "x-api-key": "k", accept: "*/*" } })).toEqual({
      sub: "a",
      nested: [{ keep: 1 }],
      headers: { accept: "*/*" },
    });
  });
});
