/** The browser side of the admin API: one fetch helper that turns error bodies into typed errors. */

import type { FieldIssue } from "@/lib/api/errors";

export const ADMIN_API = "/api/admin/default";

/**
 * An error answer of the admin API, with the server's argument order (code, message, options;
 * lib/api/errors.ts). The code stays a string: it is whatever the answer said (or `http_error`
 * when it said nothing readable), not something this side can vouch for.
 */
export class ApiClientError extends Error {
  readonly status: number;
  readonly fields: FieldIssue[] | undefined;

  constructor(
    readonly code: string,
    message: string,
    options: { status: number; fields?: FieldIssue[] },
  ) {
    super(message);
    this.name = "ApiClientError";
    this.status = options.status;
    this.fields = options.fields;
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
    const err = (data as { error?: { code?: string; message?: string; fields?: FieldIssue[] } })?.error;
    if (res.status === 401 && typeof window !== "undefined") {
      // The session ended: a full page load to sign-in drops every cached query of the old session.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
    }
    throw new ApiClientError(err?.code ?? "http_error", err?.message ?? `Request failed (${res.status}).`, { status: res.status, fields: err?.fields });
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
