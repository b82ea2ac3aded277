import { describe, expect, it } from "vitest";
import { envSchema } from "../env";
import { PEER_HEADER, UNKNOWN_SOURCE, forwardedOrigin, requestSource } from "./forwarded";

const untrusted = envSchema.parse({});
const trusted = envSchema.parse({ GATEHOUSE_TRUST_FORWARDED_HEADERS: "true" });

describe("forwarded headers", () => {
  it("are off by default and the setting refuses anything but true/false", () => {
    expect(untrusted.GATEHOUSE_TRUST_FORWARDED_HEADERS).toBe(false);
    expect(envSchema.parse({ GATEHOUSE_TRUST_FORWARDED_HEADERS: "1" }).GATEHOUSE_TRUST_FORWARDED_HEADERS).toBe(true);
    expect(envSchema.safeParse({ GATEHOUSE_TRUST_FORWARDED_HEADERS: "yes please" }).success).toBe(false);
  });

  it("untrusted: the source is the socket's peer, whatever X-Forwarded-For says", () => {
    const h = new Headers({ [PEER_HEADER]: "192.0.2.1", "x-forwarded-for": "203.0.113.9" });
    expect(requestSource(h, untrusted)).toBe("192.0.2.1");
    expect(requestSource({ "x-forwarded-for": "203.0.113.9" }, untrusted)).toBe(UNKNOWN_SOURCE);
    expect(forwardedOrigin(new Headers({ "x-forwarded-host": "evil.example" }), untrusted)).toBeUndefined();
  });

  it("trusted: the last X-Forwarded-For entry (the proxy's own), and the forwarded origin", () => {
    const h = new Headers({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.4", "x-forwarded-host": "console.example.com", "x-forwarded-proto": "https" });
    expect(requestSource(h, trusted)).toBe("198.51.100.4");
    expect(requestSource({ [PEER_HEADER]: "10.0.0.2" }, trusted)).toBe("10.0.0.2");
    expect(forwardedOrigin(h, trusted)).toBe("https://console.example.com");
    expect(forwardedOrigin(new Headers({ "x-forwarded-host": "bad host/x" }), trusted)).toBeUndefined();
  });
});
