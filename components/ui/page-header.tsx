import type { ReactNode } from "react";

/** A console page's title with the one-paragraph explanation under it. */
export function PageHeader({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="text-sm text-slate-600">{children}</p>
    </div>
  );
}
