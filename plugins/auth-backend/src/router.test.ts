import { describe, expect, test } from "bun:test";
import { call, ORPCError } from "@orpc/server";
import { createMockRpcContext, isDomainError, type DomainError, type Principal, type RateLimitedError, type RpcContext } from "@checkstack/backend-api";
import { useAuthTestStack } from "./auth-test-stack";
import { createAuthRouter } from "./router";
import { registrationConfig } from "./config";

const stack = useAuthTestStack({ limits: { windowSeconds: 900, maxPerAccount: 3, maxPerAddress: 100 } });
const router = () => createAuthRouter(stack.current);

/** A context as the platform builds it for HTTP calls: request headers in, response headers out. */
function httpContext(options: { principal?: Principal; cookie?: string; grants?: Record<string, string[]>; clientAddress?: string; headers?: Record<string, string> } = {}): RpcContext {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", `checkstack_session=${options.cookie}`);
  return {
    ...createMockRpcContext({ pluginId: "auth", ...(options.principal ? { principal: options.principal } : {}), grants: options.grants ?? {} }),
    request: { headers, clientAddress: options.clientAddress ?? "198.51.100.1" },
    responseHeaders: new Headers(),
  };
}

/** A refusal: a domain error from a handler, or oRPC's own for input its schema rejects. */
async function failure(attempt: Promise<unknown>): Promise<Pick<DomainError, "code" | "message">> {
  try {
    await attempt;
  } catch (error) {
    if (isDomainError(error) || error instanceof ORPCError) return error as Pick<DomainError, "code" | "message">;
    throw error;
  }
  throw new Error("expected the call to fail");
}

const cookieToken = (context: RpcContext) => /checkstack_session=([^;]*)/.exec(context.responseHeaders?.get("set-cookie") ?? "")?.[1] ?? "";

let counter = 0;
async function newUser(roles: string[] = []) {
  const email = `user-${++counter}@example.com`;
  const password = `password-${counter}-long`;
  const created = await stack.current.users.create({ email, displayName: `User ${counter}`, password });
  if (roles.length > 0) await stack.current.admin.setRoles({ type: "user", id: created.id }, roles);
  const principal: Principal = { type: "user", id: created.id, email, roles };
  return { id: created.id, email, password, principal };
}

describe("session", () => {
  test("login sets an HttpOnly, SameSite session cookie; me and logout use it", async () => {
    const user = await newUser();
    const context = httpContext();
    const result = await call(router().session.login, { email: user.email.toUpperCase(), password: user.password }, { context });
    expect(result.user).toEqual({ id: user.id, email: user.email, displayName: expect.any(String) });
    const cookie = context.responseHeaders?.get("set-cookie") ?? "";
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
    const token = cookieToken(context);
    expect((await stack.current.sessions.principalFor(token))?.principal).toMatchObject({ id: user.id });

    const me = await call(router().session.me, undefined, { context: httpContext({ principal: user.principal }) });
    expect(me).toMatchObject({ type: "user", id: user.id, email: user.email, roles: [], teams: [] });

    const logoutContext = httpContext({ cookie: token });
    expect(await call(router().session.logout, undefined, { context: logoutContext })).toEqual({ loggedOut: true });
    expect(logoutContext.responseHeaders?.get("set-cookie")).toContain("Max-Age=0");
    expect(await stack.current.sessions.principalFor(token)).toBeUndefined();
    expect(await call(router().session.logout, undefined, { context: httpContext({ cookie: token }) })).toEqual({ loggedOut: false });
  });

  test("the cookie is Secure behind an https proxy", async () => {
    const user = await newUser();
    const context = httpContext({ headers: { "x-forwarded-proto": "https" } });
    await call(router().session.login, { email: user.email, password: user.password }, { context });
    expect(context.responseHeaders?.get("set-cookie")).toContain("Secure");
  });

  test("wrong password and unknown email give the same 401; the limit then answers 429 with Retry-After", async () => {
    const user = await newUser();
    const wrong = await failure(call(router().session.login, { email: user.email, password: "wrong-password" }, { context: httpContext() }));
    const unknown = await failure(call(router().session.login, { email: "nobody@example.com", password: "wrong-password" }, { context: httpContext() }));
    expect([wrong.code, unknown.code]).toEqual(["UNAUTHORIZED", "UNAUTHORIZED"]);
    expect(wrong.message).toBe(unknown.message);

    await failure(call(router().session.login, { email: user.email, password: "wrong-again" }, { context: httpContext() }));
    await failure(call(router().session.login, { email: user.email, password: "and-again" }, { context: httpContext() }));
    const limited = httpContext();
    // Even the right password is refused while the account is locked.
    const refused = await failure(call(router().session.login, { email: user.email, password: user.password }, { context: limited }));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    // The RPC layer sends this as the Retry-After header.
    expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
  });

  test("a success clears the account's failures", async () => {
    const user = await newUser();
    for (let i = 0; i < 2; i++) await failure(call(router().session.login, { email: user.email, password: "nope-nope" }, { context: httpContext() }));
    await call(router().session.login, { email: user.email, password: user.password }, { context: httpContext() });
    for (let i = 0; i < 3; i++) {
      expect((await failure(call(router().session.login, { email: user.email, password: "nope-nope" }, { context: httpContext() }))).code).toBe("UNAUTHORIZED");
    }
  });

  test("a disabled account is refused even with the right password", async () => {
    const user = await newUser();
    await stack.current.users.update(user.id, { disabled: true });
    const refused = await failure(call(router().session.login, { email: user.email, password: user.password }, { context: httpContext() }));
    expect(refused.code).toBe("FORBIDDEN");
  });

  test("me for anonymous callers and applications", async () => {
    expect(await call(router().session.me, undefined, { context: httpContext() })).toEqual({ type: "anonymous" });
    const app = await stack.current.applications.create({ name: "Probe", createdBy: "user:x" });
    const me = await call(router().session.me, undefined, { context: httpContext({ principal: { type: "application", id: app.id, roles: [] } }) });
    expect(me).toEqual({ type: "application", id: app.id, name: "Probe", roles: [], teams: [] });
  });

  test("bad input is a 400, never a 500", async () => {
    expect((await failure(call(router().session.login, { email: "", password: "x" }, { context: httpContext() }))).code).toBe("BAD_REQUEST");
    expect((await failure(call(router().session.login, { email: "a@b.c" } as any, { context: httpContext() }))).code).toBe("BAD_REQUEST");
  });
});

