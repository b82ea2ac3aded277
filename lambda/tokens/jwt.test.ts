import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalBase64url, checkClaims, looksLikeJwt, parseJws, verifySignature } from "./jwt";

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

function signed(alg: string, privateKey: KeyObject, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg, kid: "k", ...header })}.${b64(payload)}`;
  const hash = alg === "EdDSA" ? null : `sha${alg.slice(2)}`;
  let sig: Buffer;
  if (alg.startsWith("PS")) sig = sign(hash, Buffer.from(input), { key: privateKey, padding: 6, saltLength: -1 });
  else if (alg.startsWith("ES")) sig = sign(hash, Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
  else sig = sign(hash, Buffer.from(input), privateKey);
  return `${input}.${sig.toString("base64url")}`;
}

describe("parseJws", () => {
  it("accepts a well-formed RS256 token", () => {
    const r = parseJws(`${b64({ alg: "RS256", kid: "a" })}.${b64({ sub: "x" })}.c2ln`);
    expect(r.ok && r.jws.alg).toBe("RS256");
    expect(r.ok && r.jws.kid).toBe("a");
  });

  it.each([
    ["alg none", `${b64({ alg: "none" })}.${b64({ sub: "x" })}.`, "unsupported_alg"],
    ["alg none with a signature", `${b64({ alg: "none" })}.${b64({ sub: "x" })}.c2ln`, "unsupported_alg"],
    ["HS256", `${b64({ alg: "HS256" })}.${b64({ sub: "x" })}.c2ln`, "unsupported_alg"],
    ["lower-case alg", `${b64({ alg: "rs256" })}.${b64({ sub: "x" })}.c2ln`, "unsupported_alg"],
    ["crit header", `${b64({ alg: "RS256", crit: ["exp"] })}.${b64({ sub: "x" })}.c2ln`, "unsupported_alg"],
    ["two parts", `${b64({ alg: "RS256" })}.${b64({ sub: "x" })}`, "malformed"],
    ["four parts", `${b64({ alg: "RS256" })}.${b64({})}.a.b`, "malformed"],
    ["header not JSON", `bm9wZQ.${b64({})}.c2ln`, "malformed"],
    ["payload an array", `${b64({ alg: "RS256" })}.${b64([1])}.c2ln`, "malformed"],
    ["padding characters", `${b64({ alg: "RS256" })}=.${b64({})}.c2ln`, "malformed"],
    ["kid not a string", `${b64({ alg: "RS256", kid: 7 })}.${b64({})}.c2ln`, "malformed"],
    ["a non-canonical base64url signature (the same bytes spelt differently)", `${b64({ alg: "RS256" })}.${b64({})}.c2h`, "malformed"],
  ])("refuses %s", (_name, token, reason) => {
    expect(parseJws(token)).toEqual({ ok: false, reason });
  });

  it("tells JWT-shaped tokens from opaque ones", () => {
    expect(looksLikeJwt("a.b.c")).toBe(true);
    expect(looksLikeJwt("a.b.")).toBe(true);
    expect(looksLikeJwt("opaque-token")).toBe(false);
    expect(looksLikeJwt("a..c")).toBe(false);
    expect(looksLikeJwt("a.b.c.d")).toBe(false);
  });
});

describe("verifySignature", () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ec384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const ed = generateKeyPairSync("ed25519");

  it.each([
    ["RS256", rsa],
    ["RS512", rsa],
    ["PS256", rsa],
    ["PS384", rsa],
    ["ES256", ec256],
    ["ES384", ec384],
    ["EdDSA", ed],
  ] as const)("%s verifies with the right key and not after tampering", (alg, pair) => {
    const token = signed(alg, pair.privateKey, { sub: "u" });
    const parsed = parseJws(token);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(verifySignature(parsed.jws, pair.publicKey)).toBe(true);
    const tampered = parseJws(token.replace(/\.[^.]+\./, `.${b64({ sub: "admin" })}.`));
    if (!tampered.ok) throw new Error("parse");
    expect(verifySignature(tampered.jws, pair.publicKey)).toBe(false);
  });

  it("refuses a key of another type and an ES signature of the wrong size", () => {
    const token = signed("ES256", ec256.privateKey, { sub: "u" });
    const parsed = parseJws(token);
    if (!parsed.ok) throw new Error("parse");
    expect(verifySignature(parsed.jws, rsa.publicKey)).toBe(false);
    expect(verifySignature({ ...parsed.jws, signature: Buffer.concat([parsed.jws.signature, Buffer.from([0])]) }, ec256.publicKey)).toBe(false);
  });
});

describe("checkClaims", () => {
  const now = 1_700_000_000;
  const rules = { nowSeconds: now, skewSeconds: 30, audiences: [] as string[] };
  it("requires exp and applies the skew", () => {
    expect(checkClaims({}, rules)).toBe("malformed");
    expect(checkClaims({ exp: "soon" }, rules)).toBe("malformed");
    expect(checkClaims({ exp: now - 29 }, rules)).toBeNull();
    expect(checkClaims({ exp: now - 30 }, rules)).toBe("expired");
    expect(checkClaims({ exp: now + 60, nbf: now + 29 }, rules)).toBeNull();
    expect(checkClaims({ exp: now + 60, nbf: now + 31 }, rules)).toBe("not_yet_valid");
    expect(checkClaims({ exp: now + 60, nbf: "x" }, rules)).toBe("malformed");
  });

  it("checks the audience only when the issuer lists some", () => {
    const strict = { ...rules, audiences: ["https://api.example"] };
    expect(checkClaims({ exp: now + 60, aud: "https://api.example" }, strict)).toBeNull();
    expect(checkClaims({ exp: now + 60, aud: ["x", "https://api.example"] }, strict)).toBeNull();
    expect(checkClaims({ exp: now + 60, aud: "https://other" }, strict)).toBe("wrong_audience");
    expect(checkClaims({ exp: now + 60 }, strict)).toBe("wrong_audience");
    expect(checkClaims({ exp: now + 60, aud: "anything" }, rules)).toBeNull();
  });
});

describe("canonicalBase64url", () => {
  it("agrees with decoding and re-encoding, for every length and last character", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let length = 1; length <= 12; length++) {
      for (const last of alphabet) {
        const text = "Q".repeat(length - 1) + last;
        const reencoded = Buffer.from(text, "base64url").toString("base64url") === text;
        expect(canonicalBase64url(text), text).toBe(reencoded);
      }
    }
  });
});
