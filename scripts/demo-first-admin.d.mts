/** Types of scripts/demo-first-admin.mjs, for TypeScript callers (its tests). */
export function firstAdminFilter(emit: (line: string) => void): {
  onLine: (line: string) => void;
  found: { username: string | null; password: string | null };
};
