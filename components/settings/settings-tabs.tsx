"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function SettingsTabs({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const tabs = [...(isAdmin ? [{ href: "/settings/users", label: "Users" }] : []), { href: "/settings/tokens", label: "API tokens" }, { href: "/settings/identity-sources", label: "Identity sources" }, { href: "/settings/aws", label: "AWS" }, { href: "/settings/test-tokens", label: "Test tokens" }];
  return (
    <nav aria-label="Settings" className="flex gap-1 border-b border-slate-200">
      {tabs.map((t) => {
        const active = pathname.startsWith(t.href);
        return (
          <Link key={t.href} href={t.href} aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
