/**
 * The `statusPages` and `maintenance` sections of checkstack.yaml, through the real CLI against a real
 * platform process: apply, a second apply with 0 changes, an edit applying its diff, prune, an error
 * naming the file path of the field, and export → apply on an empty cluster → the same export. The
 * applied page is served publicly, and the window's occurrence is scheduled.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { parse } from "yaml";
import { useTestDatabase } from "@checkstack/test-utils";
import { adminApiKey, changeLines, runCli, startWithAdmin, useConfigFiles, type CliRun } from "./support/config-cli";
import { usePlatforms, type PlatformProcess } from "./support/platform-process";
import { waitFor } from "./support/poll";

const ADMIN = { email: "pages-config@example.com", password: "pages-config-password-1" };
const platforms = usePlatforms("all");
const database = useTestDatabase();
const emptyDatabase = useTestDatabase();
const files = useConfigFiles("pages-config");
let a: PlatformProcess;

/** Each platform's admin API key for the CLI. */
const keys = new Map<PlatformProcess, string>();
async function startWithKey(databaseUrl: string): Promise<PlatformProcess> {
  const instance = await startWithAdmin(platforms, databaseUrl, ADMIN);
  keys.set(instance, (await adminApiKey(instance, ADMIN)).key);
  return instance;
}

const cli = (instance: PlatformProcess, args: string[]): Promise<CliRun> => runCli(instance.url, args, { CHECKSTACK_API_KEY: keys.get(instance) ?? "" });
async function apply(instance: PlatformProcess, content: string, ...flags: string[]): Promise<CliRun> {
  return cli(instance, ["apply", "-f", await files.write(content), ...flags]);
}
async function exported(instance: PlatformProcess): Promise<string> {
  const run = await cli(instance, ["export"]);
  if (run.code !== 0) throw new Error(`export failed: ${run.stderr}`);
  return run.stdout;
}

const baseFile = () => `
systems:
  - name: api-internal
  - name: db-internal
statusPages:
  - slug: acme
    title: Acme status
    public: true
    published: true
    sections:
      - name: Core
        systems:
          - system: api-internal
            displayName: Public API
          - system: db-internal
            displayName: Database
  - slug: staff
    title: Staff status
    public: false
    published: false
maintenance:
  - name: Database upgrade
    systems: [db-internal]
    start: "2031-03-30T01:30"
    duration: 2h
    timezone: Europe/Berlin
  - name: Weekly patching
    systems: [api-internal, db-internal]
    start: "2031-01-06T22:00"
    end: "2031-01-06T23:00"
    recurrence: { kind: weekly, days: [mon, thu] }
`;

beforeAll(async () => {
  a = await startWithKey(database.url);
}, 240_000);

