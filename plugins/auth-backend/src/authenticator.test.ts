import { describe, expect, test } from "bun:test";
import { createRecordingLogger, isDomainError, type DomainError } from "@checkstack/backend-api";
import { useAuthTestStack } from "./auth-test-stack";
import { createAuthenticator } from "./authenticator";

const stack = useAuthTestStack();

function authenticator() {
  const { sessions, applications } = stack.current;
  return createAuthenticator(() => ({ sessions, applications, logger: createRecordingLogger() }));
}

const withCookie = (token: string) => ({ headers: new Headers({ cookie: `theme=dark; checkstack_session=${token}` }), clientAddress: "127.0.0.1" });
const withBearer = (key: string) => ({ headers: new Headers({ authorization: `Bearer ${key}` }), clientAddress: "127.0.0.1" });

async function rejection(attempt: Promise<unknown>): Promise<DomainError> {
  try {
    await attempt;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("authenticator", () => {
  test("no credentials: anonymous", async () => {
    expect(await authenticator().authenticate({ headers: new Headers(), clientAddress: undefined })).toBeUndefined();
  });

  test("a session cookie: the user, with assigned roles and teams", async () => {
    const { users, sessions, admin } = stack.current;
    const user = await users.create({ email: "cookie@example.com", displayName: "Cookie", password: "cookie-password-1" });
    await admin.createRole({ id: "viewer", name: "Viewer" });
    await admin.setRoles({ type: "user", id: user.id }, ["viewer"]);
    const team = await admin.createTeam({ name: "Cookie team" });
    await admin.setTeamMember(team.id, { type: "user", id: user.id, isManager: false });
    const session = await sessions.start(user.id, {});
    expect(await authenticator().authenticate(withCookie(session.token))).toEqual({
      principal: { type: "user", id: user.id, email: "cookie@example.com", roles: ["viewer"], teams: [team.id] },
      expiresAt: session.expiresAt,
    });
  });

  test("unknown, malformed or expired sessions and disabled users: anonymous, not an error", async () => {
    const { users, sessions, pool } = stack.current;
    expect(await authenticator().authenticate(withCookie("A".repeat(43)))).toBeUndefined();
    expect(await authenticator().authenticate(withCookie("not-a-token"))).toBeUndefined();

    const user = await users.create({ email: "stale@example.com", displayName: "Stale", password: "stale-password-1" });
    const expired = await sessions.start(user.id, {});
    await pool.query("UPDATE plugin_auth.sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1", [user.id]);
    expect(await authenticator().authenticate(withCookie(expired.token))).toBeUndefined();

    const live = await sessions.start(user.id, {});
    expect((await authenticator().authenticate(withCookie(live.token)))?.principal.type).toBe("user");
    await users.update(user.id, { disabled: true });
    expect(await authenticator().authenticate(withCookie(live.token))).toBeUndefined();
  });

  test("a bearer key: the application; unknown, malformed or revoked keys: 401", async () => {
    const { applications, admin } = stack.current;
    const created = await applications.create({ name: "CI", createdBy: "user:test" });
    await admin.setRoles({ type: "application", id: created.id }, ["viewer"]);
    expect(await authenticator().authenticate(withBearer(created.key))).toEqual({
      principal: { type: "application", id: created.id, name: "CI", roles: ["viewer"], teams: [] },
    });

    const tampered = `${created.key.slice(0, -1)}${created.key.endsWith("A") ? "B" : "A"}`;
    expect((await rejection(authenticator().authenticate(withBearer(tampered)))).code).toBe("UNAUTHORIZED");
    expect((await rejection(authenticator().authenticate(withBearer("ck_garbage")))).code).toBe("UNAUTHORIZED");

    await applications.delete(created.id);
    expect((await rejection(authenticator().authenticate(withBearer(created.key)))).code).toBe("UNAUTHORIZED");
  });

  test("malformed credentials are a 401, never anonymous, even with a valid session cookie beside them", async () => {
    const { applications, users, sessions } = stack.current;
    const created = await applications.create({ name: "Malformed", createdBy: "user:test" });
    const user = await users.create({ email: "malformed@example.com", displayName: "M", password: "malformed-password-1" });
    const session = await sessions.start(user.id, {});
    const malformed = [
      "",
      "Bearer",
      "Bearer ",
      "Bearer  ",
      `Bearer  ${created.key}`,
      `Bearer ${created.key} junk`,
      `Bearer ${created.key}, Bearer ${created.key}`,
      `Bearer ${created.key},${created.key}`,
      "Basic dXNlcjpwYXNz",
      "Token abc",
      created.key,
    ];
    for (const authorization of malformed) {
      const headers = new Headers({ authorization, cookie: `checkstack_session=${session.token}` });
      const refused = await rejection(authenticator().authenticate({ headers, clientAddress: undefined }));
      expect({ authorization, code: refused.code }).toEqual({ authorization, code: "UNAUTHORIZED" });
      expect(refused.message).toContain("Malformed credentials");
    }
    // Two Authorization headers, as a client would send them.
    const twice = new Headers();
    twice.append("authorization", `Bearer ${created.key}`);
    twice.append("authorization", `Bearer ${created.key}`);
    expect((await rejection(authenticator().authenticate({ headers: twice, clientAddress: undefined }))).code).toBe("UNAUTHORIZED");
    // The well-formed one still works, with any case of the scheme.
    expect((await authenticator().authenticate(withBearer(created.key)))?.principal.type).toBe("application");
    const lower = new Headers({ authorization: `bearer ${created.key}` });
    expect((await authenticator().authenticate({ headers: lower, clientAddress: undefined }))?.principal.type).toBe("application");
  });

  test("before init: cookies are anonymous and keys are refused, nothing hangs", async () => {
    const early = createAuthenticator(() => undefined);
    expect(await early.authenticate(withCookie("A".repeat(43)))).toBeUndefined();
    expect((await rejection(early.authenticate(withBearer(`ck_${crypto.randomUUID()}_${"a".repeat(43)}`)))).code).toBe("UNAUTHORIZED");
  });

  test("cost per request (one query; this test's pool runs no request scope)", async () => {
    const { users, sessions, applications } = stack.current;
    const user = await users.create({ email: "bench@example.com", displayName: "Bench", password: "bench-password-1" });
    const session = await sessions.start(user.id, {});
    const app = await applications.create({ name: "bench", createdBy: "user:test" });
    const subject = authenticator();
    const measure = async (request: ReturnType<typeof withCookie>) => {
      for (let i = 0; i < 50; i++) await subject.authenticate(request);
      const samples: number[] = [];
      for (let i = 0; i < 500; i++) {
        const started = performance.now();
        await subject.authenticate(request);
        samples.push((performance.now() - started) * 1000);
      }
      samples.sort((a, b) => a - b);
      return Math.round(samples[Math.floor(samples.length / 2)] ?? 0);
    };
    const cookieMedian = await measure(withCookie(session.token));
    const keyMedian = await measure(withBearer(app.key));
    console.log(`authenticate() median: session cookie ${cookieMedian} µs, API key ${keyMedian} µs`);
    expect(cookieMedian).toBeLessThan(5_000);
  });
});
