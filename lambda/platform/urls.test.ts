import { describe, expect, it } from "vitest";
import { systemUrls } from "./urls";

describe("systemUrls", () => {
  it("derives the system API of the embedded console", () => {
    const r = systemUrls("http://localhost:3000/default/system");
    expect(r).toEqual({
      ok: true,
      urls: {
        issuer: "http://localhost:3000/default/system",
        discovery: "http://localhost:3000/default/system/.well-known/openid-configuration",
        base: "http://localhost:3000",
        tenant: "default",
        serverId: "system",
        configuration: "http://localhost:3000/api/system/default/gateways/configuration",
        requests: "http://localhost:3000/api/system/default/gateways/requests",
        introspect: "http://localhost:3000/api/system/default/gateways/introspect",
      },
    });
  });

  it("keeps a path prefix and ignores a trailing slash", () => {
    const r = systemUrls("https://example.com/gatehouse/acme/system/");
    expect(r.ok && r.urls.configuration).toBe("https://example.com/gatehouse/api/system/acme/gateways/configuration");
    expect(r.ok && r.urls.issuer).toBe("https://example.com/gatehouse/acme/system");
  });

  it.each(["not a url", "ftp://x/a/b", "https://x/system", "https://x/a/b?x=1", "https://u:p@x/a/b"])("rejects %s", (u) => {
    expect(systemUrls(u).ok).toBe(false);
  });
});
