import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseInstallSpec } from "./install-spec";
import { aliasFor } from "./plugins-directory";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "install-spec-"));
  await writeFile(join(dir, "package.json"), "{}");
  await writeFile(join(dir, "plugin-1.0.0.tgz"), "");
  await writeFile(join(dir, "notes.txt"), "");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("install specs", () => {
  test("npm names, versions, ranges and tags; the scope's @ is not a version separator", () => {
    expect(parseInstallSpec("checkstack-plugin-x")).toEqual({ kind: "npm", name: "checkstack-plugin-x", range: undefined, arg: "checkstack-plugin-x" });
    expect(parseInstallSpec("@acme/status@1.2.3")).toMatchObject({ kind: "npm", name: "@acme/status", range: "1.2.3" });
    expect(parseInstallSpec("@acme/status@^1.2")).toMatchObject({ arg: "@acme/status@^1.2" });
    expect(parseInstallSpec("x@>=1 <2")).toMatchObject({ range: ">=1 <2" });
    expect(parseInstallSpec("  x@latest  ")).toMatchObject({ name: "x", range: "latest" });
  });

  test("absolute paths to a .tgz or a package folder", () => {
    expect(parseInstallSpec(join(dir, "plugin-1.0.0.tgz"))).toMatchObject({ kind: "tarball", path: join(dir, "plugin-1.0.0.tgz") });
    expect(parseInstallSpec(dir)).toMatchObject({ kind: "folder", path: dir });
  });

  test.each([
    ["", /give an npm package/],
    ["./plugin.tgz", /not an absolute path/],
    ["plugin.tgz/../x", /not an npm package name/],
    ["https://example.com/x.tgz", /not an npm package name/],
    ["git+ssh://git@github.com/a/b.git", /not an npm package name/],
    ["--registry=http://evil", /not an npm package name/],
    ["-x", /not an npm package name/],
    ["x; rm -rf /", /not an npm package name/],
    ["x@$(id)", /not a version, range or tag/],
    ["x@-1", /not a version, range or tag/],
    ["Upper", /not an npm package name/],
    ["x\ny", /control characters/],
    ["/no/such/thing.tgz", /does not exist/],
  ])("refuses %j", (spec, message) => {
    expect(() => parseInstallSpec(spec)).toThrow(message);
  });

  test("refuses files that are not tarballs and folders without package.json", async () => {
    expect(() => parseInstallSpec(join(dir, "notes.txt"))).toThrow(/neither a folder nor a \.tgz file/);
    const empty = await mkdtemp(join(dir, "empty-"));
    expect(() => parseInstallSpec(empty)).toThrow(/has no package.json/);
  });
});

describe("install aliases", () => {
  test("unscoped, valid npm names that change with the content", () => {
    expect(aliasFor("@acme/Status_X", "0123456789abcdef")).toBe("acme-status_x-0123456789");
    expect(aliasFor("plain", "ffffffffffff")).toBe("plain-ffffffffff");
    expect(aliasFor("plain", "aaaaaaaaaaaa")).not.toBe(aliasFor("plain", "bbbbbbbbbbbb"));
  });
});
