import { secret } from "@checkstack/backend-api";
import { z } from "zod";
import { expectedStatusSchema } from "./status-matcher";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/**
 * RFC 9110 token characters: anything else would be rejected by fetch at run time instead of when
 * saved. Checked in superRefine because zod reports a bad record key only as "Invalid key".
 */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const headerValueSchema = z.string().refine((value) => !/[\r\n\0]/.test(value), "header values may not contain CR, LF or NUL");

/** Bodies are stored with the check's config, so keep them to what a probe needs. */
const MAX_REQUEST_BODY_CHARS = 1024 * 1024;

/**
 * Secrets: `headers` are stored in plain text; `secretHeaders` (same shape) are
 * marked secret per value, so the platform encrypts them at rest and redacts
 * them when the config is read back. Put Authorization, API keys and cookies
 * there. Both are sent; a name may appear in only one of them.
 */
/**
 * Query parameters that carry credentials by convention. The URL is stored and
 * shown in plain text (and quoted in run messages), so a credential there would
 * be readable by everyone who may see the check.
 */
const CREDENTIAL_QUERY_PARAMETERS = new Set([
  "token",
  "access_token",
  "auth",
  "auth_token",
  "api_key",
  "apikey",
  "api-key",
  "key",
  "secret",
  "client_secret",
  "password",
  "passwd",
  "pwd",
  "sig",
  "signature",
]);

/** Refuses credentials in the URL itself: they belong in secretHeaders, which are encrypted and redacted. */
function refuseUrlCredentials(url: string, ctx: z.RefinementCtx): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return; // the url field's own check reports it
  }
  if (parsed.username || parsed.password) {
    ctx.addIssue({
      code: "custom",
      path: ["url"],
      message:
        "url may not contain a user name or password (user:pass@host): it is stored in plain text; " +
        'send the credentials in secretHeaders instead, e.g. { "authorization": "Basic <base64 of user:pass>" }',
    });
  }
  for (const name of new Set(parsed.searchParams.keys())) {
    if (CREDENTIAL_QUERY_PARAMETERS.has(name.toLowerCase())) {
      ctx.addIssue({
        code: "custom",
        path: ["url"],
        message: `url may not carry the credential query parameter "${name}": it is stored in plain text; send it in secretHeaders instead`,
      });
    }
  }
}

export const httpCheckConfigSchema = z
  .object({
    method: z.enum(HTTP_METHODS, `method must be one of ${HTTP_METHODS.join(", ")}`).default("GET"),
    url: z.url({ protocol: /^https?$/, error: "url must be an absolute http:// or https:// URL" }),
    headers: z.record(z.string(), headerValueSchema).default({}),
    secretHeaders: z.record(z.string(), secret(headerValueSchema)).default({}),
    body: z.string().max(MAX_REQUEST_BODY_CHARS, "body may be at most 1 MiB").optional(),
    expectedStatus: expectedStatusSchema.default("2xx"),
    followRedirects: z.boolean().default(true),
    maxRedirects: z.int().min(0, "maxRedirects cannot be negative").max(20, "maxRedirects may be at most 20").default(5),
    /** When false, invalid certificates are accepted and reported as metadata.tlsAuthorized = false. */
    verifyTls: z.boolean().default(true),
    /** PEM certificates trusted instead of the system roots, for services behind a private CA. */
    ca: z.string().includes("-----BEGIN CERTIFICATE-----", "ca must hold PEM certificates").optional(),
  })
  .superRefine((config, ctx) => {
    refuseUrlCredentials(config.url, ctx);
    if (config.body !== undefined && (config.method === "GET" || config.method === "HEAD")) {
      ctx.addIssue({ code: "custom", path: ["body"], message: `a ${config.method} request cannot have a body` });
    }
    for (const field of ["headers", "secretHeaders"] as const) {
      for (const name of Object.keys(config[field])) {
        if (!HEADER_NAME.test(name)) {
          ctx.addIssue({ code: "custom", path: [field, name], message: `header name "${name}" may only contain letters, digits and !#$%&'*+-.^_\`|~` });
        }
      }
    }
    const plainNames = new Set(Object.keys(config.headers).map((name) => name.toLowerCase()));
    for (const name of Object.keys(config.secretHeaders)) {
      if (plainNames.has(name.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: ["secretHeaders", name], message: `header "${name}" is set in both headers and secretHeaders` });
      }
    }
  });

export type HttpCheckConfig = z.output<typeof httpCheckConfigSchema>;
