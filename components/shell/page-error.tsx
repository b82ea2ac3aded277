"use client";

import { useEffect, useState } from "react";
import { card, secondaryButton } from "../ui/styles";

/**
 * What a page shows when its server render failed (app/error.tsx), instead of a stack. The
 * render's own error is hidden from the browser in production, so the page asks /api/health
 * why: while the database is unavailable it says so with the reason, keeps asking, and reloads
 * by itself once the database is back.
 */
type State = { kind: "checking" } | { kind: "database"; message: string } | { kind: "other" };

interface HealthAnswer {
  error?: { code?: string; message?: string };
}

async function readState(): Promise<State> {
  try {
    const res = await fetch("/api/health", { cache: "no-store" });
    if (res.ok) return { kind: "other" };
    const body = (await res.json().catch(() => ({}))) as HealthAnswer;
    if (body.error?.code === "database_unavailable") return { kind: "database", message: body.error.message ?? "" };
    return { kind: "other" };
  } catch {
    return { kind: "other" };
  }
}

const reload = () => window.location.reload();

export function PageError({
  digest,
  pollMs = 3000,
  onRecovered = reload,
}: {
  digest?: string;
  pollMs?: number;
  onRecovered?: () => void;
}) {
  const [state, setState] = useState<State>({ kind: "checking" });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasDown = false;
    const check = async () => {
      const next = await readState();
      if (stopped) return;
      if (next.kind === "database") {
        wasDown = true;
        timer = setTimeout(() => void check(), pollMs);
      } else if (wasDown) {
        onRecovered();
        return;
      }
      setState(next);
    };
    void check();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [pollMs, onRecovered]);

  if (state.kind === "checking") return null;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div role="alert" className={`${card} w-full max-w-md space-y-3`}>
        {state.kind === "database" ? (
          <>
            <h1 className="text-lg font-semibold">Database unavailable</h1>
            <p className="text-sm text-slate-700">{state.message}</p>
            <p className="text-sm text-slate-500">This page reloads by itself when the database is back.</p>
          </>
        ) : (
          <>
            <h1 className="text-lg font-semibold">This page could not be shown</h1>
            <p className="text-sm text-slate-700">The server failed while preparing it; the error was logged{digest ? ` (reference ${digest})` : ""}.</p>
            <button type="button" className={secondaryButton} onClick={reload}>
              Try again
            </button>
          </>
        )}
      </div>
    </main>
  );
}
