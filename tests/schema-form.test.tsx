import { installTestDom, removeTestDom } from "./support/test-dom";
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { z } from "zod";
import { httpCheckConfigSchema } from "../plugins/healthcheck-http-backend/src/config";
import { postgresCheckConfigSchema } from "../plugins/healthcheck-postgres-backend/src/config";
import { dnsCheckConfigSchema } from "../plugins/healthcheck-dns-backend/src/config";
import { tcpCheckConfigSchema } from "../plugins/healthcheck-tcp-backend/src/config";
import { tlsCheckConfigSchema } from "../plugins/healthcheck-tls-backend/src/config";
import { configJsonSchema } from "../plugins/healthcheck-backend/src/config-json-schema";
import type { JsonSchema } from "@checkstack/frontend-api";

// The DOM must exist before React DOM loads (it probes the DOM once, when loaded): hence these imports come after it.
installTestDom();
const testing = await import("@testing-library/react");
const { MantineProvider } = await import("@mantine/core");
const { useState } = await import("react");
const { SchemaForm, compactValue, fieldKindOf, initialValueOf, REDACTED_SECRET } = await import("@checkstack/frontend-api");

/*
 * The generated form against the real strategies' config schemas, converted
 * as the server converts them (configJsonSchema): every zod type they use
 * gets the input it needs, secrets are write-only, and server errors show
 * on their fields. Rendered in happy-dom with the component library itself.
 */

const http = configJsonSchema(httpCheckConfigSchema) as JsonSchema;
const postgres = configJsonSchema(postgresCheckConfigSchema) as JsonSchema;
const dns = configJsonSchema(dnsCheckConfigSchema) as JsonSchema;
const tcp = configJsonSchema(tcpCheckConfigSchema) as JsonSchema;
const tls = configJsonSchema(tlsCheckConfigSchema) as JsonSchema;

function renderForm(schema: JsonSchema, initial: unknown, errors?: Record<string, string>): { latest: () => unknown } {
  let latest: unknown = initial;
  function Harness() {
    const [value, setValue] = useState<unknown>(initial);
    return (
      <MantineProvider>
        <SchemaForm
          schema={schema}
          value={value}
          errors={errors}
          onChange={(next) => {
            latest = next;
            setValue(next);
          }}
        />
      </MantineProvider>
    );
  }
  testing.render(<Harness />);
  return { latest: () => latest };
}

afterEach(() => testing.cleanup());
afterAll(removeTestDom);

/** Queries over the whole document (modals and portals included). */
const screen = () => testing.within(document.body);

function input(label: string | RegExp): HTMLInputElement {
  return screen().getByLabelText(label, { selector: "input, select, textarea" }) as HTMLInputElement;
}

describe("field kinds of the strategies' schemas", () => {
  test("each zod type maps to an input", () => {
    const props = (schema: JsonSchema) => schema.properties ?? {};
    expect(fieldKindOf(props(http)["method"]!)).toBe("enum"); // z.enum with default
    expect(fieldKindOf(props(http)["url"]!)).toBe("text"); // z.url
    expect(fieldKindOf(props(http)["headers"]!)).toBe("record"); // z.record
    expect(fieldKindOf(props(http)["secretHeaders"]!.additionalProperties as JsonSchema)).toBe("secret"); // secret() inside a record
    expect(fieldKindOf(props(http)["body"]!)).toBe("multiline"); // long z.string
    expect(fieldKindOf(props(http)["expectedStatus"]!)).toBe("json"); // union of number, pattern string and array
    expect(fieldKindOf(props(http)["followRedirects"]!)).toBe("boolean");
    expect(fieldKindOf(props(http)["maxRedirects"]!)).toBe("integer");
    expect(fieldKindOf(props(postgres)["password"]!)).toBe("secret"); // optional secret()
    expect(fieldKindOf(props(postgres)["expectedFirstValue"]!)).toBe("json"); // union of primitives
    expect(fieldKindOf(props(dns)["expected"]!)).toBe("object"); // optional nested object
    expect(fieldKindOf(props(dns)["expected"]!.properties!["values"]!)).toBe("list"); // z.array(z.string())
    expect(fieldKindOf(props(tcp)["port"]!)).toBe("integer");
    expect(fieldKindOf(props(tls)["allowInvalidChain"]!)).toBe("boolean");
  });

  test("a new form starts from the schema's defaults, and untouched optional text is left out", () => {
    expect(initialValueOf(http)).toEqual({
      method: "GET",
      headers: {},
      secretHeaders: {},
      expectedStatus: "2xx",
      followRedirects: true,
      maxRedirects: 5,
      verifyTls: true,
    });
    expect(initialValueOf(tls)).toEqual({ port: 443, minDaysValid: 14, allowInvalidChain: false });
    expect(compactValue(tcp, { host: "db", port: 5432, send: "", expect: undefined })).toEqual({ host: "db", port: 5432 });
    // What the form produces parses with the strategy's own schema.
    expect(httpCheckConfigSchema.safeParse(compactValue(http, { ...(initialValueOf(http) as object), url: "http://127.0.0.1:8080/" })).success).toBe(true);
  });
});

