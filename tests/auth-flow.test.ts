import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Pool } from "pg";
import { useTestDatabase } from "@checkstack/test-utils";
import { newSecretKey, parseResponse, usePlatforms, type ApiResponse, type PlatformProcess } from "./support/platform-process";
import { queryAsService } from "./support/service-query";

/**
 * The auth plugin across processes: sessions, rate limits, first admins and
 * API keys must hold for the cluster, not for one instance.
 */
// afterAll hooks run in declaration order: stop the instances before their databases are dropped.
const platforms = usePlatforms("all");
afterAll(async () => {
  await pool?.end();
});
const configured = useTestDatabase();
const unconfigured = useTestDatabase();

const ADMIN_EMAIL = "ops@example.com";
const ADMIN_PASSWORD = "operator-password-1";
const secretKey = newSecretKey();
let pool: Pool;
let a: PlatformProcess;
let b: PlatformProcess;

/** POST /api/auth/<path> with the RPC body, optionally with a session cookie or a bearer key. */
async function auth(instance: PlatformProcess, path: string, input?: unknown, credentials: { cookie?: string; key?: string } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (credentials.cookie) headers["cookie"] = `checkstack_session=${credentials.cookie}`;
  if (credentials.key) headers["authorization"] = `Bearer ${credentials.key}`;
  const response = await instance.fetch(`/api/auth/${path}`, {
    method: "POST",
    headers,
    body: JSON.stringify(input === undefined ? {} : { json: input }),
  });
  return parseResponse(response);
}

/** Plugin tables are under FORCE ROW LEVEL SECURITY: read them as a service principal, as the platform would. */
const asService = <Row extends Record<string, unknown>>(target: Pool, text: string, values: unknown[] = []) => queryAsService<Row>(target, text, values);

/**
 * Waits until the instance has booted with the auth plugin loaded. Not /readyz: that also waits for
 * every other bundled plugin, and this test is about auth.
 */
async function authReady(instance: PlatformProcess, timeoutMs = 30_000): Promise<void> {
  const loaded = await instance.waitForLog((line) => line.msg === "plugins loaded", timeoutMs);
  expect(loaded["ready"]).toContain("auth");
  await instance.waitForLog((line) => line.msg === "platform ready", timeoutMs);
}

const output = <T>(response: ApiResponse): T => (response.body as { json: T }).json;
const errorCode = (response: ApiResponse) => (response.body as { json?: { code?: string } } | undefined)?.json?.code;

async function login(instance: PlatformProcess, email: string, password: string): Promise<{ response: ApiResponse; token: string; setCookie: string }> {
  const response = await auth(instance, "session/login", { email, password });
  const setCookie = response.headers.get("set-cookie") ?? "";
  return { response, setCookie, token: /checkstack_session=([^;]*)/.exec(setCookie)?.[1] ?? "" };
}

async function me(instance: PlatformProcess, credentials: { cookie?: string; key?: string }) {
  return auth(instance, "session/me", undefined, credentials);
}

