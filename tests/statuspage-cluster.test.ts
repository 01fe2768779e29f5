/**
 * Two platform processes on one database: a page changed through instance A is served changed by
 * instance B within a second, although B had the old page cached (broadcast hooks clear every
 * instance's cache), and B's ETag changes with it.
 */
import { beforeAll, expect, test } from "bun:test";
import { useTestDatabase } from "@checkstack/test-utils";
import { signIn, type ApiSession } from "./support/api-session";
import { BOOT_BOUND_MS, newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";

const ADMIN = { email: "pages@example.test", password: "correct horse battery staple" };
// afterAll hooks run in declaration order: processes stop before the database is dropped.
const platforms = usePlatforms("all");
const database = useTestDatabase();
const secretKey = newSecretKey();
let a: PlatformProcess;
let b: PlatformProcess;
let session: ApiSession;
let pageId = "";

const summaryOn = async (instance: PlatformProcess) => {
  const response = await instance.fetch("/status/cluster/api/v2/summary.json");
  return { status: response.status, etag: response.headers.get("etag"), body: response.status === 200 ? ((await response.json()) as { page: { name: string } }) : null };
};

beforeAll(async () => {
  const env = { CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password };
  [a, b] = (await Promise.all([platforms.start({ databaseUrl: database.url, secretKey, env }), platforms.start({ databaseUrl: database.url, secretKey, env })])) as [
    PlatformProcess,
    PlatformProcess,
  ];
  await Promise.all([a.waitForReady(BOOT_BOUND_MS), b.waitForReady(BOOT_BOUND_MS)]);
  session = await signIn(a, ADMIN.email, ADMIN.password);
  const system = await session.call<{ id: string }>("catalog", "createSystem", { name: "cluster-internal" });
  const page = await session.call<{ id: string }>("statuspage", "createPage", {
    slug: "cluster",
    title: "Version 0",
    sections: [{ title: "Core", items: [{ kind: "system", systemId: system.id, displayName: "API" }] }],
  });
  pageId = page.id;
}, BOOT_BOUND_MS + 60_000);

test("a change made on instance A is served by instance B within a second, cache and all", async () => {
  // B answers 404 for the draft (and keeps that answer) until the publish on A reaches it.
  expect((await summaryOn(b)).status).toBe(404);
  await session.call("statuspage", "publishPage", { pageId });
  const lags: number[] = [];
  let expected = "Version 0";
  for (let version = 1; version <= 5; version++) {
    // B has the current version cached before the change.
    const deadline = Date.now() + 10_000;
    let before = await summaryOn(b);
    while (before.body?.page.name !== expected && Date.now() < deadline) {
      await Bun.sleep(20);
      before = await summaryOn(b);
    }
    expect(before.body?.page.name).toBe(expected);
    expected = `Version ${version}`;
    await session.call("statuspage", "updatePage", { pageId, title: expected });
    const committed = performance.now();
    let after = await summaryOn(b);
    while (after.body?.page.name !== expected && performance.now() - committed < 5_000) {
      await Bun.sleep(10);
      after = await summaryOn(b);
    }
    lags.push(performance.now() - committed);
    expect(after.body?.page.name).toBe(expected);
    expect(after.etag).not.toBe(before.etag);
  }
  console.log(`statuspage cluster invalidation lag (ms): ${lags.map((lag) => lag.toFixed(0)).join(", ")}`);
  expect(Math.max(...lags)).toBeLessThan(1_000);
}, 120_000);

test("a signed-in-only page: 401 for anonymous visitors, the page for a signed-in user, never cached publicly", async () => {
  const staff = await session.call<{ id: string }>("statuspage", "createPage", { slug: "staff", title: "Staff status", visibility: "signed_in" });
  await session.call("statuspage", "publishPage", { pageId: staff.id });
  const login = await b.fetch("/api/auth/session/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: ADMIN }),
  });
  const cookie = /checkstack_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
  expect(cookie).not.toBe("");
  const deadline = Date.now() + 10_000;
  let signedIn = await b.fetch("/status/staff", { headers: { cookie } });
  while (signedIn.status !== 200 && Date.now() < deadline) {
    await Bun.sleep(20);
    signedIn = await b.fetch("/status/staff", { headers: { cookie } });
  }
  expect(signedIn.status).toBe(200);
  expect(signedIn.headers.get("cache-control")).toBe("private, no-cache");
  expect(await signedIn.text()).toContain("Staff status");
  expect((await b.fetch("/status/staff")).status).toBe(401);
  expect((await b.fetch("/status/staff/api/v2/summary.json")).status).toBe(401);
}, 60_000);
