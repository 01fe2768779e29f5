import { describe, expect, test } from "bun:test";
import { createRecordingLogger } from "@checkstack/backend-api";
import { useAuthTestStack } from "./auth-test-stack";
import { ensureFirstAdmin, GENERATED_ADMIN_EMAIL, readAdminBootstrap } from "./first-admin";
import { verifyPassword } from "./passwords";

const stack = useAuthTestStack();

async function userRows() {
  const result = await stack.current.pool.query<{ id: string; email: string; password_hash: string; must_change_password: boolean }>(
    "SELECT id, email, password_hash, must_change_password FROM plugin_auth.users ORDER BY created_at",
  );
  return result.rows;
}

describe("readAdminBootstrap", () => {
  test("both variables, or neither", () => {
    expect(readAdminBootstrap({})).toEqual({ kind: "generated" });
    expect(readAdminBootstrap({ CHECKSTACK_ADMIN_EMAIL: "", CHECKSTACK_ADMIN_PASSWORD: "" })).toEqual({ kind: "generated" });
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

describe("ensureFirstAdmin", () => {
  test("generates exactly one admin when several instances start together, and logs its password once", async () => {
    const logger = createRecordingLogger();
    await Promise.all(
      Array.from({ length: 4 }, () => ensureFirstAdmin({ database: stack.current.database, admin: stack.current.admin, logger, bootstrap: { kind: "generated" } })),
    );
    const rows = await userRows();
    expect(rows.map((row) => row.email)).toEqual([GENERATED_ADMIN_EMAIL]);
    const warnings = logger.records.filter((record) => record.level === "warn");
    expect(warnings).toHaveLength(1);
    const password = String(warnings[0]?.fields["generatedPassword"]);
    expect(warnings[0]?.message).toContain(password);
    expect(await verifyPassword(password, rows[0]?.password_hash ?? "")).toBe(true);
    expect(await stack.current.admin.rolesOf({ type: "user", id: rows[0]?.id ?? "" })).toEqual(["admin"]);
    // The generated password has been in the log: it must be replaced at first sign-in, and the log says so.
    expect(rows[0]?.must_change_password).toBe(true);
    expect(warnings[0]?.message).toContain("must choose a new password at first sign-in");

    // Later starts find a user and do nothing.
    await ensureFirstAdmin({ database: stack.current.database, admin: stack.current.admin, logger, bootstrap: { kind: "generated" } });
    expect(await userRows()).toHaveLength(1);
    expect(logger.records.filter((record) => record.level === "warn")).toHaveLength(1);
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
