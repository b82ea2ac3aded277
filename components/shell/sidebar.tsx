"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_ITEMS } from "./nav";

export function Sidebar() {
  const pathname = usePathname();
  return (
    <nav aria-label="Sections" className="flex w-60 shrink-0 flex-col border-r border-slate-800 bg-slate-900 text-slate-300">
      <Link href="/gateways" className="flex h-14 items-center gap-2 px-5 text-base font-semibold text-white">
        <span aria-hidden className="inline-block h-6 w-6 rounded bg-indigo-500 text-center text-sm leading-6">G</span>
        Gatehouse
      </Link>
      <ul className="flex flex-col gap-0.5 px-3 py-2 text-sm">
        {NAV_ITEMS.map((item, i) => {
          const heading = item.group && item.group !== NAV_ITEMS[i - 1]?.group ? item.group : undefined;
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              {heading && <div className="mt-3 mb-1 px-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{heading}</div>}
              {item.ready ? (
                <Link
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={`block rounded-md px-2 py-1.5 ${active ? "bg-slate-800 text-white" : "hover:bg-slate-800 hover:text-white"}`}
                >
                  {item.label}
                </Link>
              ) : (
                <span
                  aria-disabled="true"
                  title="Not available yet in this version"
                  className="flex cursor-not-allowed items-center justify-between rounded-md px-2 py-1.5 text-slate-500"
                >
                  {item.label}
                  <span className="rounded bg-slate-800 px-1.5 text-[10px] tracking-wide uppercase">soon</span>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
