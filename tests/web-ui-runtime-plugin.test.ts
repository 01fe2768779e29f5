import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { useTestDatabase } from "@checkstack/test-utils";
import { type ApiSession, startSignedIn } from "./support/api-session";
import { launchChromium, screenshot, signInThroughPage } from "./support/browser";
import { packInstallable } from "./support/installable-plugins";
import { REPO_ROOT, usePlatforms, type PlatformProcess } from "./support/platform-process";
import { waitFor } from "./support/poll";
import { inBrowserPage } from "./support/web-ui-page";

/*
 * A plugin with a frontend, installed at runtime through the plugin admin API
 * while a browser is open: its page appears in the navigation and works
 * without a restart or a reload, loaded through the same path as the bundled
 * plugins (the server's frontend listing, the shell's shared modules); once
 * removed, its navigation entry and route disappear.
 */

const PLUGIN_ID = "webpage";
const ADMIN = { email: "runtime-admin@example.com", password: "runtime-admin-password" };

// afterAll hooks run in declaration order: the platform stops, then the folders go, then the database.
const platforms = usePlatforms("all");
// Inside the repository, so the installed plugin resolves the platform's packages from its node_modules.
const pluginsDir = join(REPO_ROOT, ".data", "test-fixtures", `web-runtime-plugin-${randomBytes(4).toString("hex")}`);
let workDir = "";
afterAll(async () => {
  await Promise.all([rm(pluginsDir, { recursive: true, force: true }), workDir ? rm(workDir, { recursive: true, force: true }) : undefined]);
}, 60_000);
const database = useTestDatabase();

/** The backend half: one anonymous procedure the page calls. */
const BACKEND = `import { implement } from "@orpc/server";
import { z } from "zod";
import { proc } from "@checkstack/common";
import { autoAuthMiddleware, coreServices, createBackendPlugin, type RpcContext } from "@checkstack/backend-api";

const contract = { hello: proc({ operationType: "query", userType: "anonymous" }).output(z.object({ greeting: z.string() })) };
const os = implement(contract).$context<RpcContext>().use(autoAuthMiddleware);

export default createBackendPlugin({
  metadata: { pluginId: ${JSON.stringify(PLUGIN_ID)} },
  register(env) {
    env.registerInit({
      deps: { rpc: coreServices.rpc },
      init: async ({ rpc }) => {
        rpc.registerRouter(os.router({ hello: os.hello.handler(async () => ({ greeting: "Hello from a plugin installed at runtime" })) }));
      },
    });
  },
});
`;

/**
 * The frontend half: React, TanStack Query and the SDK are the shell's (its
 * imports resolve to the shell's shared copies). Written without JSX so the
 * fixture needs no JSX settings of its own.
 */
const FRONTEND = `import { createElement } from "react";
import { useQuery } from "@tanstack/react-query";
import { createFrontendPlugin, PageHeader, QueryState } from "@checkstack/frontend-api";

function InstalledPage() {
  const hello = useQuery({
    queryKey: [${JSON.stringify(PLUGIN_ID)}, "hello"],
    queryFn: async () => {
      const response = await fetch("/api/${PLUGIN_ID}/hello", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      return (await response.json()).json.greeting;
    },
  });
  return createElement("div", null,
    createElement(PageHeader, { title: "Installed page", description: "A page from a plugin installed at runtime." }),
    createElement(QueryState, { query: hello }, (greeting) => createElement("p", { "data-testid": "greeting" }, greeting)),
  );
}

export default createFrontendPlugin({
  pluginId: ${JSON.stringify(PLUGIN_ID)},
  routes: [{ path: "/installed-page", component: InstalledPage }],
  navigation: [{ label: "Installed page", path: "/installed-page", order: 90 }],
});
`;

