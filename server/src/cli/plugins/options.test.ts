import { describe, expect, test } from "bun:test";
import { parsePluginsArgs, UsageError } from "./options";

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
});
