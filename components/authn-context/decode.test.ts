import { describe, expect, it } from "vitest";
import {
  describeTime,
  formatClaimValue,
  formatUtc,
  pickUnit,
  presentClaims,
  validity,
  WELL_KNOWN_CLAIMS,
} from "./claims";
import { decodeAuthnInput, decodeBase64, firstInvalidUtf8, MAX_INPUT_BYTES, utf8Length, type DecodeResult } from "./decode";
import { SAMPLE_AUTHN_CTX, SAMPLE_EVENT } from "./sample";

// Buffer only builds fixtures here (Node); the code under test never uses it.
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString("base64");
const b64url = (s: string | Uint8Array) => Buffer.from(s).toString("base64url");

const GUIDE_CLAIMS = {
  acr: "1",
  aid: "default",
  amr: ["pwd"],
  aud: ["buvosn84mq0dnvc30sl0", "spiffe://dev.acp.int.cloudentity.com/qky1fzhg8oo6g10dlyqp/default/buvosf84mq0dnvc30rug"],
  exp: 1606392950,
  iat: 1606389349,
  idp: "default",
  iss: "https://dev.acp.int.cloudentity.com:8443/qky1fzhg8oo6g10dlyqp/default",
  jti: "e670f421-b047-4932-a0b2-3a433ad79469",
  nbf: 1606389349,
  scp: ["amazon_api_scope"],
  st: "public",
  sub: "user",
  tid: "qky1fzhg8oo6g10dlyqp",
};

/** Claims whose base64 needs the 62nd and 63rd characters, so the two alphabets differ. */
const ODD_CLAIMS = { sub: "ünïcødé ✓ ???>>>~~~", tid: "t1" };

function expectClaims(r: DecodeResult): Record<string, unknown> {
  if (r.kind !== "authnCtx") throw new Error(`expected authnCtx, got ${JSON.stringify(r)}`);
  return r.claims;
}

function expectError(r: DecodeResult, code: string): { message: string; detail?: string } {
  if (r.kind !== "error") throw new Error(`expected an error, got ${JSON.stringify(r).slice(0, 200)}`);
  expect(r.code).toBe(code);
  return r;
}

describe("sample", () => {
  it("is valid JSON with the guide's exact authnCtx and fields", () => {
    const event = JSON.parse(SAMPLE_EVENT) as { requestContext: { authorizer: Record<string, unknown>; requestId: string }; httpMethod: string };
    expect(event.requestContext.authorizer.authnCtx).toBe(SAMPLE_AUTHN_CTX);
    expect(SAMPLE_AUTHN_CTX.startsWith("eyJhY3Ii")).toBe(true);
    expect(SAMPLE_AUTHN_CTX.endsWith("In0=")).toBe(true);
    expect(event.requestContext.authorizer.principalId).toBe("user");
    expect(event.requestContext.requestId).toBe("aea1cf05-c864-452c-a9cd-90ca90f992ae");
    expect(event.httpMethod).toBe("GET");
    expect(SAMPLE_EVENT).toContain("\n  "); // pretty-printed
  });
});

