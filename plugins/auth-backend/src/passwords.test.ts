import { describe, expect, test } from "bun:test";
import { generatePassword, hashPassword, verifyAgainstDummy, verifyPassword } from "./passwords";

describe("passwords", () => {
  test("hashes with argon2id and verifies", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toStartWith("$argon2id$");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("Correct horse battery staple", hash)).toBe(false);
  });

  test("the same password hashes differently each time (salted)", async () => {
    expect(await hashPassword("same-password-123")).not.toBe(await hashPassword("same-password-123"));
  });

  test("an unreadable stored hash is a failed verification, not an error", async () => {
    expect(await verifyPassword("anything", "not-a-hash")).toBe(false);
    expect(await verifyPassword("anything", "")).toBe(false);
  });

  test("the dummy verification takes about as long as a real one", async () => {
    const hash = await hashPassword("real-password-123");
    await verifyAgainstDummy("warm-up"); // the dummy hash is made on first use
    const time = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const real = await time(() => verifyPassword("wrong-password", hash));
    const dummy = await time(() => verifyAgainstDummy("wrong-password"));
    expect(await verifyAgainstDummy("x")).toBe(false);
    expect(dummy).toBeGreaterThan(real * 0.4);
    expect(dummy).toBeLessThan(real * 2.5);
  });

  test("generated passwords are long and URL-safe", () => {
    const passwords = new Set(Array.from({ length: 50 }, generatePassword));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
