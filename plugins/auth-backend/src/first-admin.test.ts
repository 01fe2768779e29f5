import { describe, expect, test } from "bun:test";
import { createRecordingLogger } from "@checkstack/backend-api";
import { useAuthTestStack } from "./auth-test-stack";
import { ensureFirstAdmin, readAdminBootstrap, setupUrlBase } from "./first-admin";
import { verifyPassword } from "./passwords";
import { hashSetupToken } from "./setup-tokens";

const stack = useAuthTestStack();

async function userRows() {
  const result = await stack.current.pool.query<{ id: string; email: string; password_hash: string; must_change_password: boolean }>(
    "SELECT id, email, password_hash, must_change_password FROM plugin_auth.users ORDER BY created_at",
  );
  return result.rows;
}

describe("readAdminBootstrap", () => {
  test("both variables, or neither", () => {
    expect(readAdminBootstrap({})).toEqual({ kind: "setup", setupUrl: "http://localhost:3000/setup" });
    expect(readAdminBootstrap({ CHECKSTACK_ADMIN_EMAIL: "", CHECKSTACK_ADMIN_PASSWORD: "", PORT: "8080" })).toEqual({ kind: "setup", setupUrl: "http://localhost:8080/setup" });
    expect(readAdminBootstrap({ CHECKSTACK_ADMIN_EMAIL: " Ops@Example.com ", CHECKSTACK_ADMIN_PASSWORD: "long-enough-password" })).toEqual({
      kind: "configured",
      email: "ops@example.com",
      password: "long-enough-password",
    });
    expect(() => readAdminBootstrap({ CHECKSTACK_ADMIN_EMAIL: "ops@example.com" })).toThrow("must be set together");
    expect(() => readAdminBootstrap({ CHECKSTACK_ADMIN_EMAIL: "not-an-email", CHECKSTACK_ADMIN_PASSWORD: "long-enough-password" })).toThrow();
    expect(() => readAdminBootstrap({ CHECKSTACK_ADMIN_EMAIL: "ops@example.com", CHECKSTACK_ADMIN_PASSWORD: "short" })).toThrow();
  });
});

describe("setupUrlBase", () => {
  test("the public URL when set, else this instance's host and port", () => {
    expect(setupUrlBase({ CHECKSTACK_PUBLIC_URL: "https://status.example.com/" })).toBe("https://status.example.com");
    expect(setupUrlBase({ HOST: "127.0.0.1", PORT: "4000" })).toBe("http://127.0.0.1:4000");
    expect(setupUrlBase({ HOST: "::", PORT: "4000" })).toBe("http://localhost:4000");
    expect(setupUrlBase({ HOST: "::1" })).toBe("http://[::1]:3000");
  });
});

async function tokenRows() {
  const result = await stack.current.pool.query<{ token_hash: string; used_at: Date | null; expires_at: Date }>("SELECT token_hash, used_at, expires_at FROM plugin_auth.setup_tokens");
  return result.rows;
}

describe("ensureFirstAdmin", () => {
  test("without configured admin: no account is made, but a one-time setup link (stored hashed) is logged once per start", async () => {
    const logger = createRecordingLogger();
    const bootstrap = { kind: "setup" as const, setupUrl: "http://localhost:3000/setup" };
    await Promise.all(Array.from({ length: 3 }, () => ensureFirstAdmin({ database: stack.current.database, admin: stack.current.admin, logger, bootstrap })));
    expect(await userRows()).toEqual([]);
    const warnings = logger.records.filter((record) => record.level === "warn");
    expect(warnings).toHaveLength(3);
    const links = warnings.map((warning) => String(warning.fields["setupUrl"]));
    for (const [index, link] of links.entries()) {
      expect(link).toMatch(/^http:\/\/localhost:3000\/setup\?token=[A-Za-z0-9_-]{43}$/);
      expect(warnings[index]?.message).toContain(link);
    }
    const tokens = links.map((link) => new URL(link).searchParams.get("token") ?? "");
    // Only hashes are stored: the tokens themselves exist in the log lines alone.
    const stored = await tokenRows();
    expect(stored.map((row) => row.token_hash).sort()).toEqual(tokens.map(hashSetupToken).sort());
    expect(JSON.stringify(stored)).not.toContain(tokens[0] ?? "-");
    expect(stored.every((row) => row.used_at === null && row.expires_at.getTime() > Date.now() + 23 * 3600_000)).toBe(true);
    await stack.current.pool.query("DELETE FROM plugin_auth.setup_tokens");
  });

  test("creates the configured admin once even when other users exist, and never resets its password", async () => {
    const logger = createRecordingLogger();
    const bootstrap = { kind: "configured" as const, email: "ops@example.com", password: "first-password-123" };
    await Promise.all([1, 2, 3].map(() => ensureFirstAdmin({ database: stack.current.database, admin: stack.current.admin, logger, bootstrap })));
    const ops = (await userRows()).filter((row) => row.email === "ops@example.com");
    expect(ops).toHaveLength(1);
    // A password the operator chose is not a generated one: no forced change.
    expect(ops[0]?.must_change_password).toBe(false);
    expect(await stack.current.admin.rolesOf({ type: "user", id: ops[0]?.id ?? "" })).toEqual(["admin"]);
    // The password is never logged for a configured admin.
    expect(JSON.stringify(logger.records)).not.toContain("first-password-123");

    await ensureFirstAdmin({ database: stack.current.database, admin: stack.current.admin, logger, bootstrap: { ...bootstrap, password: "second-password-123" } });
    const [again] = (await userRows()).filter((row) => row.email === "ops@example.com");
    expect(await verifyPassword("first-password-123", again?.password_hash ?? "")).toBe(true);
  });

  test("when the admin role cannot be assigned, no account is left behind", async () => {
    await stack.current.pool.query("DELETE FROM checkstack.roles WHERE id = 'admin'");
    try {
      const attempt = ensureFirstAdmin({
        database: stack.current.database,
        admin: stack.current.admin,
        logger: createRecordingLogger(),
        bootstrap: { kind: "configured", email: "late@example.com", password: "late-password-123" },
      });
      await expect(attempt).rejects.toThrow();
      expect((await userRows()).some((row) => row.email === "late@example.com")).toBe(false);
    } finally {
      await stack.current.pool.query("INSERT INTO checkstack.roles (id, name, is_system) VALUES ('admin', 'Administrators', true) ON CONFLICT DO NOTHING");
    }
  });
});
