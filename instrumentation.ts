/**
 * Runs once when the console starts: migrate the database and create the first admin now,
 * so a generated password is printed at start-up rather than on the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("./lib/db/client");
  await getDb();
}