describe("statusPages and maintenance in checkstack.yaml", () => {
  test("apply creates the pages and windows; the published page is served; export writes the contract's fields", async () => {
    const run = await apply(a, baseFile());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(changeLines(run)).toEqual([
      '+ create maintenance "Database upgrade"',
      '+ create maintenance "Weekly patching"',
      '+ create statusPages "acme"',
      '+ create statusPages "staff"',
      '+ create systems "api-internal"',
      '+ create systems "db-internal"',
    ]);
    const summary = await waitFor(async () => {
      const response = await a.fetch("/status/acme/api/v2/summary.json");
      return response.status === 200 ? ((await response.json()) as { components: Array<{ name: string }> }) : null;
    });
    expect(summary.components.map((component) => component.name)).toEqual(["Public API", "Database"]);
    expect((await a.fetch("/status/staff")).status).toBe(404);

    const file = parse(await exported(a)) as Record<string, Array<Record<string, unknown>>>;
    expect(file["statusPages"]).toEqual([
      {
        slug: "acme",
        title: "Acme status",
        public: true,
        published: true,
        sections: [{ name: "Core", systems: [{ system: "api-internal", displayName: "Public API" }, { system: "db-internal", displayName: "Database" }] }],
      },
      { slug: "staff", title: "Staff status", public: false, published: false, sections: [] },
    ]);
    // The duration is written back as the end it gives, on the wall clock of the window's timezone.
    expect(file["maintenance"]).toEqual([
      { name: "Database upgrade", systems: ["db-internal"], start: "2031-03-30T01:30", end: "2031-03-30T03:30", timezone: "Europe/Berlin", recurrence: { kind: "once" } },
      {
        name: "Weekly patching",
        systems: ["api-internal", "db-internal"],
        start: "2031-01-06T22:00",
        end: "2031-01-06T23:00",
        timezone: "UTC",
        recurrence: { kind: "weekly", days: ["mon", "thu"] },
      },
    ]);
  }, 60_000);

  test("the same file again is 0 changes", async () => {
    const before = await exported(a);
    const run = await apply(a, baseFile());
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("0 changes");
    expect(await exported(a)).toBe(before);
  }, 60_000);

  test("an edit applies exactly its diff: a renamed section, a published draft, a window's systems", async () => {
    const edited = baseFile()
      .replace("      - name: Core", "      - name: Core services")
      .replace("    public: false\n    published: false", "    public: false\n    published: true")
      .replace("    systems: [db-internal]\n", "    systems: [db-internal, api-internal]\n");
    const run = await apply(a, edited);
    expect(run.stderr).toBe("");
    expect(changeLines(run)).toEqual(['~ update maintenance "Database upgrade" (systems)', '~ update statusPages "acme" (sections)', '~ update statusPages "staff" (published)']);
    // Signed-in only and now published: anonymous visitors get a 401 rather than a 404.
    await waitFor(async () => (await a.fetch("/status/staff")).status === 401);
    const file = parse(await exported(a)) as Record<string, Array<Record<string, unknown>>>;
    expect(file["maintenance"]?.[0]?.["systems"]).toEqual(["api-internal", "db-internal"]);
    expect(changeLines(await apply(a, baseFile()))).toHaveLength(3);
  }, 60_000);

  test("errors name the file path of the field and change nothing", async () => {
    const before = await exported(a);
    const unknownSystem = await apply(a, baseFile().replace("          - system: db-internal", "          - system: nowhere"));
    expect(unknownSystem.code).toBe(1);
    expect(unknownSystem.stderr).toContain('statusPages[0].sections[0].systems[1].system: there is no systems resource named "nowhere"');
    const badSlug = await apply(a, baseFile().replace("slug: acme", "slug: Not A Slug"));
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toContain("statusPages[0].slug: ");
    const both = await apply(a, baseFile().replace("    duration: 2h\n", "    duration: 2h\n    end: \"2031-03-30T04:00\"\n"));
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("maintenance[0].end: give either end or duration");
    const moved = await apply(a, baseFile().replace('start: "2031-03-30T01:30"', 'start: "2031-03-30T02:30"'));
    expect(moved.code).toBe(1);
    expect(moved.stderr).toContain("maintenance[0].start: the start of a scheduled window cannot change");
    expect(await exported(a)).toBe(before);
  }, 60_000);

  test("--prune deletes a dropped page and cancels a dropped window", async () => {
    const dropped = baseFile()
      .replace(/ {2}- slug: staff[\s\S]*?(?=maintenance:)/, "")
      .replace(/ {2}- name: Weekly patching[\s\S]*$/, "");
    const run = await apply(a, dropped, "--prune");
    expect(run.stderr).toBe("");
    expect(changeLines(run)).toEqual(['- delete maintenance "Weekly patching"', '- delete statusPages "staff"']);
    const file = parse(await exported(a)) as Record<string, Array<Record<string, unknown>>>;
    expect(file["statusPages"]?.map((page) => page["slug"])).toEqual(["acme"]);
    expect(file["maintenance"]?.map((window) => window["name"])).toEqual(["Database upgrade"]);
    expect((await apply(a, dropped)).stdout.trim()).toBe("0 changes");
  }, 60_000);

  test("export → apply on an empty cluster → export gives the same file", async () => {
    const yamlText = await exported(a);
    const empty = await startWithKey(emptyDatabase.url);
    const run = await apply(empty, yamlText);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(await exported(empty)).toBe(yamlText);
  }, 180_000);
});
