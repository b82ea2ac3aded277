import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its .wasm and data files at run time; pg has optional native bindings; pino
  // (lib/log.ts) resolves its worker files at run time (Next lists it by default; stated here).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pino"],
  // Separate build folders let several builds (e.g. parallel e2e runs) coexist.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Type-checking and linting are separate steps of `npm test`; the build does not repeat them.
  typescript: { ignoreBuildErrors: true },
  headers() {
    return Promise.resolve([
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
    ]);
  },
};

export default nextConfig;
