import { describe, expect, it } from "vitest";
import { curlLine } from "./curl-line";

describe("curlLine", () => {
  const url = "https://abc123.execute-api.eu-west-1.amazonaws.com/prod";
  it("GET with the token placeholder by default", () => {
    expect(curlLine({ url, path: "/pets" })).toBe(`curl -i -H "Authorization: Bearer $TOKEN" '${url}/pets'`);
  });
  it("other methods, no token, a path without its slash, a trailing slash on the URL", () => {
    expect(curlLine({ url: `${url}/`, path: "pets", method: "PUT", bearer: false })).toBe(`curl -i -X PUT '${url}/pets'`);
    expect(curlLine({ url, path: "/", method: "HEAD", bearer: false })).toBe(`curl -i -I '${url}/'`);
  });
  it("quotes what the shell would otherwise read: quotes in the path, header values", () => {
    expect(curlLine({ url, path: "/it's", bearer: false, headers: [["x-env", "a b"]] })).toBe(`curl -i -H 'x-env: a b' '${url}/it'\\''s'`);
  });
});
