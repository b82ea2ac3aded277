/**
 * The package version (package.json), compiled into the bundle by scripts/build-authorizer.mjs
 * (esbuild `define`); "dev" when running from source (tests). Sent as `?authorizer_version=`.
 */
declare const __AUTHORIZER_VERSION__: string;

export const AUTHORIZER_VERSION: string = typeof __AUTHORIZER_VERSION__ === "string" ? __AUTHORIZER_VERSION__ : "dev";
