import { secret } from "@checkstack/backend-api";
import { z } from "zod";

/** Header names a user may not set: the signature headers and what the transport owns. */
const RESERVED = new Set(["webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "content-length", "host"]);

export const webhookConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: "url must be an http(s) URL" }).max(2000),
  /** whsec_<base64>, as Standard Webhooks receivers expect; at least 24 bytes of key. */
  secret: secret(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "secret must be whsec_ followed by base64")
      .refine((value) => Buffer.from(value.slice(6), "base64").length >= 24, "the key after whsec_ must be at least 24 bytes"),
  ),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9-]+$/, "header names are letters, digits and dashes").max(100), z.string().max(2000))
    .refine((headers) => Object.keys(headers).every((name) => !RESERVED.has(name.toLowerCase())), "headers may not override webhook-* or content headers")
    .refine((headers) => Object.keys(headers).length <= 20, "at most 20 headers")
    .optional(),
});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