describe("a cluster whose admin comes from the environment", () => {
  let adminCookie = "";

  beforeAll(async () => {
    pool = new Pool({ connectionString: configured.url, max: 2 });
    pool.on("error", () => undefined);
    const options = {
      databaseUrl: configured.url,
      secretKey,
      env: { CHECKSTACK_ADMIN_EMAIL: ADMIN_EMAIL, CHECKSTACK_ADMIN_PASSWORD: ADMIN_PASSWORD },
    };
    [a, b] = await Promise.all([platforms.start({ ...options, env: { ...options.env, CHECKSTACK_INSTANCE_ID: "auth-a" } }), platforms.start({ ...options, env: { ...options.env, CHECKSTACK_INSTANCE_ID: "auth-b" } })]);
    await Promise.all([authReady(a), authReady(b)]);
  }, 60_000);

  test("both instances started together; exactly one admin account exists", async () => {
    const rows = await asService<{ id: string }>(pool, "SELECT id FROM plugin_auth.users WHERE email = $1", [ADMIN_EMAIL]);
    expect(rows).toHaveLength(1);
    const roles = await asService(pool, "SELECT role_id FROM checkstack.principal_roles WHERE principal_type = 'user' AND principal_id = $1", [rows[0]?.id]);
    expect(roles).toEqual([{ role_id: "admin" }]);
    // The environment chose the admin: no setup link is made or logged.
    expect(await asService(pool, "SELECT token_hash FROM plugin_auth.setup_tokens")).toEqual([]);
    expect([a, b].flatMap((instance) => instance.logs.filter((line) => line.msg.startsWith("FIRST-RUN SETUP")))).toEqual([]);
    expect(output(await auth(a, "getSetupState"))).toEqual({ setupRequired: false });
  }, 120_000);

  test("the admin signs in: an HttpOnly, SameSite session cookie that works on the other instance", async () => {
    const { response, setCookie, token } = await login(a, ADMIN_EMAIL.toUpperCase(), ADMIN_PASSWORD);
    expect(response.status).toBe(200);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toMatch(/SameSite=(Lax|Strict)/);
    expect(setCookie).toContain("Path=/");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    adminCookie = token;

    const onB = await me(b, { cookie: token });
    expect(onB.status).toBe(200);
    expect(output(onB)).toMatchObject({ type: "user", email: ADMIN_EMAIL, roles: ["admin"] });
    expect(output(await me(b, {}))).toEqual({ type: "anonymous" });
  }, 120_000);

  test("wrong passwords are 401; failures on A count on B, and the limit answers 429 on both", async () => {
    const target = "target@example.com";
    for (let i = 0; i < 10; i++) {
      const response = await auth(i % 2 === 0 ? a : b, "session/login", { email: target, password: `wrong-${i}` });
      expect(response.status).toBe(401);
    }
    const onB = await auth(b, "session/login", { email: target, password: "wrong-again" });
    expect(onB.status).toBe(429);
    expect(errorCode(onB)).toBe("TOO_MANY_REQUESTS");
    expect(Number(onB.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await auth(a, "session/login", { email: target, password: "wrong-again" })).status).toBe(429);

    // The admin's own account is unaffected by another account's lock.
    expect((await login(a, ADMIN_EMAIL, "not-the-password")).response.status).toBe(401);
    expect((await login(b, ADMIN_EMAIL, ADMIN_PASSWORD)).response.status).toBe(200);
  }, 120_000);

  test("logout ends the session everywhere", async () => {
    const { token } = await login(a, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(output(await me(b, { cookie: token }))).toMatchObject({ type: "user" });
    const loggedOut = await auth(b, "session/logout", undefined, { cookie: token });
    expect(loggedOut.status).toBe(200);
    expect(output(loggedOut)).toEqual({ loggedOut: true });
    expect(loggedOut.headers.get("set-cookie")).toContain("Max-Age=0");
    expect(output(await me(a, { cookie: token }))).toEqual({ type: "anonymous" });
  }, 120_000);

  test("an API key created on A authenticates on B at once, and is refused on both once revoked", async () => {
    const created = await auth(a, "applications/create", { name: "ci", roles: [] }, { cookie: adminCookie });
    expect(created.status).toBe(200);
    const { application, key } = output<{ application: { id: string }; key: string }>(created);
    expect(key).toStartWith(`ck_${application.id}_`);

    const onB = await me(b, { key });
    expect(onB.status).toBe(200);
    expect(output(onB)).toMatchObject({ type: "application", id: application.id, name: "ci" });

    expect((await auth(a, "applications/delete", { applicationId: application.id }, { cookie: adminCookie })).status).toBe(200);
    for (const instance of [a, b]) {
      const refused = await me(instance, { key });
      expect(refused.status).toBe(401);
      expect(errorCode(refused)).toBe("UNAUTHORIZED");
    }
    // A key that never existed is a 401 too, not anonymous access.
    expect((await me(a, { key: `ck_${crypto.randomUUID()}_${"x".repeat(43)}` })).status).toBe(401);
  }, 120_000);

  test("changing a password ends the user's other sessions, on every instance", async () => {
    const created = await auth(a, "users/create", { email: "carol@example.com", displayName: "Carol", password: "carol-password-1" }, { cookie: adminCookie });
    expect(created.status).toBe(200);
    const onA = await login(a, "carol@example.com", "carol-password-1");
    const onB = await login(b, "carol@example.com", "carol-password-1");
    expect(output(await me(b, { cookie: onB.token }))).toMatchObject({ type: "user", email: "carol@example.com" });

    const changed = await auth(a, "account/changePassword", { currentPassword: "carol-password-1", newPassword: "carol-password-2" }, { cookie: onA.token });
    expect(changed.status).toBe(200);
    expect(output(changed)).toEqual({ endedSessions: 1 });
    expect(output(await me(b, { cookie: onB.token }))).toEqual({ type: "anonymous" });
    expect(output(await me(a, { cookie: onA.token }))).toMatchObject({ type: "user", email: "carol@example.com" });
    expect((await login(b, "carol@example.com", "carol-password-1")).response.status).toBe(401);
    expect((await login(b, "carol@example.com", "carol-password-2")).response.status).toBe(200);
  }, 120_000);

  test("rule-guarded procedures: the admin holds every rule, a plain user none of the admin ones", async () => {
    const plain = await login(a, "carol@example.com", "carol-password-2");
    expect((await auth(a, "users/list", undefined, { cookie: adminCookie })).status).toBe(200);
    expect((await auth(a, "users/list", undefined, { cookie: plain.token })).status).toBe(403);
    expect((await auth(a, "users/list")).status).toBe(401);
    // team.read is a default rule: every signed-in user holds it through "users".
    expect((await auth(b, "teams/list", undefined, { cookie: plain.token })).status).toBe(200);
  }, 120_000);

  test("access an instance remembered is dropped the moment it changes anywhere in the cluster", async () => {
    const created = await auth(a, "users/create", { email: "dave@example.com", displayName: "Dave", password: "dave-password-1" }, { cookie: adminCookie });
    const dave = output<{ id: string }>(created);
    expect((await auth(a, "roles/create", { roleId: "user-readers", name: "User readers" }, { cookie: adminCookie })).status).toBe(200);
    expect((await auth(a, "roles/setRules", { roleId: "user-readers", rules: ["auth.user.read"] }, { cookie: adminCookie })).status).toBe(200);
    expect((await auth(a, "users/setRoles", { userId: dave.id, roles: ["user-readers"] }, { cookie: adminCookie })).status).toBe(200);
    const { token } = await login(a, "dave@example.com", "dave-password-1");

    // B learns who Dave is and that he may list users, then answers from what it remembered.
    for (let i = 0; i < 3; i++) expect((await auth(b, "users/list", undefined, { cookie: token })).status).toBe(200);

    // The rule is taken from the role on A: B refuses at once, and the next grant is honoured at once too.
    expect((await auth(a, "roles/setRules", { roleId: "user-readers", rules: [] }, { cookie: adminCookie })).status).toBe(200);
    expect((await auth(b, "users/list", undefined, { cookie: token })).status).toBe(403);
    expect((await auth(a, "roles/setRules", { roleId: "user-readers", rules: ["auth.user.read"] }, { cookie: adminCookie })).status).toBe(200);
    expect((await auth(b, "users/list", undefined, { cookie: token })).status).toBe(200);

    // An unrelated change elsewhere moves the epoch: B starts the call afresh and still answers.
    expect((await auth(a, "roles/create", { roleId: "unrelated", name: "Unrelated" }, { cookie: adminCookie })).status).toBe(200);
    expect((await auth(a, "roles/setRules", { roleId: "unrelated", rules: ["auth.team.read"] }, { cookie: adminCookie })).status).toBe(200);
    expect((await auth(b, "users/list", undefined, { cookie: token })).status).toBe(200);

    // Disabling Dave on A: B treats his cookie as no session at all, for queries and mutations alike.
    expect((await auth(a, "users/update", { userId: dave.id, disabled: true }, { cookie: adminCookie })).status).toBe(200);
    expect((await auth(b, "users/list", undefined, { cookie: token })).status).toBe(401);
    expect(output(await me(b, { cookie: token }))).toEqual({ type: "anonymous" });
    const mutation = await auth(b, "account/changePassword", { currentPassword: "dave-password-1", newPassword: "dave-password-2" }, { cookie: token });
    expect(mutation.status).toBe(401);
  }, 120_000);

  test("audit.query shows who changed what, newest first, to holders of auth.audit.read", async () => {
    const audit = await auth(b, "audit/list", { schemaName: "plugin_auth", tableName: "users", limit: 5 }, { cookie: adminCookie });
    expect(audit.status).toBe(200);
    const entries = output<{ items: Array<{ id: number; principal: string; newRow: Record<string, unknown> | null }> }>(audit).items;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.map((entry) => entry.id)).toEqual([...entries.map((entry) => entry.id)].sort((x, y) => y - x));
    // Password hashes are masked in the trail.
    expect(JSON.stringify(entries)).not.toContain("$argon2id$");
    const carol = await login(a, "carol@example.com", "carol-password-2");
    expect((await auth(b, "audit/list", {}, { cookie: carol.token })).status).toBe(403);
  }, 120_000);

  test("self-registration is refused until an admin allows it", async () => {
    const input = { email: "newcomer@example.com", password: "newcomer-password", displayName: "Newcomer" };
    const refused = await auth(a, "account/register", input);
    expect(refused.status).toBe(403);
    expect((await auth(a, "registration/set", { allowRegistration: true }, { cookie: adminCookie })).status).toBe(200);
    const registered = await auth(b, "account/register", input);
    expect(registered.status).toBe(200);
    expect(output(registered)).toMatchObject({ email: "newcomer@example.com", roles: [] });
  }, 120_000);
});

