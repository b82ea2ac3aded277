/**
 * The one way request bodies are read: streamed, and stopped as soon as they pass a byte limit —
 * with or without a Content-Length (chunked uploads) — so an unauthenticated upload can never make
 * the console buffer more than the limit. Written by hand because it is a dozen lines over the
 * web Streams API and must apply the same limit to every route.
 *
 * Past the limit the stream is released, not cancelled: cancelling destroys the socket under
 * Node (IncomingMessage.destroy), so the client would see a reset instead of the 413. Released,
 * the answer goes out and Node's HTTP server discards the rest of the upload without keeping it.
 */
const decoder = () => new TextDecoder("utf-8");

/**
 * The body as text, or null when it is longer than `maxBytes` (the rest is not read). Takes a
 * Request or a Response; a caller done with a too-long Response cancels its body.
 */
export async function readLimitedText(req: Pick<Request, "headers" | "body">, maxBytes: number): Promise<string | null> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.releaseLock();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return decoder().decode(bytes);
}

/** The media type of the body (`application/json; charset=utf-8` → `application/json`), or null. */
export function mediaType(req: Request): string | null {
  const header = req.headers.get("content-type");
  if (header === null) return null;
  const essence = header.split(";")[0]!.trim().toLowerCase();
  return essence === "" ? null : essence;
}

/** "1 MiB", "16 KiB": limits as people read them in messages. */
export function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
