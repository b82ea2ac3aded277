/** The browser side of the admin API: one fetch helper that turns error bodies into typed errors. */

export const ADMIN_API = "/api/admin/default";

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(path.startsWith("/") ? path : `${ADMIN_API}/${path}`, {
    method: init.method ?? "GET",
    signal: init.signal,
    headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
    cache: "no-store",
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; fields?: { path: string; message: string }[] } })?.error;
    if (res.status === 401 && typeof window !== "undefined") {
      // The session ended: a full page load to sign-in drops every cached query of the old session.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
    }
    throw new ApiClientError(res.status, err?.code ?? "http_error", err?.message ?? `Request failed (${res.status}).`, err?.fields);
  }
  return data as T;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiClientError) {
    const fields = error.fields?.map((f) => `${f.path}: ${f.message}`).join("; ");
    return fields ? `${error.message} (${fields})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
