import { beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { parse } from "yaml";
import { useTestDatabase } from "@checkstack/test-utils";
import { adminApiKey, changeLines, runCli, startWithAdmin, useConfigFiles, type CliRun } from "./support/config-cli";
import { postRpc, usePlatforms, type PlatformProcess } from "./support/platform-process";

// The `channels` and `alertRules` sections of checkstack.yaml, through the CLI against a real server.
const ADMIN = { email: "alerting-config@example.com", password: "alerting-config-password-1" };
const platforms = usePlatforms("all");
const database = useTestDatabase();
const files = useConfigFiles("alerting-config");
let platform: PlatformProcess;
let adminKey = "";

const HOOK_SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const ROTATED_SECRET = `whsec_${randomBytes(32).toString("base64")}`;

const cli = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runCli(platform.url, args, { CHECKSTACK_API_KEY: adminKey, HOOK_SECRET, ...env });

async function apply(content: string, flags: string[] = [], env: Record<string, string> = {}): Promise<CliRun> {
  return cli(["apply", "-f", await files.write(content), ...flags], env);
}

async function exported(): Promise<Record<string, Array<Record<string, unknown>>>> {
  const run = await cli(["export"]);
  if (run.code !== 0) throw new Error(`export failed: ${run.stderr}`);
  return parse(run.stdout) as Record<string, Array<Record<string, unknown>>>;
}

const baseFile = () => `
teams:
  - name: Ops
systems:
  - name: API
  - name: Database
groups:
  - name: Core
    systems: [API, Database]
channels:
  - name: ops-hook
    kind: webhook
    team: Ops
    config:
      url: http://127.0.0.1:9/hook
      secret: "\${env:HOOK_SECRET}"
  - name: pager-hook
    kind: webhook
    config:
      url: http://127.0.0.1:9/pager
      secret: "\${env:HOOK_SECRET}"
alertRules:
  - name: api-down
    systems: [API]
    severity: unhealthy
    channels: [ops-hook]
    reminderMinutes: 10
    escalation:
      - afterMinutes: 15
        channels: [pager-hook]
  - name: core-degraded
    groups: [Core]
    severity: degraded
    channels: [ops-hook, pager-hook]
    notifyRecovery: false
    groupingSeconds: 0
`;

async function rpc<T>(path: string, input: unknown): Promise<T> {
  const response = await postRpc(platform, path, input, { authorization: `Bearer ${adminKey}` });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.text}`);
  return (response.body as { json: T }).json;
}

beforeAll(async () => {
  platform = await startWithAdmin(platforms, database.url, ADMIN);
  ({ key: adminKey } = await adminApiKey(platform, ADMIN));
}, 240_000);

describe("channels and alert rules as code", () => {
  test("apply creates channels and rules; export writes them by name with secrets as ${env:…} references", async () => {
    const run = await apply(baseFile());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(changeLines(run)).toEqual([
      '+ create alertRules "api-down"',
      '+ create alertRules "core-degraded"',
      '+ create channels "ops-hook"',
      '+ create channels "pager-hook"',
      '+ create groups "Core"',
      '+ create systems "API"',
      '+ create systems "Database"',
      '+ create teams "Ops"',
    ]);
    const file = await exported();
    expect(file["channels"]).toEqual([
      { name: "ops-hook", kind: "webhook", team: "Ops", config: { url: "http://127.0.0.1:9/hook", secret: "${env:CHECKSTACK_CHANNELS_OPS_HOOK_CONFIG_SECRET}" } },
      { name: "pager-hook", kind: "webhook", config: { url: "http://127.0.0.1:9/pager", secret: "${env:CHECKSTACK_CHANNELS_PAGER_HOOK_CONFIG_SECRET}" } },
    ]);
    expect(file["alertRules"]).toEqual([
      {
        name: "api-down",
        systems: ["API"],
        severity: "unhealthy",
        channels: ["ops-hook"],
        notifyRecovery: true,
        reminderMinutes: 10,
        groupingSeconds: 30,
        escalation: [{ afterMinutes: 15, channels: ["pager-hook"] }],
      },
      { name: "core-degraded", groups: ["Core"], severity: "degraded", channels: ["ops-hook", "pager-hook"], notifyRecovery: false, groupingSeconds: 0, escalation: [] },
    ]);
    expect(JSON.stringify(file)).not.toContain(HOOK_SECRET.slice(6));

    // What the API stores: ids, the channel owned by the team, grouping off where the file said 0.
    const { channels } = await rpc<{ channels: Array<{ id: string; name: string; ownerTeamId: string | null }> }>("notification/listChannels", {});
    const { rules } = await rpc<{ rules: Array<{ name: string; groupingSeconds: number; channelIds: string[] }> }>("notification/listRules", {});
    const ids = Object.fromEntries(channels.map((channel) => [channel.name, channel.id]));
    expect(channels.find((channel) => channel.name === "ops-hook")?.ownerTeamId).toBeString();
    const core = rules.find((rule) => rule.name === "core-degraded");
    expect(core?.groupingSeconds).toBe(0);
    expect(core?.channelIds).toEqual([String(ids["ops-hook"]), String(ids["pager-hook"])]);
  }, 60_000);

  test("a second apply of the same file changes nothing", async () => {
    const run = await apply(baseFile());
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("0 changes");
  }, 60_000);

  test("an edited file applies exactly its diff, a rotated secret included", async () => {
    const edited = baseFile().replace("groupingSeconds: 0", "groupingSeconds: 120").replace("http://127.0.0.1:9/pager", "http://127.0.0.1:10/pager").replace("channels: [ops-hook]\n", "channels: [pager-hook]\n");
    const run = await apply(edited, [], { HOOK_SECRET: ROTATED_SECRET });
    expect(run.stderr).toBe("");
    expect(changeLines(run)).toEqual([
      '~ update alertRules "api-down" (channels)',
      '~ update alertRules "core-degraded" (groupingSeconds)',
      '~ update channels "ops-hook" (a secret value)',
      '~ update channels "pager-hook" (config)',
    ]);
    const file = await exported();
    expect(file["alertRules"]?.find((rule) => rule["name"] === "core-degraded")?.["groupingSeconds"]).toBe(120);
    expect(file["alertRules"]?.find((rule) => rule["name"] === "api-down")?.["channels"]).toEqual(["pager-hook"]);
    expect((await apply(edited, [], { HOOK_SECRET: ROTATED_SECRET })).stdout.trim()).toBe("0 changes");
    expect(changeLines(await apply(baseFile()))).toHaveLength(4);
  }, 60_000);

  test("--prune deletes the rule and channel the file dropped", async () => {
    const without = baseFile()
      .replace(/ {2}- name: core-degraded[\s\S]*$/, "")
      .replace(/ {2}- name: pager-hook[\s\S]*?(?=alertRules:)/, "")
      .replace(/ {4}escalation:\n {6}- afterMinutes: 15\n {8}channels: \[pager-hook\]\n/, "");
    const run = await apply(without, ["--prune"]);
    expect(run.stderr).toBe("");
    expect(changeLines(run)).toEqual(['- delete alertRules "core-degraded"', '- delete channels "pager-hook"', '~ update alertRules "api-down" (escalation)']);
    const file = await exported();
    expect(file["channels"]?.map((channel) => channel["name"])).toEqual(["ops-hook"]);
    expect(file["alertRules"]?.map((rule) => rule["name"])).toEqual(["api-down"]);
    expect(changeLines(await apply(baseFile()))).toHaveLength(3);
  }, 60_000);

  test("a bad field is named by its file path and nothing changes", async () => {
    const before = await exported();
    const unknownChannel = await apply(baseFile().replace("channels: [ops-hook, pager-hook]", "channels: [ops-hook, nowhere]"));
    expect(unknownChannel.code).toBe(1);
    expect(unknownChannel.stderr).toContain('alertRules[1].channels[1]: there is no channels resource named "nowhere"');

    const badSeverity = await apply(baseFile().replace("severity: degraded", "severity: sometimes"));
    expect(badSeverity.code).toBe(1);
    expect(badSeverity.stderr).toMatch(/alertRules\[1\]\.severity: /);

    const badUrl = await apply(baseFile().replace("http://127.0.0.1:9/hook", "not a url"));
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/channels\[0\]\.config\.url: /);

    const unknownKind = await apply(baseFile().replace("kind: webhook", "kind: carrier-pigeon"));
    expect(unknownKind.code).toBe(1);
    expect(unknownKind.stderr).toContain('channels[0].kind: unknown channel kind "carrier-pigeon"');

    const noSelection = await apply(baseFile().replace("    groups: [Core]\n", ""));
    expect(noSelection.code).toBe(1);
    expect(noSelection.stderr).toContain("alertRules[1].systems: select at least one system, group or team");

    expect(await exported()).toEqual(before);
  }, 60_000);
});
