/**
 * Malformed input sent to every procedure of every loaded contract, over the
 * platform's HTTP handler, as an anonymous caller and as an admin: NUL in
 * each field, deep nesting, BigInt and out-of-range dates smuggled through
 * `meta`, wrong types, a body without the `json` wrapper. No answer may be a
 * 500, and each 400 must name the field it is about.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { getRouter, isProcedure, type AnyRouter } from "@orpc/server";
import { z } from "zod";
import { procedures as contractProcedures } from "../server/src/access/contract-rules";
import { useInProcessPlatform } from "./support/in-process-platform";

const ADMIN_EMAIL = "fuzz-admin@example.com";
const ADMIN_PASSWORD = "fuzz-admin-password-1";
// Read by the auth plugin when the platform boots (in beforeAll).
process.env["CHECKSTACK_ADMIN_EMAIL"] = ADMIN_EMAIL;
process.env["CHECKSTACK_ADMIN_PASSWORD"] = ADMIN_PASSWORD;

const running = useInProcessPlatform();
const SAMPLE_ID = "3f1c2b9e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";
const OUT_OF_RANGE_DATE = "-271821-04-20T00:00:00.000Z";

interface Target {
  name: string;
  url: string;
  /** Top-level input fields, with a value of the right type. */
  sample: Record<string, unknown>;
}

interface Attempt {
  target: Target;
  variant: string;
  /** The field the malformation is in: a 400 must name it. */
  field: string | undefined;
  /** Caught by the input schema rather than before it: only named when the rest of the sample is valid. */
  schemaLevel?: boolean;
  body: string;
}

interface JsonSchemaProperty {
  type?: string | string[];
  format?: string;
}

/** A value of the right type for a field, so the malformation tested is the only thing wrong. */
function sampleValue(property: JsonSchemaProperty): unknown {
  const type = Array.isArray(property.type) ? property.type[0] : property.type;
  if (property.format === "uuid") return SAMPLE_ID;
  if (property.format === "email") return "someone@example.com";
  switch (type) {
    case "number":
    case "integer":
      return 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return "sample";
  }
}

function sampleOf(schema: unknown): Record<string, unknown> {
  if (!schema) return {};
  try {
    const json = z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, JsonSchemaProperty> };
    return Object.fromEntries(Object.entries(json.properties ?? {}).map(([key, property]) => [key, sampleValue(property)]));
  } catch {
    return {};
  }
}

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = [value];
  return value;
}

function attemptsFor(target: Target): Attempt[] {
  const body = (json: unknown, meta?: unknown[]) => JSON.stringify(meta ? { json, meta } : { json });
  const fields = Object.keys(target.sample);
  const attempts: Attempt[] = [
    { target, variant: "NUL as the whole input", field: "input", body: body("\u0000") },
    { target, variant: "bare body", field: "body", body: JSON.stringify({ ...target.sample, stray: "x" }) },
    { target, variant: "deep nesting", field: fields[0] ?? "value", body: body({ ...target.sample, [fields[0] ?? "value"]: nested(10_000) }) },
  ];
  for (const field of fields) {
    attempts.push(
      { target, variant: `NUL in ${field}`, field, body: body({ ...target.sample, [field]: `a\u0000b` }) },
      { target, variant: `BigInt in ${field}`, field, body: body({ ...target.sample, [field]: "12345678901234567890" }, [[0, field]]) },
      { target, variant: `out-of-range date in ${field} (meta)`, field, body: body({ ...target.sample, [field]: OUT_OF_RANGE_DATE }, [[1, field]]) },
      { target, variant: `wrong type in ${field}`, field, schemaLevel: true, body: body({ ...target.sample, [field]: { wrong: [1, 2, 3] } }) },
    );
    if (/^(from|to|since|until|before|after)$/.test(field)) {
      attempts.push({ target, variant: `out-of-range date in ${field}`, field, schemaLevel: true, body: body({ ...target.sample, [field]: OUT_OF_RANGE_DATE }) });
    }
  }
  return attempts;
}

function targets(): Target[] {
  const found: Target[] = [];
  for (const pluginId of running.platform.routers.pluginIds()) {
    const router = running.platform.routers.get(pluginId) as AnyRouter;
    for (const { path } of contractProcedures(router)) {
      const procedure = getRouter(router, path);
      if (!isProcedure(procedure)) continue;
      found.push({ name: `${pluginId}/${path.join("/")}`, url: `http://localhost/api/${pluginId}/${path.join("/")}`, sample: sampleOf(procedure["~orpc"].inputSchema) });
    }
  }
  return found;
}

interface Answer {
  status: number;
  message: string;
  issues: Array<{ path: string }>;
}

async function send(attempt: Attempt, headers: Record<string, string>): Promise<Answer> {
  const response = await running.platform.rpc.handle(
    new Request(attempt.target.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: attempt.body }),
  );
  const parsed = (await response.json().catch(() => ({}))) as { json?: { message?: string; data?: { issues?: Array<{ path: string }> } } };
  return { status: response.status, message: parsed.json?.message ?? "", issues: parsed.json?.data?.issues ?? [] };
}

/** Whether a 400 says which field it is about: in its message or as an issue's path. */
function namesField(answer: Answer, field: string): boolean {
  return answer.message.includes(field) || answer.issues.some((issue) => issue.path === field || issue.path.startsWith(`${field}.`));
}

let adminCookie = "";

beforeAll(async () => {
  const login = await running.platform.rpc.handle(
    new Request("http://localhost/api/auth/session/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }),
    }),
  );
  expect(login.status).toBe(200);
  adminCookie = /checkstack_session=[^;]*/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
  expect(adminCookie).not.toBe("");
}, 60_000);

describe("malformed input to every procedure", () => {
  for (const [caller, headers] of [
    ["anonymous", () => ({})],
    ["admin", () => ({ cookie: adminCookie })],
  ] as const) {
    test(`as ${caller}: no 500, and every 400 names its field`, async () => {
      const found = targets();
      expect(found.length).toBeGreaterThan(30);
      const serverErrors: string[] = [];
      const unnamed: string[] = [];
      let sent = 0;
      for (const target of found) {
        // The session's own end would sign the admin out of the rest of the run.
        if (caller === "admin" && target.name === "auth/session/logout") continue;
        // The generated sample is only type-correct: where it breaks other rules, schema-level answers may name those.
        const baseline = await send({ target, variant: "sample", field: undefined, body: JSON.stringify({ json: target.sample }) }, headers());
        for (const attempt of attemptsFor(target)) {
          const answer = await send(attempt, headers());
          sent++;
          if (answer.status >= 500) serverErrors.push(`${target.name} ${attempt.variant}: ${answer.status} ${answer.message}`);
          else if (answer.status === 400 && attempt.field && !(attempt.schemaLevel && baseline.status === 400) && !namesField(answer, attempt.field)) {
            unnamed.push(`${target.name} ${attempt.variant}: "${answer.message}"`);
          }
        }
      }
      expect(sent).toBeGreaterThan(200);
      expect(serverErrors).toEqual([]);
      expect(unnamed).toEqual([]);
    }, 240_000);
  }

  test("a body over the size limit is a 413 before anything reads it", async () => {
    const response = await running.platform.rpc.handle(
      new Request("http://localhost/api/catalog/listSystems", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { huge: "x".repeat(2 * 1024 * 1024) } }),
      }),
    );
    expect(response.status).toBe(413);
  });
});
