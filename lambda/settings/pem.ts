import { X509Certificate } from "node:crypto";

/**
 * HTTP_CLIENT_ROOT_CA arrives through a CloudFormation parameter, whose text fields usually turn
 * the PEM's line breaks into spaces. Rebuild each `BEGIN/END CERTIFICATE` block (base64 body
 * without whitespace, wrapped at 64) and check it parses; anything outside the blocks is an error.
 */
const BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

export type PemResult = { ok: true; pem: string; count: number } | { ok: false; error: string };

export function normalizeCertificates(text: string): PemResult {
  const blocks = [...text.matchAll(BLOCK)];
  if (blocks.length === 0) return { ok: false, error: "must contain PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)" };
  if (text.replace(BLOCK, "").trim() !== "") return { ok: false, error: "only PEM certificate blocks are allowed" };
  const out: string[] = [];
  for (const [i, block] of blocks.entries()) {
    const body = (block[1] ?? "").replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return { ok: false, error: `certificate ${i + 1} is not base64` };
    const pem = `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`;
    try {
      new X509Certificate(pem);
    } catch {
      return { ok: false, error: `certificate ${i + 1} is not a valid X.509 certificate` };
    }
    out.push(pem);
  }
  return { ok: true, pem: out.join(""), count: out.length };
}
