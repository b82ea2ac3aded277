// The demo's view of the console's output (scripts/demo.mjs): the first-admin banner that
// lib/auth/bootstrap.ts prints is taken out of the stream — never written to a log file, never lost
// in the scroll — and its sign-in name and password kept to be shown once everything has started.
// Its tests feed it bootstrap's real output (scripts/demo-first-admin.test.ts).

/**
 * Returns a line handler: each line that is not part of the banner goes to `emit`; the banner's
 * `username:` and `password:` values are stored in the returned `found`.
 * @param {(line: string) => void} emit
 */
export function firstAdminFilter(emit) {
  const found = { username: null, password: null };
  let inBanner = false;
  let held = null; // a rule line ("=====…"): the banner's opening, or just a rule
  const isRule = (line) => /^={10,}$/.test(line.trim());
  function onLine(line) {
    if (inBanner) {
      const m = /^\s*(username|password):\s*(\S+)\s*$/.exec(line);
      if (m) found[m[1]] = m[2];
      if (isRule(line)) inBanner = false;
      return;
    }
    if (held !== null) {
      const h = held;
      held = null;
      if (/created the first admin account/i.test(line)) {
        inBanner = true;
        return;
      }
      emit(h);
    }
    if (isRule(line)) {
      held = line;
      return;
    }
    emit(line);
  }
  return { onLine, found };
}
