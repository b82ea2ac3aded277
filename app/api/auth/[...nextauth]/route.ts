import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { guardNextAuth } from "@/lib/auth/next-auth-route";
import { getAuthOptions } from "@/lib/auth/options";

// next-auth's own endpoints (sign-in, callback, csrf, session, sign-out): public by design.
type Ctx = { params: Promise<{ nextauth: string[] }> };
const handler = guardNextAuth<Ctx>(async (req, ctx) =>
  (NextAuth(getAuthOptions()) as (r: NextRequest, c: Ctx) => Promise<Response>)(req as NextRequest, ctx),
);

export { handler as GET, handler as POST };
