import { isSecretSchema } from "@checkstack/backend-api";
import { describe, expect, test } from "bun:test";
import { redisCheckConfigSchema } from "./config";
import { replyText, toReplyValue } from "./reply-text";

const issues = (input: unknown) => redisCheckConfigSchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];

describe("redis check config", () => {
  test("marks the password secret; every field is described", () => {
    const { shape } = redisCheckConfigSchema;
    expect(isSecretSchema(shape.password.unwrap())).toBe(true);
    expect(isSecretSchema(shape.username.unwrap())).toBe(false);
    for (const [name, field] of Object.entries(shape)) expect({ name, description: field.description }).toEqual({ name, description: expect.any(String) });
  });

  test("defaults to PING on 6379", () => {
    expect(redisCheckConfigSchema.parse({ host: "cache" })).toMatchObject({ port: 6379, command: ["PING"], database: 0, tls: false });
  });

  test("config errors are clear", () => {
    expect(issues({ host: "cache", command: [] })).toEqual(["command needs at least the command name"]);
    expect(issues({ host: "cache", command: ["1x"] })).toEqual(["the first word of command must be a command name, e.g. PING"]);
    expect(issues({ host: "cache", username: "u" })).toEqual(["password is required with username"]);
    expect(issues({ host: "cache", ca: "-----BEGIN CERTIFICATE-----" })).toEqual(["ca is only used with tls"]);
  });

  test("replies compare as text", () => {
    expect(replyText(toReplyValue(Buffer.from("PONG")))).toBe("PONG");
    expect(replyText(toReplyValue(3))).toBe("3");
    expect(replyText(toReplyValue(null))).toBe("null");
    expect(replyText(toReplyValue(["a", ["b", 1]]))).toBe('["a",["b",1]]');
  });
});
