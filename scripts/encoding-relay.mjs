// Next.js (16.4) drops `Content-Encoding` from the Response a Route Handler returns (its
// sendResponse() treats the body as possibly decoded already), and `next start` never compresses
// Route Handler answers itself (vercel/next.js#98007). The configuration poll is the one answer
// worth compressing — ~220 KB of JSON for 1,000 APIs, to hundreds of authorizers — and it is
// compressed once per revision, not per request. So the production server (scripts/serve.mjs)
// relays the encoding: it marks each request as relayed (after removing any marker a client
// sent), and a route that sees the mark sends its pre-compressed body with the encoding in
// RESPONSE_HEADER, which this relay turns back into `Content-Encoding` before Next writes the
// head. Without the mark (`next dev`, tests calling a route directly) routes send identity.
// The names are also in lib/api/encoding-relay.ts (a test checks the two agree).

export const REQUEST_HEADER = "x-gatehouse-encoding-relay";
export const RESPONSE_HEADER = "x-gatehouse-content-encoding";
const ENCODINGS = new Set(["gzip"]);

/** Marks `req` as served through the relay and makes `res` turn RESPONSE_HEADER into Content-Encoding. */
export function relayEncoding(req, res) {
  // Node lowercases header names: this replaces whatever a client sent under that name.
  req.headers[REQUEST_HEADER] = "1";
  const setHeader = res.setHeader.bind(res);
  const translate = (original) => (name, value) => {
    if (typeof name === "string" && name.toLowerCase() === RESPONSE_HEADER) {
      const encoding = String(Array.isArray(value) ? value[0] : value).trim().toLowerCase();
      if (ENCODINGS.has(encoding)) setHeader("Content-Encoding", encoding);
      return res;
    }
    return original(name, value);
  };
  res.setHeader = translate(setHeader);
  if (typeof res.appendHeader === "function") res.appendHeader = translate(res.appendHeader.bind(res));
}
