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
