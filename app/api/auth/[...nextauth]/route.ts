import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";

// next-auth's own endpoints (sign-in, callback, csrf, session, sign-out): public by design.
async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return (NextAuth(getAuthOptions()) as (r: NextRequest, c: typeof ctx) => Promise<Response>)(req, ctx);
}

export { handler as GET, handler as POST };
