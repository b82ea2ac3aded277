import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEER_HEADER } from "@/lib/api/forwarded";
import { SOURCE_MAX_FAILURES } from "@/lib/auth/sign-in-throttle";
import { CookieJar, signInOverHttp, startRunningConsole, type RunningConsole } from "@/test/running-console";

/**
 * The console as `npm start` serves it, over HTTP: what only the real server does — pages and
 * their Content-Security-Policy (proxy.ts), the sign-in page's redirect, next-auth's endpoints,
 * the sign-in throttle with the client's real address (scripts/serve.mjs).
 */
let served: RunningConsole;
const ADMIN = { username: "admin", password: process.env.ADMIN_PASSWORD ?? "integration-admin-password" };
const admin = new CookieJar();

beforeAll(async () => {
  // "::" so that the same machine can come from two addresses: 127.0.0.1 and ::1.
  served = await startRunningConsole({ HOST: "::" });
  const signedIn = await signInOverHttp(served.base, admin, ADMIN);
  expect(signedIn.url, "the admin signs in").not.toContain("error=");
}, 900_000);

afterAll(async () => {
  await served?.stop();
});

const get = (path: string, jar?: CookieJar, headers: Record<string, string> = {}) =>
  fetch(`${served.base}${path}`, { redirect: "manual", headers: { ...(jar ? { cookie: jar.header() } : {}), ...headers } });

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** The policy is strict, and every script of the page carries its nonce (so the page runs under it). */
async function expectStrictPage(path: string, jar?: CookieJar): Promise<string> {
  const res = await get(path, jar);
  expect([200, 404], path).toContain(res.status);
  const policy = res.headers.get("content-security-policy");
  expect(policy, `${path} has a Content-Security-Policy`).toBeTruthy();
  const d = directives(policy!);
  const scripts = d.get("script-src") ?? [];
  const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
  expect(nonce, `${path}: script-src has a nonce`).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(scripts).toContain("'strict-dynamic'");
  expect(scripts, path).not.toContain("'unsafe-inline'");
  expect(scripts, path).not.toContain("'unsafe-eval'");
  expect(d.get("default-src")).toEqual(["'self'"]);
  expect(d.get("object-src")).toEqual(["'none'"]);
  expect(d.get("base-uri")).toEqual(["'none'"]);
  expect(d.get("frame-ancestors")).toEqual(["'none'"]);
  expect(d.get("style-src")).not.toContain("'unsafe-inline'");
  const html = await res.text();
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(tags.length, `${path} has scripts`).toBeGreaterThan(0);
  for (const tag of tags) expect(tag, `${path}: ${tag}`).toContain(`nonce="${nonce}"`);
  // Inline <style> elements need the nonce too (style-src has no 'unsafe-inline').
  for (const tag of [...html.matchAll(/<style\b[^>]*>/g)].map((m) => m[0])) expect(tag, `${path}: ${tag}`).toContain(`nonce="${nonce}"`);
  // No inline event handler attributes (CSP would block them).
  expect(html, path).not.toMatch(/<[^>]+\son[a-z]+=/i);
  return nonce!;
}

describe("Content-Security-Policy", () => {
  it("every page, signed in or not, the decoder and a missing page included, passes a strict nonce policy", async () => {
    const first = await expectStrictPage("/signin");
    expect(await expectStrictPage("/signin")).not.toBe(first); // a fresh nonce per response
    for (const path of ["/gateways", "/gateways/new", "/authn-context", "/policies", "/services", "/enforcement/apis", "/audit", "/settings/users", "/settings/tokens", "/settings/aws", "/no-such-page"]) {
      await expectStrictPage(path, admin);
    }
  });
});