describe("decodeAuthnInput: accepted forms", () => {
  it("decodes the guide's standard base64 authnCtx", () => {
    const r = decodeAuthnInput(SAMPLE_AUTHN_CTX);
    expect(r).toEqual({ kind: "authnCtx", source: "base64", claims: GUIDE_CLAIMS });
  });

  it("decodes the URL-safe alphabet and the standard one to the same claims", () => {
    const json = JSON.stringify(ODD_CLAIMS);
    const std = b64(json);
    const url = b64url(json);
    expect(std).toMatch(/[+/]/);
    expect(url).toMatch(/[-_]/);
    expect(expectClaims(decodeAuthnInput(std))).toEqual(ODD_CLAIMS);
    expect(expectClaims(decodeAuthnInput(url))).toEqual(ODD_CLAIMS);
  });

  it("decodes without padding", () => {
    const unpadded = SAMPLE_AUTHN_CTX.replace(/=+$/, "");
    expect(unpadded).not.toBe(SAMPLE_AUTHN_CTX);
    expect(expectClaims(decodeAuthnInput(unpadded)).sub).toBe("user");
    const two = b64('{"sub":""}'); // 10 bytes: needs "=="
    expect(two.endsWith("==")).toBe(true);
    expect(expectClaims(decodeAuthnInput(two.replace(/=+$/, "")))).toEqual({ sub: "" });
  });

  it.each([
    ["double quotes and whitespace", `  \n "${SAMPLE_AUTHN_CTX}"\t\n`],
    ["single quotes", `'${SAMPLE_AUTHN_CTX}'`],
    ["curly quotes", `\u201C${SAMPLE_AUTHN_CTX}\u201D`],
    ["a copied JSON line", `"authnCtx": "${SAMPLE_AUTHN_CTX}",`],
    ["a line-wrapped value", SAMPLE_AUTHN_CTX.replace(/(.{76})/g, "$1\n")],
  ])("decodes a value with %s", (_name, input) => {
    const r = decodeAuthnInput(input);
    expect(r.kind).toBe("authnCtx");
    expect(expectClaims(r).tid).toBe("qky1fzhg8oo6g10dlyqp");
  });

  it("finds requestContext.authorizer.authnCtx in a whole Lambda-proxy event", () => {
    const r = decodeAuthnInput(SAMPLE_EVENT);
    expect(r).toEqual({ kind: "authnCtx", source: "event", claims: GUIDE_CLAIMS, path: "requestContext.authorizer.authnCtx" });
  });

  it("accepts an object with authorizer.authnCtx or a top-level authnCtx", () => {
    const a = decodeAuthnInput(JSON.stringify({ authorizer: { authnCtx: SAMPLE_AUTHN_CTX, principalId: "user" } }));
    expect(a).toMatchObject({ kind: "authnCtx", source: "event", path: "authorizer.authnCtx" });
    expect(expectClaims(a).sub).toBe("user");
    const b = decodeAuthnInput(JSON.stringify({ authnCtx: SAMPLE_AUTHN_CTX }));
    expect(b).toMatchObject({ kind: "authnCtx", source: "event", path: "authnCtx" });
  });

  it("accepts an HTTP API event (requestContext.authorizer.lambda) and a Lambda response whose body is the event", () => {
    const http = decodeAuthnInput(JSON.stringify({ requestContext: { authorizer: { lambda: { authnCtx: SAMPLE_AUTHN_CTX } } } }));
    expect(http).toMatchObject({ kind: "authnCtx", path: "requestContext.authorizer.lambda.authnCtx" });
    const response = decodeAuthnInput(JSON.stringify({ statusCode: 200, body: SAMPLE_EVENT }));
    expect(response).toMatchObject({ kind: "authnCtx", source: "event", path: "body.requestContext.authorizer.authnCtx" });
    const escaped = decodeAuthnInput(JSON.stringify(SAMPLE_EVENT)); // the event as a JSON string, from a log
    expect(expectClaims(escaped).jti).toBe("e670f421-b047-4932-a0b2-3a433ad79469");
  });

  it("decodes a JWT's header and payload without verifying it", () => {
    const header = { alg: "RS256", typ: "JWT", kid: "k1" };
    const payload = { ...ODD_CLAIMS, exp: 2_000_000_000 };
    const jwt = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.c2lnbmF0dXJl`;
    expect(decodeAuthnInput(jwt)).toEqual({ kind: "jwt", header, payload, signed: true });
    expect(decodeAuthnInput(`Bearer ${jwt}`)).toMatchObject({ kind: "jwt", payload });
    const unsigned = `${b64url('{"alg":"none"}')}.${b64url('{"sub":"x"}')}.`;
    expect(decodeAuthnInput(unsigned)).toEqual({ kind: "jwt", header: { alg: "none" }, payload: { sub: "x" }, signed: false });
  });

  it("decodes multi-byte UTF-8 correctly", () => {
    expect(expectClaims(decodeAuthnInput(b64('{"name":"Zoë 日本 😀"}'))).name).toBe("Zoë 日本 😀");
  });
});

describe("decodeAuthnInput: empty and errors", () => {
  it.each(["", "   ", "\n\t \n", '""', "''"])("treats %j as empty, not an error", (input) => {
    expect(decodeAuthnInput(input)).toEqual({ kind: "empty" });
  });

  it("names the invalid character and its 1-based position", () => {
    const bad = `${SAMPLE_AUTHN_CTX.slice(0, 8)}!${SAMPLE_AUTHN_CTX.slice(9)}`;
    const e = expectError(decodeAuthnInput(bad), "invalid_base64");
    expect(e.message).toContain('Character "!"');
    expect(e.message).toContain("position 9 ");
  });

  it("counts the position in the trimmed input, quotes included", () => {
    const e = expectError(decodeAuthnInput('   "eyJ#"  '), "invalid_base64");
    expect(e.message).toContain('"#"');
    expect(e.message).toContain("position 5 ");
    const line = expectError(decodeAuthnInput("AAAA\nAA$A"), "invalid_base64");
    expect(line.message).toContain("position 8 (line 2, column 3)");
  });

  it("counts positions in characters, not UTF-16 units", () => {
    const e = expectError(decodeAuthnInput("AA😀A"), "invalid_base64");
    expect(e.message).toContain("position 3 ");
    expect(e.message).toContain("U+1F600");
  });

  it("makes invisible characters visible and explains a shortened value", () => {
    expect(expectError(decodeAuthnInput("eyJh\u200BY3Ii"), "invalid_base64").message).toContain("U+200B (zero-width space) at position 5");
    expect(expectError(decodeAuthnInput("eyJhY3Ii\u2026In0="), "invalid_base64").message).toMatch(/position 9 .*shortened/);
  });

  it("rejects padding in the middle, too much padding, and impossible lengths", () => {
    expect(expectError(decodeAuthnInput("QQ==QQ"), "invalid_base64").message).toContain('"Q" (U+0051) at position 5 comes after "=" padding');
    expect(expectError(decodeAuthnInput("QQ==="), "invalid_base64").message).toContain("position 5");
    expect(expectError(decodeAuthnInput("QUJDR"), "invalid_base64").message).toContain("5 characters");
  });

  it("reports the position inside an event's authnCtx value", () => {
    const e = expectError(decodeAuthnInput(JSON.stringify({ requestContext: { authorizer: { authnCtx: "eyJh*" } } })), "invalid_base64");
    expect(e.message).toContain('"*" (U+002A) at position 5 of the authnCtx value at requestContext.authorizer.authnCtx');
  });

  it("reports the position of a bad character in a JWT part against the whole input", () => {
    const h = b64url('{"alg":"none"}');
    const e = expectError(decodeAuthnInput(`${h}.ab!c.sig`), "invalid_base64");
    expect(e.message).toContain(`position ${h.length + 4} of the JWT payload`);
  });

  it("shows the decoded text when the base64 is not JSON", () => {
    const text = 'hello <img src=x onerror="alert(1)">';
    const e = expectError(decodeAuthnInput(b64(text)), "not_json");
    expect(e.message).toContain("not JSON");
    expect(e.detail).toBe(text);
  });

  it("says what was found in JSON without authnCtx", () => {
    const top = expectError(decodeAuthnInput('{"foo":1,"bar":{"x":2}}'), "missing_field");
    expect(top.message).toContain("top-level keys foo, bar");
    const authorizer = expectError(
      decodeAuthnInput(JSON.stringify({ requestContext: { authorizer: { principalId: "user", integrationLatency: 9 } } })),
      "missing_field",
    );
    expect(authorizer.message).toContain("requestContext.authorizer exists but has keys principalId, integrationLatency");
    expect(authorizer.message).toContain("AWS_INJECT_CONTEXT=true");
    const noAuthorizer = expectError(decodeAuthnInput(JSON.stringify({ requestContext: { stage: "prod", apiId: "a" } })), "missing_field");
    expect(noAuthorizer.message).toContain("requestContext exists but has no authorizer (its keys: stage, apiId)");
    const claims = expectError(decodeAuthnInput(JSON.stringify(GUIDE_CLAIMS)), "missing_field");
    expect(claims.message).toContain("already-decoded claims");
    expect(expectError(decodeAuthnInput("{}"), "missing_field").message).toContain("empty");
  });

  it("rejects an authnCtx that is not a string", () => {
    expect(expectError(decodeAuthnInput('{"authorizer":{"authnCtx":42}}'), "invalid_field").message).toContain("authorizer.authnCtx is a number");
  });

  it("explains input that looks like JSON but is not", () => {
    const e = expectError(decodeAuthnInput('{"requestContext": '), "invalid_json");
    expect(e.detail).toBeTruthy();
    expect(expectError(decodeAuthnInput("[1, 2]"), "not_object").message).toContain("JSON array");
  });

  it.each([
    ["an array", "[1,2]", "an array"],
    ["a number", "42", "a number"],
    ["a string", '"just text"', "a string"],
    ["null", "null", "null"],
  ])("rejects decoded JSON that is %s", (_name, json, phrase) => {
    const e = expectError(decodeAuthnInput(b64(json)), "not_object");
    expect(e.message).toContain(`is ${phrase}, not an object`);
    expect(e.detail).toBe(json);
  });

  it("rejects input over 64 KiB, stating the limit, and accepts 64 KiB exactly", () => {
    const e = expectError(decodeAuthnInput("A".repeat(MAX_INPUT_BYTES + 1)), "too_large");
    expect(e.message).toContain("64 KiB");
    expect(e.message).toContain("65,537 bytes");
    // exactly at the limit it is decoded (to 48 KiB of NUL bytes, which are not JSON)
    expectError(decodeAuthnInput("A".repeat(MAX_INPUT_BYTES)), "not_json");
    // counted in UTF-8 bytes: 40,000 × "é" is 80,000 bytes
    expect(expectError(decodeAuthnInput("é".repeat(40_000)), "too_large").message).toContain("80,000 bytes");
  });

  it("rejects invalid UTF-8 with the offending byte", () => {
    const e = expectError(decodeAuthnInput(b64(Uint8Array.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))), "invalid_utf8");
    expect(e.message).toContain("not valid UTF-8");
    expect(e.message).toContain("Byte 3 of 5 (0xFF)");
    expect(e.detail).toBe("7b 22 ff 22 7d");
  });

  it("recognises an encrypted JWT", () => {
    expectError(decodeAuthnInput("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d"), "encrypted_jwt");
  });

  it("never throws, whatever the input", () => {
    const inputs = ["{", "[", "}", ".", "..", "=", "====", "\u0000", "\uD800", '"', "Bearer", "authnCtx:", '{"body":"{"}', "a.b.c"];
    for (const input of inputs) expect(() => decodeAuthnInput(input)).not.toThrow();
  });
});

describe("base64 and UTF-8 helpers", () => {
  it("decodes every length of every byte value like Node does", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 167 + 13) % 256);
    for (let n = 0; n <= 40; n++) {
      const slice = bytes.subarray(0, n);
      for (const encoded of [b64(slice), b64url(slice)]) {
        const r = decodeBase64(encoded);
        if (n === 0) expect(r.ok).toBe(false);
        else expect(r.ok && Array.from(r.bytes)).toEqual(Array.from(slice));
      }
    }
  });

  it("finds the first ill-formed UTF-8 sequence", () => {
    expect(firstInvalidUtf8(new TextEncoder().encode("añ😀"))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc3]))).toBe(1); // truncated
    expect(firstInvalidUtf8(Uint8Array.from([0xc0, 0x80]))).toBe(0); // overlong
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // surrogate
  });

  it("measures UTF-8 length", () => {
    expect(utf8Length("aé日😀")).toBe(1 + 2 + 3 + 4);
    expect(utf8Length("a😀b")).toBe(new TextEncoder().encode("a😀b").length);
  });
});

describe("claims", () => {
  const EXP = 1606392950; // 26 Nov 2020 12:15:50 UTC
  const NBF = 1606389349; // 26 Nov 2020 11:15:49 UTC
  const at = (seconds: number) => seconds * 1000;

  it("describes every well-known claim the issue lists", () => {
    const names = WELL_KNOWN_CLAIMS.map((c) => c.name);
    expect(names).toEqual(["sub", "iss", "aud", "scp", "acr", "amr", "aid", "idp", "tid", "st", "jti", "exp", "iat", "nbf", "client_id", "cnf"]);
    for (const c of WELL_KNOWN_CLAIMS) expect(c.description.length).toBeGreaterThan(20);
    const by = (n: string) => WELL_KNOWN_CLAIMS.find((c) => c.name === n)?.description ?? "";
    expect(by("aid")).toMatch(/authorization server/i);
    expect(by("tid")).toMatch(/tenant/i);
    expect(by("st")).toMatch(/public.*pairwise/);
    expect(by("idp")).toMatch(/identity provider/i);
    expect(by("cnf")).toContain("x5t#S256");
  });

  it("lists the present well-known claims in table order", () => {
    expect(presentClaims({ custom: 1, tid: "t", sub: "u", exp: 1 }).map((p) => p.claim.name)).toEqual(["sub", "tid", "exp"]);
  });

  it("formats values as one line", () => {
    expect(formatClaimValue("user")).toBe("user");
    expect(formatClaimValue(["a", "b"])).toBe("a, b");
    expect(formatClaimValue({ "x5t#S256": "abc" })).toBe("x5t#S256: abc");
    expect(formatClaimValue(null)).toBe("null");
    expect(formatClaimValue(3)).toBe("3");
  });

  it("formats UTC with Intl", () => {
    expect(formatUtc(EXP)).toBe("26 Nov 2020, 12:15:50 UTC");
  });

  it("phrases an expired exp", () => {
    const t = describeTime("exp", EXP, at(EXP + 3 * 3600));
    expect(t).toMatchObject({ ok: true, relative: "expired 3 hours ago", badge: { label: "Expired", tone: "red" } });
  });

  it("phrases a valid exp", () => {
    const t = describeTime("exp", EXP, at(EXP - 55 * 60));
    expect(t).toMatchObject({ ok: true, relative: "valid for 55 more minutes", badge: { label: "Valid", tone: "green" } });
    expect(describeTime("exp", EXP, at(EXP - 60))).toMatchObject({ relative: "valid for 1 more minute" });
    expect(describeTime("exp", EXP, at(EXP))).toMatchObject({ badge: { label: "Expired" } }); // not accepted on or after exp
  });

  it("phrases iat and nbf", () => {
    expect(describeTime("iat", NBF, at(NBF + 2 * 86400))).toMatchObject({ relative: "issued 2 days ago" });
    expect(describeTime("iat", NBF, at(NBF - 300))).toMatchObject({ badge: { label: "In the future" } });
    expect(describeTime("nbf", NBF, at(NBF - 5 * 60))).toMatchObject({
      relative: "not valid for another 5 minutes",
      badge: { label: "Not yet valid", tone: "amber" },
    });
    expect(describeTime("nbf", NBF, at(NBF + 10))).toMatchObject({ relative: "became valid 10 seconds ago", badge: { label: "Valid" } });
  });

  it("shows the local time in the given zone", () => {
    const t = describeTime("exp", EXP, 0, { locale: "en-US", timeZone: "America/New_York" });
    expect(t.ok && t.local).toMatch(/Nov 26, 2020, 7:15:50\s?AM EST/);
  });

  it("explains time claims that are not NumericDates", () => {
    expect(describeTime("exp", "1606392950", 0)).toMatchObject({ ok: false, reason: expect.stringContaining("not a NumericDate") as unknown });
    expect(describeTime("exp", 1e300, 0)).toMatchObject({ ok: false });
    expect(describeTime("exp", 1606392950000, 0)).toMatchObject({ ok: true, note: expect.stringContaining("milliseconds") as unknown });
  });

  it("picks sensible units", () => {
    expect(pickUnit(59)).toEqual({ value: 59, unit: "second" });
    expect(pickUnit(3570)).toEqual({ value: 1, unit: "hour" });
    expect(pickUnit(5 * 365 * 86400)).toEqual({ value: 5, unit: "year" });
    expect(pickUnit(45 * 86400)).toEqual({ value: 1, unit: "month" });
  });

  it("sums up validity: expired beats not-yet-valid", () => {
    expect(validity({ exp: EXP, nbf: NBF }, at(EXP + 1)).state).toBe("expired");
    expect(validity({ exp: EXP, nbf: NBF }, at(NBF - 1)).state).toBe("not_yet_valid");
    expect(validity({ exp: EXP, nbf: NBF }, at(NBF + 1)).state).toBe("valid");
    expect(validity({ sub: "x" }, 0).state).toBe("unknown");
  });
});
