/**
 * Next.js drops `Content-Encoding` from Route Handler responses; the production server
 * (scripts/serve.mjs, scripts/encoding-relay.mjs — the why is there) relays it. A request it
 * serves carries RELAY_REQUEST_HEADER; a response sets RELAY_RESPONSE_HEADER to the encoding of
 * its body. Without the mark (next dev, a route called directly) bodies go out as identity.
 */
export const RELAY_REQUEST_HEADER = "x-gatehouse-encoding-relay";
export const RELAY_RESPONSE_HEADER = "x-gatehouse-content-encoding";

export function encodingRelayed(req: Request): boolean {
  return req.headers.get(RELAY_REQUEST_HEADER) === "1";
}
