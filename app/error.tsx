"use client";

import { PageError } from "@/components/shell/page-error";

/** Any page whose server render failed (a database outage, a bug): a clear state, never a stack. */
export default function ErrorPage({ error }: { error: Error & { digest?: string } }) {
  return <PageError digest={error.digest} />;
}
