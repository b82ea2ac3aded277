/**
 * The query parameters of the system API, as the authorizer sends them and the console reads them.
 * - `authorizer_version` on every call: the package version (Cloudentity's default: `latest`).
 * - `reload_interval_ms` on configuration fetches (ours): the reload interval the authorizer runs
 *   with, in milliseconds. Its environment wins over the console's setting, so only the
 *   authorizer can say which one is in force; the console waits that long before it counts a
 *   fetched change as live in every warm container.
 * Pure: no platform or project imports.
 */
export const SYSTEM_QUERY = {
  authorizerVersion: "authorizer_version",
  reloadIntervalMs: "reload_interval_ms",
} as const;
