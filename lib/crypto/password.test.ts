import { describe, expect, it } from "vitest";
import { MAX_CONCURRENT_HASHES, MAX_WAITING, PasswordHashBusyError, hashPassword, passwordHashLoad, verifyPassword } from "./password";

describe("console passwords", () => {
  it("hashes with scrypt and a salt, verifies the right password only", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterz", a)).toBe(false);
  });

  it("rejects malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$1$2$3$4$5")).toBe(false);
  });
});

describe("password hashing under load", () => {
  it("runs at most MAX_CONCURRENT_HASHES at once, queues MAX_WAITING more, refuses the rest at once", async () => {
    const stored = await hashPassword("load test password");
    const attempts = Array.from({ length: MAX_CONCURRENT_HASHES + MAX_WAITING + 10 }, () =>
      verifyPassword("wrong password", stored).then(
        (ok) => ({ ok }),
        (err: unknown) => ({ err }),
      ),
    );
    expect(passwordHashLoad()).toEqual({ running: MAX_CONCURRENT_HASHES, waiting: MAX_WAITING });
    const results = await Promise.all(attempts);
    expect(results.filter((r) => "ok" in r && r.ok === false)).toHaveLength(MAX_CONCURRENT_HASHES + MAX_WAITING);
    const refused = results.filter((r) => "err" in r);
    expect(refused).toHaveLength(10);
    for (const r of refused) expect((r).err).toBeInstanceOf(PasswordHashBusyError);
    expect(passwordHashLoad()).toEqual({ running: 0, waiting: 0 });
    expect(await verifyPassword("load test password", stored)).toBe(true);
  }, 60_000);
});
