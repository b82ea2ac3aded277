import type { ReactNode } from "react";

/** A console page: its title, one paragraph on what it is for, then its content. */
export function ConsolePage({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{title}</h1>
        <p className="text-sm text-slate-600">{intro}</p>
      </div>
      {children}
    </div>
  );
}
