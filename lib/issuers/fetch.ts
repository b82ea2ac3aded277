import { readLimitedText } from "../api/body";

/**
 * Small JSON fetches to identity providers (discovery, introspection): a 5 s timeout, at most
 * 1 MB, and errors as plain sentences (never the response body).
 */
export const FETCH_TIMEOUT_MS = 5000;
const MAX_BYTES = 1024 * 1024;

export class FetchProblem extends Error {}

export async function fetchJson(url: string, init: RequestInit = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      redirect: "error",
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: "application/json", ...(init.headers ?? {}) },
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    throw new FetchProblem(timedOut ? `${url} did not answer within ${FETCH_TIMEOUT_MS / 1000} s.` : `${url} could not be reached.`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new FetchProblem(`${url} answered HTTP ${res.status}.`);
  }
  // Read up to the limit only: a chunked answer of any size never sits in memory.
  const text = await readLimitedText(res, MAX_BYTES);
  if (text === null) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchProblem(`${url} answered more than 1 MB.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FetchProblem(`${url} did not answer JSON.`);
  }
}
