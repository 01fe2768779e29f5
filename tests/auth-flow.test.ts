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
const generated = useTestDatabase();

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
async function authReady(instance: PlatformProcess): Promise<void> {
  const loaded = await instance.waitForLog((line) => line.msg === "plugins loaded", 30_000);
  expect(loaded["ready"]).toContain("auth");
  await instance.waitForLog((line) => line.msg === "platform ready", 30_000);
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

describe("a cluster started without an admin configured", () => {
  test("three instances starting together generate one admin, announced once in the log", async () => {
    const options = { databaseUrl: generated.url, secretKey: newSecretKey() };
    const instances = await Promise.all([1, 2, 3].map((n) => platforms.start({ ...options, env: { CHECKSTACK_INSTANCE_ID: `gen-${n}` } })));
    await Promise.all(instances.map(authReady));

    const announcements = instances.flatMap((instance) => instance.logs.filter((line) => line.level === "warn" && line.msg.includes("FIRST ADMINISTRATOR")));
    expect(announcements).toHaveLength(1);
    const password = String(announcements[0]?.["generatedPassword"]);
    const email = String(announcements[0]?.["email"]);
    expect(announcements[0]?.msg).toContain(password);

    const check = new Pool({ connectionString: generated.url, max: 1 });
    try {
      const users = await asService<{ id: string; email: string }>(check, "SELECT id, email FROM plugin_auth.users");
      expect(users.map((row) => row.email)).toEqual([email]);
      const roles = await asService(check, "SELECT role_id FROM checkstack.principal_roles WHERE principal_id = $1", [users[0]?.id]);
      expect(roles).toEqual([{ role_id: "admin" }]);
    } finally {
      await check.end();
    }

    const signedIn = await login(instances[2]!, email, password);
    expect(signedIn.response.status).toBe(200);
    expect(output(await me(instances[0]!, { cookie: signedIn.token }))).toMatchObject({ type: "user", roles: ["admin"] });

    // The generated password must be changed first, on every instance; once changed, everywhere at once.
    const early = await auth(instances[1]!, "users/list", undefined, { cookie: signedIn.token });
    expect(early.status).toBe(403);
    expect((early.body as { json: { message: string } }).json.message).toContain("password must be changed");
    const changed = await auth(instances[2]!, "account/changePassword", { currentPassword: password, newPassword: "chosen-admin-password-1" }, { cookie: signedIn.token });
    expect(changed.status).toBe(200);
    expect((await auth(instances[1]!, "users/list", undefined, { cookie: signedIn.token })).status).toBe(200);
  }, 120_000);
});