describe("a cluster started without an admin configured: first-run setup through a one-time link", () => {
  test("no account is made; each instance logs a setup link; concurrent setups on two instances make exactly one admin", async () => {
    const options = { databaseUrl: unconfigured.url, secretKey: newSecretKey() };
    const [a, b] = (await Promise.all([
      platforms.start({ ...options, env: { CHECKSTACK_INSTANCE_ID: "setup-a", CHECKSTACK_PUBLIC_URL: "https://status.example.test/" } }),
      platforms.start({ ...options, env: { CHECKSTACK_INSTANCE_ID: "setup-b" } }),
    ])) as [PlatformProcess, PlatformProcess];
    // Two fresh instances migrating every bundled plugin beside a CPU load: bounded generously, not what is measured.
    await Promise.all([a, b].map((instance) => authReady(instance, 120_000)));
    const check = new Pool({ connectionString: unconfigured.url, max: 1 });
    check.on("error", () => undefined);
    try {
      // Never "first visitor becomes admin": nothing exists until someone holding a link completes setup.
      expect(await asService(check, "SELECT id FROM plugin_auth.users")).toEqual([]);
      expect(output(await auth(b, "getSetupState"))).toEqual({ setupRequired: true });

      // Each instance logs its own link once, at warn level: the public URL when set, else its own address.
      const linkOf = (instance: PlatformProcess) => {
        const lines = instance.logs.filter((line) => line.level === "warn" && line.msg.startsWith("FIRST-RUN SETUP"));
        expect(lines).toHaveLength(1);
        const setupUrl = String(lines[0]?.["setupUrl"]);
        expect(lines[0]?.msg).toContain(setupUrl);
        return new URL(setupUrl);
      };
      const linkA = linkOf(a);
      const linkB = linkOf(b);
      expect(`${linkA.origin}${linkA.pathname}`).toBe("https://status.example.test/setup");
      expect(`${linkB.protocol}//${linkB.hostname}${linkB.pathname}`).toBe("http://127.0.0.1/setup");
      const tokenA = linkA.searchParams.get("token") ?? "";
      const tokenB = linkB.searchParams.get("token") ?? "";
      // Stored hashed: the tokens are in the log lines only.
      const stored = await asService<{ token_hash: string }>(check, "SELECT token_hash FROM plugin_auth.setup_tokens");
      expect(stored).toHaveLength(2);
      expect(JSON.stringify(stored)).not.toContain(tokenA);

      const setup = (instance: PlatformProcess, token: string, email: string) =>
        auth(instance, "completeSetup", { token, email, password: "first-admin-password-1", name: "First Admin" });
      // A wrong token and an expired one: refused with what went wrong, and nothing is created.
      const wrong = await setup(a, "not-the-token", "wrong@example.com");
      expect(wrong.status).toBe(403);
      expect(output<{ message: string }>(wrong).message).toContain("setup link is not valid");
      const { createHash } = await import("node:crypto");
      await asService(check, "UPDATE plugin_auth.setup_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = $1", [
        createHash("sha256").update(tokenB).digest("hex"),
      ]);
      const expired = await setup(a, tokenB, "late@example.com");
      expect(expired.status).toBe(403);
      expect(output<{ message: string }>(expired).message).toContain("expired");
      const invalidInput = await auth(a, "completeSetup", { token: tokenA, email: "not-an-email", password: "first-admin-password-1" });
      expect(invalidInput.status).toBe(400);
      expect(JSON.stringify(invalidInput.body)).toContain("email");
      expect(await asService(check, "SELECT id FROM plugin_auth.users")).toEqual([]);

      // The same link used at once on both instances: exactly one wins.
      const [onA, onB] = await Promise.all([setup(a, tokenA, "first@example.com"), setup(b, tokenA, "second@example.com")]);
      const statuses = [onA.status, onB.status].sort();
      expect(statuses).toEqual([200, 409]);
      const winner = onA.status === 200 ? onA : onB;
      const loser = onA.status === 200 ? onB : onA;
      expect(output<{ message: string }>(loser).message).toContain("already complete");
      const users = await asService<{ id: string; email: string; display_name: string }>(check, "SELECT id, email, display_name FROM plugin_auth.users");
      expect(users).toHaveLength(1);
      expect(users[0]?.display_name).toBe("First Admin");
      const roles = await asService(check, "SELECT role_id FROM checkstack.principal_roles WHERE principal_id = $1", [users[0]?.id]);
      expect(roles).toEqual([{ role_id: "admin" }]);
      expect(output(winner)).toMatchObject({ user: { email: users[0]?.email }, mustChangePassword: false });

      // The winner is signed in (session cookie), as an admin, on every instance.
      const cookie = /checkstack_session=([^;]+)/.exec(winner.headers.get("set-cookie") ?? "")?.[1] ?? "";
      expect(output(await me(a, { cookie }))).toMatchObject({ type: "user", email: users[0]?.email, roles: ["admin"] });
      expect((await auth(b, "users/list", undefined, { cookie })).status).toBe(200);

      // Used: the link cannot be used again, and setup is no longer offered.
      const again = await setup(b, tokenA, "third@example.com");
      expect(again.status).toBe(409);
      expect(output(await auth(a, "getSetupState"))).toEqual({ setupRequired: false });
      expect(await asService(check, "SELECT token_hash FROM plugin_auth.setup_tokens WHERE used_at IS NULL")).toEqual([]);
    } finally {
      await check.end();
    }
  }, 240_000);
});
