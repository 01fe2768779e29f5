import { describe, expect, test } from "bun:test";
import { InputError } from "@checkstack/backend-api";
import { atFilePath, filePath } from "./file-paths";
import { canonicalJson, changedFields, redactLike, secretsAsReferences } from "./normal-form";

describe("normal form", () => {
  test("key order and undefined members do not matter", () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, 1] } })).toBe(canonicalJson({ a: { c: [2, 1] }, b: 1 }));
  });

  test("desired secrets are redacted where the export shows them redacted, so they compare", () => {
    const current = { config: { url: "u", secretHeaders: { Authorization: "********" } } };
    expect(redactLike({ config: { url: "u", secretHeaders: { Authorization: "Bearer x" } } }, current)).toEqual(current);
    expect(changedFields({ a: 1, b: [1] }, { a: 1, b: [2], c: 3 })).toEqual(["b", "c"]);
  });

  test("exported secrets become ${env:…} references named after section, resource and field", () => {
    expect(secretsAsReferences({ config: { token: "********", url: "u" } }, "CHECKSTACK_checks_api-https")).toEqual({
      config: { token: "${env:CHECKSTACK_CHECKS_API_HTTPS_CONFIG_TOKEN}", url: "u" },
    });
  });

  test("errors are placed at their file path", () => {
    expect(filePath(["checks", 3, "config", "url"])).toBe("checks[3].config.url");
    const placed = atFilePath(InputError.fromIssues("Invalid http config", [{ path: ["url"], message: "Invalid URL" }], { basePath: "config" }), "checks[3]");
    expect(placed).toBeInstanceOf(InputError);
    expect((placed as InputError).message).toBe("checks[3].config.url: Invalid URL");
  });
});
