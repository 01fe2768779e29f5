/**
 * Personal notification channels on real Postgres (middleware, SQL access decision, row security):
 * owned by a user, seen and changed only by them and admins, usable in that user's rules only.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { NotificationApi } from "@checkstack/notification-common";
import { runInDbScope } from "../server/src/database/db-scope";
import { useInProcessPlatform } from "./support/in-process-platform";

const running = useInProcessPlatform();
const owner: Principal = { type: "user", id: "personal-owner", roles: ["alert-writers"] };
const other: Principal = { type: "user", id: "personal-other", roles: ["alert-writers"] };
const admin: Principal = { type: "user", id: "personal-admin", roles: ["admin"] };
const secret = `whsec_${randomBytes(32).toString("base64")}`;

const notification = () => running.platform.clientFor("test").forPlugin(NotificationApi, { actAs: "caller" });
const catalog = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });
const as = <T>(principal: Principal, work: () => Promise<T>) => runInDbScope(running.platform.pool, { principal }, work);
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "allowed",
    (error: { code?: string; message?: string }) => `${error.code ?? "?"} ${error.message ?? String(error)}`,
  );
const sql = (text: string, values: unknown[] = []) => running.platform.pool.query(text, values);

let systemId = "";

beforeAll(async () => {
  await sql("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'personal-admin', 'admin')");
  await sql("INSERT INTO checkstack.roles (id, name) VALUES ('alert-writers', 'Alert writers')");
  await sql("INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('alert-writers', 'notification.channel.manage'), ('alert-writers', 'notification.rule.manage')");
  await sql("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'personal-owner', 'alert-writers'), ('user', 'personal-other', 'alert-writers')");
  systemId = (await as(admin, () => catalog().createSystem({ name: "personal-system" }))).id;
}, 30_000);

describe("personal channels", () => {
  test("only the owner and admins see and change it; another user gets 404 or a list without it", async () => {
    const channel = await as(owner, () => notification().createChannel({ name: "my phone", kind: "webhook", config: { url: "http://127.0.0.1:9/me", secret }, personal: true }));
    expect(channel.ownerUserId).toBe("personal-owner");
    const shared = await as(other, () => notification().createChannel({ name: "shared", kind: "webhook", config: { url: "http://127.0.0.1:9/shared", secret } }));

    // The owner sees, reads and edits it.
    expect((await as(owner, () => notification().listChannels())).channels.map((entry) => entry.name)).toContain("my phone");
    expect((await as(owner, () => notification().getChannel({ channelId: channel.id }))).name).toBe("my phone");
    expect((await as(owner, () => notification().updateChannel({ channelId: channel.id, name: "my pager" }))).name).toBe("my pager");

    // Another user, with the same rules: filtered from the list, 404 on read, change and delete.
    const seenByOther = (await as(other, () => notification().listChannels())).channels.map((entry) => entry.id);
    expect(seenByOther).toContain(shared.id);
    expect(seenByOther).not.toContain(channel.id);
    expect(await errorOf(as(other, () => notification().getChannel({ channelId: channel.id })))).toStartWith("NOT_FOUND");
    expect(await errorOf(as(other, () => notification().updateChannel({ channelId: channel.id, name: "mine now" })))).toStartWith("NOT_FOUND");
    expect(await errorOf(as(other, () => notification().deleteChannel({ channelId: channel.id })))).toStartWith("NOT_FOUND");
    // Their attempts changed nothing.
    expect((await as(owner, () => notification().getChannel({ channelId: channel.id }))).name).toBe("my pager");

    // An admin sees it.
    expect((await as(admin, () => notification().listChannels())).channels.map((entry) => entry.id)).toContain(channel.id);
    expect((await as(admin, () => notification().getChannel({ channelId: channel.id }))).ownerUserId).toBe("personal-owner");
  });

  test("the owner's rules may page it; another user's rule cannot name it", async () => {
    const channel = await as(owner, () => notification().createChannel({ name: "owner only", kind: "webhook", config: { url: "http://127.0.0.1:9/own", secret }, personal: true }));
    const rule = await as(owner, () => notification().createRule({ name: "mine", selection: { systemIds: [systemId] }, channelIds: [channel.id] }));
    expect(rule.channelIds).toEqual([channel.id]);
    const refused = await errorOf(as(other, () => notification().createRule({ name: "theirs", selection: { systemIds: [systemId] }, channelIds: [channel.id] })));
    expect(refused).toStartWith("BAD_REQUEST");
    expect(refused).toContain(channel.id);
  });

  test("a personal channel belongs to its user, not to a team", async () => {
    const mixed = await errorOf(
      as(owner, () =>
        notification().createChannel({ name: "x", kind: "webhook", config: { url: "http://127.0.0.1:9/x", secret }, personal: true, ownerTeamId: "11111111-1111-4111-8111-111111111111" }),
      ),
    );
    expect(mixed).toStartWith("BAD_REQUEST");
    expect(mixed).toContain("personal");
  });
});
