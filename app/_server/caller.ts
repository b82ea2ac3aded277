import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { callerFromCookies, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { DatabaseUnavailableError, unavailableReason } from "@/lib/db/unavailable";
import { errorFields, log } from "@/lib/log";

/**
 * Reads a page's data. Next logs whatever a page render throws in full, causes included — and a
 * Drizzle error's message and fields carry the query's parameters — so a failure is logged here
 * through lib/log and rethrown bare; app/error.tsx then shows the page's error state.
 */
async function pageData<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    const reason = unavailableReason(err);
    if (reason) {
      log.warn({ reason, error: errorFields(err) }, "page not shown: the database is unavailable");
      throw new DatabaseUnavailableError(reason);
    }
    log.error({ error: errorFields(err) }, "reading a page's data failed");
    throw new Error("Reading the page's data failed; the error was logged.");
  }
}

async function cookieCaller(): Promise<Caller | null> {
  const jar = await cookies();
  const byName = new Map(jar.getAll().map((c) => [c.name, c.value]));
  return pageData(async () => callerFromCookies(await getDb(), byName));
}

/** The signed-in user of a page request, or a redirect to sign-in. */
export async function requirePageCaller(): Promise<Caller> {
  const caller = await cookieCaller();
  if (!caller) redirect("/signin");
  return caller;
}

export async function optionalPageCaller(): Promise<Caller | null> {
  return cookieCaller();
}
