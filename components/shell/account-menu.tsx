"use client";

import { signOut } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import type { ShellUser } from "./console-shell";

export function AccountMenu({ user }: { user: ShellUser }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-100"
      >
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-indigo-100 font-medium text-indigo-700">
          {(user.displayName ?? user.username).slice(0, 1).toUpperCase()}
        </span>
        <span className="font-medium">{user.displayName ?? user.username}</span>
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{user.role}</span>
      </button>
      {open && (
        <div role="menu" className="absolute right-0 z-20 mt-1 w-48 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          <div className="px-3 py-2 text-xs text-slate-500">Signed in as {user.username}</div>
          <a role="menuitem" href="/settings/tokens" className="block px-3 py-1.5 text-sm hover:bg-slate-50">
            API tokens
          </a>
          <button
            role="menuitem"
            type="button"
            onClick={() => void signOut({ callbackUrl: "/signin" })}
            className="block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-50"
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