describe("account", () => {
  test("register is refused unless allowed, then creates a user without roles", async () => {
    const input = { email: "Self@Example.com", password: "self-password-1", displayName: "Self" };
    const refused = await failure(call(router().account.register, input, { context: httpContext() }));
    expect(refused.code).toBe("FORBIDDEN");

    await stack.current.config.set(registrationConfig, { allowRegistration: true });
    try {
      const created = await call(router().account.register, input, { context: httpContext() });
      expect(created).toMatchObject({ email: "self@example.com", roles: [], disabled: false });
      expect((await failure(call(router().account.register, { ...input, email: "SELF@example.com" }, { context: httpContext() }))).code).toBe("CONFLICT");
      expect((await failure(call(router().account.register, { ...input, email: "x@y.z", password: "short" }, { context: httpContext() }))).code).toBe("BAD_REQUEST");
    } finally {
      await stack.current.config.set(registrationConfig, { allowRegistration: false });
    }
  });

  test("changePassword needs the current password and ends the user's other sessions", async () => {
    const user = await newUser();
    const login = async () => {
      const context = httpContext();
      await call(router().session.login, { email: user.email, password: user.password }, { context });
      return cookieToken(context);
    };
    const mine = await login();
    const other = await login();

    const wrong = await failure(
      call(router().account.changePassword, { currentPassword: "not-it", newPassword: "brand-new-password" }, { context: httpContext({ principal: user.principal, cookie: mine }) }),
    );
    expect(wrong.code).toBe("FORBIDDEN");

    const result = await call(
      router().account.changePassword,
      { currentPassword: user.password, newPassword: "brand-new-password" },
      { context: httpContext({ principal: user.principal, cookie: mine }) },
    );
    expect(result).toEqual({ endedSessions: 1 });
    expect((await stack.current.sessions.principalFor(mine))?.principal).toMatchObject({ id: user.id });
    expect(await stack.current.sessions.principalFor(other)).toBeUndefined();
    await call(router().session.login, { email: user.email, password: "brand-new-password" }, { context: httpContext() });
  });

  test("changePassword is for signed-in users", async () => {
    const attempt = call(router().account.changePassword, { currentPassword: "a", newPassword: "bbbbbbbbbbbb" }, { context: httpContext() });
    expect((await failure(attempt)).code).toBe("UNAUTHORIZED");
  });
});

