import { describe, expect, test } from "bun:test";
import { isSecretSchema } from "@checkstack/backend-api";
import { smtpCheckConfigSchema } from "./config";
import { tlsOptions } from "./tls-options";

const issues = (input: Record<string, unknown>) =>
  smtpCheckConfigSchema.safeParse({ host: "mx.example", ...input }).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];

describe("smtp config", () => {
  test("defaults: port 25, STARTTLS when offered, no AUTH", () => {
    expect(smtpCheckConfigSchema.parse({ host: "mx.example" })).toEqual({
      host: "mx.example",
      port: 25,
      tlsMode: "starttls-optional",
      insecureSkipVerify: false,
      expectedCapabilities: [],
      allowInsecureAuth: false,
    });
  });

  test("errors name the field", () => {
    expect(issues({ username: "u" })).toEqual(["password: username and password go together"]);
    expect(issues({ password: "p" })).toEqual(["username: username and password go together"]);
    expect(issues({ tlsMode: "ssl" })).toEqual(['tlsMode: tlsMode must be "starttls", "starttls-optional", "implicit" or "none"']);
    expect(issues({ tlsMode: "none", insecureSkipVerify: true })).toEqual(['insecureSkipVerify: insecureSkipVerify has no effect with tlsMode "none"']);
    expect(issues({ expectedCapabilities: ["SIZE 100"] })).toEqual(["expectedCapabilities.0: each expected capability is an EHLO keyword such as PIPELINING or SIZE"]);
  });

  test("the password is secret; every field is described for the form", () => {
    expect(isSecretSchema(smtpCheckConfigSchema.shape.password.unwrap())).toBe(true);
    for (const [field, schema] of Object.entries(smtpCheckConfigSchema.shape)) {
      expect({ field, description: schema.description }).toEqual({ field, description: expect.any(String) });
    }
  });

  test("TLS: SNI only for names, verification unless skipped", () => {
    expect(tlsOptions(smtpCheckConfigSchema.parse({ host: "mx.example" }))).toMatchObject({ servername: "mx.example", rejectUnauthorized: true });
    expect(tlsOptions(smtpCheckConfigSchema.parse({ host: "10.0.0.25" })).servername).toBeUndefined();
    expect(tlsOptions(smtpCheckConfigSchema.parse({ host: "10.0.0.25", insecureSkipVerify: true })).rejectUnauthorized).toBe(false);
  });
});