describe("sign-in callback (open redirect)", () => {
  const FOREIGN = ["%2F%09%2Fevil.example", "%2F%0A%2Fevil.example", "%2F%0D%2Fevil.example", "%2F%2Fevil.example", "%2F%5Cevil.example", "https%3A%2F%2Fevil.example%2F", "%20%2F%2Fevil.example"];

  it.each(FOREIGN)("an already signed-in visit with callbackUrl=%s stays on the console", async (raw) => {
    const res = await get(`/signin?callbackUrl=${raw}`, admin);
    expect(res.status).toBe(307);
    const location = res.headers.get("location")!;
    // What a browser does with the Location: resolve it against the page (dropping tabs and line breaks).
    expect(new URL(location, served.base).origin, location).toBe(new URL(served.base).origin);
  });

  it.each(FOREIGN)("the sign-in form of an anonymous visit with callbackUrl=%s goes home after signing in", async (raw) => {
    const res = await get(`/signin?callbackUrl=${raw}`);
    expect(res.status).toBe(200);
    // The form's callbackUrl prop, as the page hands it to the client component.
    const prop = /\\"callbackUrl\\":\\"(.*?)\\"/.exec(await res.text());
    expect(prop?.[1]).toBe("/");
  });

  it("a page of the console is kept", async () => {
    const res = await get(`/signin?callbackUrl=${encodeURIComponent("/policies?x=1")}`, admin);
    expect(res.status).toBe(307);
    expect(new URL(res.headers.get("location")!, served.base).pathname + new URL(res.headers.get("location")!, served.base).search).toBe("/policies?x=1");
  });

  it("next-auth's own redirect after sign-in stays on the console too", async () => {
    for (const callbackUrl of ["/\t/evil.example", "https://evil.example/", `${served.base}//evil.example`]) {
      const jar = new CookieJar();
      const { url } = await signInOverHttp(served.base, jar, { ...ADMIN, callbackUrl });
      expect(new URL(url, served.base).origin, callbackUrl).toBe(new URL(served.base).origin);
      expect(new URL(url, served.base).pathname, callbackUrl).not.toMatch(/^\/\//);
    }
  });
});

describe("next-auth endpoints", () => {
  it.each(["/api/auth/session", "/api/auth/callback/credentials", "/api/auth/signout"])("%s answers a JSON POST with 415 and no stack trace", async (path) => {
    const res = await fetch(`${served.base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(415);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "unsupported_media_type" } });
    expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.js:\d+/);
  });

  it("still serves the session and the form-encoded sign-in", async () => {
    const res = await get("/api/auth/session", admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { name: "admin" } });
  });
});

// Last: it uses up 127.0.0.1's failure budget.
describe("sign-in flood", () => {
  it("limits failures per source — forged X-Forwarded-For or peer headers do not make a new one — and never locks the owner out from elsewhere", async () => {
    const attempts = Array.from({ length: SOURCE_MAX_FAILURES }, (_, i) => i);
    for (let i = 0; i < attempts.length; i += 6) {
      await Promise.all(
        attempts.slice(i, i + 6).map(async (n) => {
          const forged = { "x-forwarded-for": `203.0.113.${n}`, "x-real-ip": `203.0.113.${n}`, [PEER_HEADER]: `203.0.113.${n}` };
          const { url } = await signInOverHttp(served.base, new CookieJar(), { username: `random-${randomBytes(4).toString("hex")}`, password: "wrong-password-1" }, forged);
          expect(decodeURIComponent(url)).toContain("error=CredentialsSignin");
        }),
      );
    }
    // The source is now refused before any password is checked, even with the right one.
    const refused = await signInOverHttp(served.base, new CookieJar(), ADMIN, { "x-forwarded-for": "198.51.100.99" });
    expect(decodeURIComponent(refused.url)).toMatch(/error=Too many failed sign-ins from your address/);
    // The owner, from another address (::1), signs in at once.
    const owner = served.base.replace("127.0.0.1", "[::1]");
    const ownerJar = new CookieJar();
    const ok = await signInOverHttp(owner, ownerJar, ADMIN);
    expect(ok.url).not.toContain("error=");
    expect(ownerJar.has("next-auth.session-token")).toBe(true);
  }, 120_000);
});
