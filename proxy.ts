import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/security/csp";

/**
 * Every page gets its own CSP nonce (lib/security/csp.ts). The policy goes on the request too:
 * Next.js reads the nonce from it and puts it on the scripts it renders.
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(newNonce(), { development: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only: API answers are JSON, static files carry no inline script.
  matcher: ["/((?!api/|default/|_next/static|_next/image|favicon.ico).*)"],
};