describe("administration", () => {
  test("admins manage users; others are refused before the handler runs", async () => {
    const boss = await newUser(["admin"]);
    const plain = await newUser();
    const asBoss = () => httpContext({ principal: boss.principal });
    expect((await failure(call(router().users.list, undefined, { context: httpContext({ principal: plain.principal }) }))).code).toBe("FORBIDDEN");
    expect((await failure(call(router().users.list, undefined, { context: httpContext() }))).code).toBe("UNAUTHORIZED");

    const created = await call(router().users.create, { email: "New@Example.com", displayName: "New", password: "new-user-password", roles: ["admin"] }, { context: asBoss() });
    expect(created).toMatchObject({ email: "new@example.com", roles: ["admin"] });
    expect((await call(router().users.list, undefined, { context: asBoss() })).some((user) => user.id === created.id)).toBe(true);
    expect((await failure(call(router().users.create, { email: "new@example.com", displayName: "Dup", password: "new-user-password" }, { context: asBoss() }))).code).toBe("CONFLICT");

    const updated = await call(router().users.update, { userId: created.id, displayName: "Renamed", disabled: true }, { context: asBoss() });
    expect(updated).toMatchObject({ displayName: "Renamed", disabled: true });
    expect((await failure(call(router().users.update, { userId: boss.id, disabled: true }, { context: asBoss() }))).code).toBe("CONFLICT");

    await stack.current.admin.createRole({ id: "auditor", name: "Auditor" });
    expect((await call(router().users.setRoles, { userId: created.id, roles: ["auditor"] }, { context: asBoss() })).roles).toEqual(["auditor"]);
    expect((await failure(call(router().users.setRoles, { userId: created.id, roles: ["ghost"] }, { context: asBoss() }))).code).toBe("BAD_REQUEST");

    await call(router().users.resetPassword, { userId: created.id, newPassword: "reset-password-1" }, { context: asBoss() });
    expect(await call(router().users.delete, { userId: created.id }, { context: asBoss() })).toEqual({ ok: true });
    expect(await stack.current.admin.rolesOf({ type: "user", id: created.id })).toEqual([]);
    expect((await failure(call(router().users.get, { userId: created.id }, { context: asBoss() }))).code).toBe("NOT_FOUND");
    expect((await failure(call(router().users.get, { userId: "not-a-uuid" }, { context: asBoss() }))).code).toBe("BAD_REQUEST");
    expect((await failure(call(router().users.delete, { userId: boss.id }, { context: asBoss() }))).code).toBe("CONFLICT");
  });

  test("user.manage alone cannot hand out roles", async () => {
    const manager = await newUser();
    const context = httpContext({ principal: { ...manager.principal, roles: ["people"] }, grants: { people: ["auth.user.manage", "auth.user.read"] } });
    const attempt = call(router().users.create, { email: "escalate@example.com", displayName: "E", password: "escalate-password", roles: ["admin"] }, { context });
    expect((await failure(attempt)).code).toBe("FORBIDDEN");
    expect((await failure(call(router().users.setRoles, { userId: manager.id, roles: ["admin"] }, { context }))).code).toBe("FORBIDDEN");
    const plainCreate = await call(router().users.create, { email: "fine@example.com", displayName: "F", password: "fine-password-1" }, { context });
    expect(plainCreate.roles).toEqual([]);
  });

  test("roles and rules", async () => {
    const boss = await newUser(["admin"]);
    const context = () => httpContext({ principal: boss.principal });
    const role = await call(router().roles.create, { roleId: "support", name: "Support" }, { context: context() });
    expect(role.rules).toEqual([]);
    const withRules = await call(router().roles.setRules, { roleId: "support", rules: ["auth.user.read"] }, { context: context() });
    expect(withRules.rules).toEqual(["auth.user.read"]);
    const unknown = await failure(call(router().roles.setRules, { roleId: "support", rules: ["auth.nope"] }, { context: context() }));
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.message).toContain("auth.nope");
    expect((await failure(call(router().roles.delete, { roleId: "users" }, { context: context() }))).code).toBe("CONFLICT");
    expect((await call(router().rules.list, undefined, { context: context() })).map((rule) => rule.id)).toContain("auth.audit.read");
    expect(await call(router().roles.delete, { roleId: "support" }, { context: context() })).toEqual({ ok: true });
  });

  test("team managers run their own team but not others; grants need the resource too", async () => {
    const boss = await newUser(["admin"]);
    const lead = await newUser();
    const member = await newUser();
    const asBoss = () => httpContext({ principal: boss.principal });
    const teamA = await call(router().teams.create, { name: "Team A" }, { context: asBoss() });
    const teamB = await call(router().teams.create, { name: "Team B" }, { context: asBoss() });
    await call(router().teams.setMember, { teamId: teamA.id, memberType: "user", memberId: lead.id, isManager: true }, { context: asBoss() });

    // The lead holds no auth rules: managing the team is enough for its members.
    const asLead = (grants: Record<string, string[]> = {}) => httpContext({ principal: { ...lead.principal, roles: ["ops"] }, grants });
    await call(router().teams.setMember, { teamId: teamA.id, memberType: "user", memberId: member.id, isManager: false }, { context: asLead() });
    expect((await failure(call(router().teams.setMember, { teamId: teamB.id, memberType: "user", memberId: member.id, isManager: false }, { context: asLead() }))).code).toBe("FORBIDDEN");
    const ghost = "00000000-0000-4000-8000-000000000000";
    expect((await failure(call(router().teams.setMember, { teamId: teamA.id, memberType: "user", memberId: ghost, isManager: false }, { context: asLead() }))).code).toBe("NOT_FOUND");

    const grant = { resourceType: "demo.system", resourceId: "sys-1", teamId: teamA.id, canRead: true, canManage: false };
    expect((await failure(call(router().grants.grant, grant, { context: asLead() }))).code).toBe("FORBIDDEN");
    await call(router().grants.grant, grant, { context: asLead({ ops: ["demo.system.manage"] }) });
    expect(await call(router().grants.list, { resourceType: "demo.system", resourceId: "sys-1" }, { context: asBoss() })).toEqual([{ ...grant }]);
    await call(router().grants.revoke, { resourceType: "demo.system", resourceId: "sys-1", teamId: teamA.id }, { context: asLead() });
    expect((await failure(call(router().grants.grant, { ...grant, resourceType: "demo.nothing" }, { context: asBoss() }))).code).toBe("BAD_REQUEST");
    expect((await failure(call(router().grants.setTeamOnly, { resourceType: "demo.system", resourceId: "sys-1", teamOnly: true }, { context: asLead() }))).code).toBe("FORBIDDEN");
    await call(router().grants.setTeamOnly, { resourceType: "demo.system", resourceId: "sys-1", teamOnly: true }, { context: asBoss() });

    await call(router().teams.removeMember, { teamId: teamA.id, memberType: "user", memberId: member.id }, { context: asLead() });
    expect((await call(router().teams.list, undefined, { context: asBoss() })).find((team) => team.id === teamA.id)?.members).toEqual([
      { type: "user", id: lead.id, isManager: true },
    ]);
    await call(router().teams.delete, { teamId: teamB.id }, { context: asBoss() });
  });

  test("applications: the key is shown once, works until revoked", async () => {
    const boss = await newUser(["admin"]);
    const asBoss = () => httpContext({ principal: boss.principal });
    const team = await call(router().teams.create, { name: "Automation" }, { context: asBoss() });
    const created = await call(router().applications.create, { name: "Deployer", roles: ["admin"], teams: [team.id] }, { context: asBoss() });
    expect(created.key).toStartWith(`ck_${created.application.id}_`);
    expect(created.application).toMatchObject({ name: "Deployer", roles: ["admin"], teams: [team.id], createdBy: `user:${boss.id}` });
    const listed = await call(router().applications.list, undefined, { context: asBoss() });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect((await stack.current.applications.check(created.key)).ok).toBe(true);

    const updated = await call(router().applications.update, { applicationId: created.application.id, name: "Deployer 2", roles: [], teams: [] }, { context: asBoss() });
    expect(updated).toMatchObject({ name: "Deployer 2", roles: [], teams: [] });

    await call(router().applications.delete, { applicationId: created.application.id }, { context: asBoss() });
    expect((await stack.current.applications.check(created.key)).ok).toBe(false);
    expect((await failure(call(router().applications.delete, { applicationId: created.application.id }, { context: asBoss() }))).code).toBe("NOT_FOUND");
  });

  test("application.manage alone cannot give an application roles", async () => {
    const someone = await newUser();
    const context = httpContext({ principal: { ...someone.principal, roles: ["integrations"] }, grants: { integrations: ["auth.application.manage"] } });
    expect((await failure(call(router().applications.create, { name: "Sneaky", roles: ["admin"] }, { context }))).code).toBe("FORBIDDEN");
    const plain = await call(router().applications.create, { name: "Plain" }, { context });
    expect(plain.application.roles).toEqual([]);
  });

  test("audit: filters and pages", async () => {
    await stack.current.pool.query(`INSERT INTO checkstack.audit_log (principal, schema_name, table_name, operation)
      SELECT 'user:auditee', 'plugin_auth', 'users', 'UPDATE' FROM generate_series(1, 5)`);
    const boss = await newUser(["admin"]);
    const context = () => httpContext({ principal: boss.principal });
    const first = await call(router().audit.list, { principal: "user:auditee", limit: 3 }, { context: context() });
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toBe(String(first.items[2]?.id ?? -1));
    const second = await call(router().audit.list, { principal: "user:auditee", limit: 3, cursor: first.nextCursor ?? "" }, { context: context() });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect((await failure(call(router().audit.list, { limit: 501 }, { context: context() }))).code).toBe("BAD_REQUEST");
    expect((await failure(call(router().audit.list, { from: "yesterday" }, { context: context() }))).code).toBe("BAD_REQUEST");
    const someone = await newUser();
    expect((await failure(call(router().audit.list, {}, { context: httpContext({ principal: someone.principal }) }))).code).toBe("FORBIDDEN");
  });
});
