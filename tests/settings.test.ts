import { beforeAll, describe, expect, test } from "bun:test";
import { hashPassword } from "../plugins/auth-backend/src/passwords";
import { callOverHttp, useInProcessPlatform } from "./support/in-process-platform";
import { queryAsService } from "./support/service-query";

/*
 * The platform settings an admin edits on the settings screen: the public URL
 * (the settings plugin), beside self-registration (auth registration.get/set)
 * and check-run retention (healthcheck getRetention/setRetention). Stored
 * through the config service, readable by admins only, audited.
 */
const running = useInProcessPlatform();

let counter = 0;
async function signedIn(roles: string[]): Promise<{ id: string; cookie: string }> {
  const email = `settings-${++counter}@example.com`;
  const password = `settings-password-${counter}`;
  const [row] = await queryAsService<{ id: string }>(
    running.platform.pool,
    "INSERT INTO plugin_auth.users (email, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id",
    [email, `User ${counter}`, await hashPassword(password)],
  );
  if (!row) throw new Error("no user row");
  for (const role of roles) {
    await running.platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', $1, $2)", [row.id, role]);
  }
  const login = await running.platform.rpc.handle(
    new Request("http://localhost/api/auth/session/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email, password } }),
    }),
  );
  const cookie = /checkstack_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0];
  if (login.status !== 200 || !cookie) throw new Error(`sign-in failed: ${login.status}`);
  return { id: row.id, cookie };
}

let admin: { id: string; cookie: string };
let viewer: { id: string; cookie: string };
beforeAll(async () => {
  admin = await signedIn(["admin"]);
  viewer = await signedIn([]);
});

const call = (who: { cookie: string } | undefined, procedure: string, input?: unknown) =>
  callOverHttp(running.platform, "settings", procedure, input, who ? { cookie: who.cookie } : {});

describe("settings: the public URL", () => {
  test("unset: links fall back to CHECKSTACK_PUBLIC_URL or this instance's address", async () => {
    const read = await call(admin, "get");
    expect(read.status).toBe(200);
    const settings = read.body.json as { publicUrl: string | null; effectivePublicUrl: string; source: string };
    expect(settings.publicUrl).toBeNull();
    expect(["environment", "listen-address"]).toContain(settings.source);
    expect(settings.effectivePublicUrl).toMatch(/^https?:\/\//);
  });

  test("an admin sets it (normalised), reads it back, and the change is in the audit trail under their name", async () => {
    const set = await call(admin, "set", { publicUrl: "https://status.example.com/" });
    expect(set.status).toBe(200);
    expect(set.body.json).toEqual({ publicUrl: "https://status.example.com", effectivePublicUrl: "https://status.example.com", source: "setting" });
    expect((await call(admin, "get")).body.json).toMatchObject({ publicUrl: "https://status.example.com", source: "setting" });

    const audit = await callOverHttp(running.platform, "auth", "audit/query", { tableName: "plugin_configs", principal: `user:${admin.id}` }, { cookie: admin.cookie });
    expect(audit.status).toBe(200);
    const entries = (audit.body.json as { entries: Array<{ principal: string; newRow: { plugin_id?: string; key?: string } | null }> }).entries;
    expect(entries.some((entry) => entry.newRow?.plugin_id === "settings" && entry.newRow.key === "general")).toBe(true);

    // Cleared: back to the default.
    const cleared = await call(admin, "set", { publicUrl: null });
    expect(cleared.body.json).toMatchObject({ publicUrl: null });
    expect((cleared.body.json as { source: string }).source).not.toBe("setting");
  });

  test("a bad URL is a 400 naming the field; nothing is stored", async () => {
    for (const publicUrl of ["status.example.com", "ftp://status.example.com", "https://user:secret@status.example.com", "https://status.example.com/?x=1"]) {
      const refused = await call(admin, "set", { publicUrl });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain("publicUrl");
    }
    expect((await call(admin, "get")).body.json).toMatchObject({ publicUrl: null });
  });

  test("only admins: a signed-in user without the rules gets 403, an anonymous caller 401", async () => {
    expect((await call(viewer, "get")).status).toBe(403);
    expect((await call(viewer, "set", { publicUrl: "https://evil.example.com" })).status).toBe(403);
    expect((await call(undefined, "get")).status).toBe(401);
    expect((await call(admin, "get")).body.json).toMatchObject({ publicUrl: null });
  });
});
