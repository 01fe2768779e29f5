import { isSecretSchema } from "@checkstack/backend-api";
import { describe, expect, test } from "bun:test";
import { websocketCheckConfigSchema } from "./config";

const issues = (input: unknown) => websocketCheckConfigSchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];

describe("websocket check config", () => {
  test("header values are secret; every field is described for the generated forms", () => {
    const { shape } = websocketCheckConfigSchema;
    expect(isSecretSchema(shape.headers.unwrap().valueType)).toBe(true);
    for (const [name, field] of Object.entries(shape)) expect({ name, description: field.description }).toEqual({ name, description: expect.any(String) });
  });

  test("refuses bad input with a message naming the problem", () => {
    expect(issues({ url: "http://x/" })).toEqual(["url must be an absolute ws:// or wss:// URL"]);
    expect(issues({ url: "ws://user:pw@x/" })).toEqual(["url may not contain a user name or password: put credentials in headers, which are secret"]);
    expect(issues({ url: "ws://x/", expectPattern: "(" })).toEqual(["expectPattern must be a valid regular expression"]);
    expect(issues({ url: "ws://x/", headers: { "bad name": "v" } })).toEqual([`header name "bad name" may only contain letters, digits and !#$%&'*+-.^_\`|~`]);
    expect(issues({ url: "ws://x/", headers: { a: "x\r\ny" } })).toEqual(["header values may not contain CR, LF or NUL"]);
  });
});
