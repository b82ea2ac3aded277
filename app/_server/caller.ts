import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { callerFromCookies, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";

/** The signed-in user of a page request, or a redirect to sign-in. */
export async function requirePageCaller(): Promise<Caller> {
  const jar = await cookies();
  const caller = await callerFromCookies(await getDb(), new Map(jar.getAll().map((c) => [c.name, c.value])));
  if (!caller) redirect("/signin");
  return caller;
}

export async function optionalPageCaller(): Promise<Caller | null> {
  const jar = await cookies();
  return callerFromCookies(await getDb(), new Map(jar.getAll().map((c) => [c.name, c.value])));
}