async function writeFixture(root: string): Promise<string> {
  const dir = join(root, PLUGIN_ID);
  await mkdir(join(dir, "src"), { recursive: true });
  const manifest = {
    name: `checkstack-plugin-${PLUGIN_ID}`,
    version: "1.0.0",
    type: "module",
    main: "src/index.ts",
    // One package carrying both halves, as a plugin installed from npm does.
    checkstack: { kind: "backend", pluginId: PLUGIN_ID, frontend: "src/frontend.ts" },
    peerDependencies: { "@checkstack/backend-api": "*", "@checkstack/common": "*", "@checkstack/frontend-api": "*", "@orpc/server": "*", zod: "*", react: "*", "@tanstack/react-query": "*" },
  };
  await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, "src", "index.ts"), BACKEND);
  await writeFile(join(dir, "src", "frontend.ts"), FRONTEND);
  return dir;
}

let platform: PlatformProcess;
let browser: Browser;
let admin: ApiSession;
let tarball: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "checkstack-web-runtime-"));
  await mkdir(pluginsDir, { recursive: true });
  await mkdir(join(workDir, "packed"), { recursive: true });
  tarball = packInstallable(await writeFixture(join(workDir, "src")), join(workDir, "packed"));
  ({ platform, admin } = await startSignedIn(platforms, database.url, ADMIN, { CHECKSTACK_PLUGINS_DIR: pluginsDir }));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
}, 60_000);

/** A plugin admin call, bounded generously: an install runs npm and migrations, slow on a loaded machine. */
async function pluginAdmin(procedure: string, input: unknown): Promise<void> {
  const response = await fetch(`${platform.url}/api/plugins/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: admin.cookie },
    body: JSON.stringify({ json: input }),
    signal: AbortSignal.timeout(240_000),
  });
  if (response.status !== 200) throw new Error(`plugins.${procedure}: ${response.status} ${await response.text()}`);
}

const listedFrontends = async () =>
  ((await (await platform.fetch("/assets/frontend-plugins.json")).json()) as { plugins: Array<{ pluginId: string; module?: string; error?: string }> }).plugins;

describe("a frontend plugin installed at runtime", () => {
  test("its page appears without a restart or reload, works, and disappears when the plugin is removed", async () => {
    await inBrowserPage(browser, { width: 1280, height: 800 }, async (page, errors) => {
      await signInThroughPage(page, platform.url, ADMIN.email, ADMIN.password);
      await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor({ timeout: 60_000 });
      const navigationLink = page.getByRole("navigation").getByRole("link", { name: "Installed page", exact: true });
      expect(await navigationLink.count()).toBe(0);

      // Installed through the admin API while the page stays open.
      await pluginAdmin("install", { spec: tarball });
      await navigationLink.waitFor({ timeout: 180_000 });
      // The same listing and loading path as the bundled plugins.
      const listed = (await listedFrontends()).find((entry) => entry.pluginId === PLUGIN_ID);
      expect(listed?.module).toMatch(/^\/assets\/plugin-webpage-[^/]+\.js$/);
      await screenshot(page, "runtime-01-navigation-after-install");

      await navigationLink.click();
      await page.getByRole("heading", { level: 1, name: "Installed page" }).waitFor({ timeout: 30_000 });
      await page.getByTestId("greeting").getByText("Hello from a plugin installed at runtime").waitFor({ timeout: 30_000 });
      await screenshot(page, "runtime-02-installed-page");

      // Removed: the entry and the route go, without a reload; the open page says it no longer exists.
      await pluginAdmin("deregister", { pluginId: PLUGIN_ID, deleteSchema: true });
      await waitFor(async () => (await navigationLink.count()) === 0, { timeoutMs: 120_000, description: "the navigation entry to disappear" });
      await page.getByRole("heading", { level: 1, name: "Installed page" }).waitFor({ state: "detached", timeout: 30_000 });
      expect((await listedFrontends()).some((entry) => entry.pluginId === PLUGIN_ID)).toBe(false);
      await screenshot(page, "runtime-03-after-removal");
      expect(errors).toEqual([]);
    });
  }, 300_000);
});