describe("SchemaForm", () => {
  test("renders labelled inputs with defaults and reports edits", () => {
    const form = renderForm(http, initialValueOf(http));
    expect(input(/Method/).value).toBe("GET");
    expect(input(/Url/).type).toBe("url");
    expect(input(/Url/).required).toBe(true);
    expect(input(/Follow redirects/).checked).toBe(true);
    expect(input(/Max redirects/).value).toBe("5");
    expect(input(/Expected status/).value).toBe("2xx");
    testing.fireEvent.change(input(/Url/), { target: { value: "http://127.0.0.1:9/health" } });
    testing.fireEvent.change(input(/Method/), { target: { value: "HEAD" } });
    testing.fireEvent.click(input(/Verify tls/));
    expect(form.latest()).toMatchObject({ url: "http://127.0.0.1:9/health", method: "HEAD", verifyTls: false });
  });

  test("a union field reads JSON when it parses and text otherwise", () => {
    const form = renderForm(http, initialValueOf(http));
    testing.fireEvent.change(input(/Expected status/), { target: { value: "[200, 204]" } });
    expect((form.latest() as { expectedStatus: unknown }).expectedStatus).toEqual([200, 204]);
    testing.fireEvent.change(input(/Expected status/), { target: { value: "3xx" } });
    expect((form.latest() as { expectedStatus: unknown }).expectedStatus).toBe("3xx");
  });

  test("secrets are write-only: a stored one shows empty and is kept unless typed over", () => {
    const form = renderForm(postgres, { host: "db", password: REDACTED_SECRET });
    const password = input(/^Password/);
    expect(password.type).toBe("password");
    expect(password.value).toBe("");
    expect(screen().getByText(/A value is stored; leave empty to keep it/)).toBeTruthy();
    testing.fireEvent.change(password, { target: { value: "new-secret" } });
    expect((form.latest() as { password: unknown }).password).toBe("new-secret");
    testing.fireEvent.change(password, { target: { value: "" } });
    expect((form.latest() as { password: unknown }).password).toBe(REDACTED_SECRET);
  });

  test("an optional enum can be left unset", () => {
    const form = renderForm(postgres, { host: "db" });
    testing.fireEvent.change(input(/Ssl/), { target: { value: "require" } });
    expect((form.latest() as { ssl?: string }).ssl).toBe("require");
    testing.fireEvent.change(input(/Ssl/), { target: { value: "" } });
    expect(form.latest()).not.toHaveProperty("ssl");
  });

  test("records take name/value entries, secret values as password inputs", () => {
    const form = renderForm(http, initialValueOf(http));
    testing.fireEvent.click(screen().getByRole("button", { name: "Add secret headers entry" }));
    testing.fireEvent.change(input(/^Name 1/), { target: { value: "authorization" } });
    const value = input(/^Value 1/);
    expect(value.type).toBe("password");
    testing.fireEvent.change(value, { target: { value: "Bearer xyz" } });
    expect((form.latest() as { secretHeaders: unknown }).secretHeaders).toEqual({ authorization: "Bearer xyz" });
  });

  test("nested objects and lists: items are added, edited and removed", () => {
    const form = renderForm(dns, { hostname: "example.test", recordType: "A", expected: { values: [], match: "all" } });
    testing.fireEvent.click(screen().getByRole("button", { name: "Add values" }));
    testing.fireEvent.change(input(/^Values 1/), { target: { value: "192.0.2.1" } });
    expect((form.latest() as { expected: { values: string[] } }).expected.values).toEqual(["192.0.2.1"]);
    testing.fireEvent.click(screen().getByRole("button", { name: "Remove" }));
    expect((form.latest() as { expected: { values: string[] } }).expected.values).toEqual([]);
  });

  test("the server's messages appear on their fields, nested ones included", () => {
    renderForm(dns, { hostname: "", expected: { values: ["x"], match: "all" } }, {
      hostname: "hostname is required",
      "expected.values.0": "must be an IP address",
    });
    expect(input(/Hostname/).getAttribute("aria-invalid")).toBe("true");
    expect(screen().getByText("hostname is required")).toBeTruthy();
    expect(screen().getByText("must be an IP address")).toBeTruthy();
  });

  test("a schema from any zod object works the same (no strategy-specific code)", () => {
    const schema = z.toJSONSchema(z.object({ retries: z.number().min(0).default(2), label: z.string().optional(), on: z.boolean() }), { io: "input" }) as JsonSchema;
    const form = renderForm(schema, initialValueOf(schema));
    expect(input(/Retries/).value).toBe("2");
    testing.fireEvent.change(input(/Label/), { target: { value: "x" } });
    expect(form.latest()).toEqual({ retries: 2, label: "x" });
  });
});
