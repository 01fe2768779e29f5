import { describe, expect, test } from "bun:test";
import { runCli } from "./cli";
import { parsePluginsArgs, USAGE, UsageError } from "./options";

describe("checkstack plugins options", () => {
  test("defaults: localhost:3000 and the key from CHECKSTACK_API_KEY", () => {
    expect(parsePluginsArgs(["plugins", "list"], { CHECKSTACK_API_KEY: "ck_key" })).toEqual({
      action: { command: "list" },
      url: "http://localhost:3000",
      apiKey: "ck_key",
      json: false,
    });
  });

  test("install, remove with --delete-schema, --url and --api-key in either form", () => {
    expect(parsePluginsArgs(["plugins", "install", "/tmp/x.tgz", "--url", "https://ops.example.com/", "--api-key=k"], {})).toMatchObject({
      action: { command: "install", spec: "/tmp/x.tgz" },
      url: "https://ops.example.com",
      apiKey: "k",
    });
    expect(parsePluginsArgs(["plugins", "remove", "greeter", "--delete-schema"], {}).action).toEqual({ command: "remove", pluginId: "greeter", deleteSchema: true });
    expect(parsePluginsArgs(["plugins", "remove", "greeter"], {}).action).toEqual({ command: "remove", pluginId: "greeter", deleteSchema: false });
    expect(parsePluginsArgs(["--help"], {}).action).toEqual({ command: "help" });
  });

  test.each([
    [["plugins", "frob"], /unknown command/],
    [["users", "list"], /unknown command "users"/],
    [["plugins", "install"], /install needs a package/],
    [["plugins", "remove"], /remove needs a plugin id/],
    [["plugins", "remove", "Not An Id"], /is not a plugin id/],
    [["plugins", "list", "--delete-schema"], /only goes with remove/],
    [["plugins", "list", "--url"], /--url needs a value/],
    [["plugins", "list", "--url", "ftp://x"], /http:\/\/ or https:\/\//],
    [["plugins", "list", "--verbose"], /unknown option --verbose/],
  ])("refuses %j", (args, message) => {
    expect(() => parsePluginsArgs(args, {})).toThrow(UsageError);
    expect(() => parsePluginsArgs(args, {})).toThrow(message);
  });

  test("the default URL follows PORT, as the server does", () => {
    expect(parsePluginsArgs(["plugins", "list"], { PORT: "8080" }).url).toBe("http://localhost:8080");
    expect(parsePluginsArgs(["plugins", "list"], { PORT: "not-a-port" }).url).toBe("http://localhost:3000");
    expect(parsePluginsArgs(["plugins", "list", "--url", "http://127.0.0.1:9"], { PORT: "8080" }).url).toBe("http://127.0.0.1:9");
  });

  test("a bare checkstack prints the usage and exits 2", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([], {}, { stdout: (text) => out.push(text), stderr: (text) => err.push(text) });
    expect(code).toBe(2);
    expect(err.join("")).toBe(USAGE);
    expect(out).toEqual([]);
  });
});
