import { z } from "zod";
import { smtpServerSchema } from "@checkstack/notification-kit";
import { PageIdSchema } from "./schemas";

// ---- Subscribers, as administrators see them --------------------------------

export const SubscriberKindSchema = z.enum(["email", "webhook"]);
/** pending: an e-mail address that has not followed its confirmation link yet (it receives nothing else). */
export const SubscriberStateSchema = z.enum(["pending", "confirmed"]);

export const SubscriberSchema = z.object({
  id: z.string(),
  pageId: z.string(),
  kind: SubscriberKindSchema,
  /** The address (e-mail) or the URL (webhook). */
  target: z.string(),
  state: SubscriberStateSchema,
  createdAt: z.date(),
  confirmedAt: z.date().nullable(),
});
export type Subscriber = z.infer<typeof SubscriberSchema>;

export const MAX_SUBSCRIBER_LIST = 500;
export const ListSubscribersInputSchema = z.object({
  pageId: PageIdSchema,
  /** Opaque: the nextCursor of the previous answer. */
  cursor: z.string().min(1, "cursor must not be empty").max(500, "cursor is at most 500 characters").optional(),
  limit: z.number().int("limit must be a whole number").min(1, "limit is at least 1").max(MAX_SUBSCRIBER_LIST, `limit is at most ${MAX_SUBSCRIBER_LIST}`).default(100),
});
export type ListSubscribersInput = z.infer<typeof ListSubscribersInputSchema>;
export const SubscriberListSchema = z.object({ items: z.array(SubscriberSchema), nextCursor: z.string().nullable() });

export const SubscriberRefSchema = z.object({ pageId: PageIdSchema, subscriberId: z.uuid("subscriberId must be a UUID") });

/** Webhook subscribers are added by the page's managers (a public form would let anyone point the server at any URL). */
export const CreateWebhookSubscriberSchema = z.object({
  pageId: PageIdSchema,
  url: z.url({ protocol: /^https?$/, message: "url must be an http(s) URL" }).max(2000, "url is at most 2000 characters"),
});
/** The signing secret (whsec_…) is shown once, in this answer; it is stored encrypted. */
export const WebhookSubscriberCreatedSchema = z.object({ subscriber: SubscriberSchema, secret: z.string() });

export const RemovedSchema = z.object({ removed: z.literal(true) });

// ---- Settings ---------------------------------------------------------------

/**
 * The SMTP server subscriber mail goes through (the same fields as the e-mail channel kind), the public
 * address links in mails point to, and the sign-up limits. One setting for all pages of the cluster.
 */
export const SubscriberSettingsSchema = smtpServerSchema.extend({
  publicUrl: z
    .url({ protocol: /^https?$/, message: "publicUrl must be an http(s) URL" })
    .max(2000, "publicUrl is at most 2000 characters")
    .describe("Where visitors reach Checkstack (https://status.example.com): confirmation and unsubscribe links start with it."),
  signupsPerAddressPerHour: z.int("signupsPerAddressPerHour must be a whole number").min(1).max(100).default(3).describe("Sign-up requests one address may make per page and hour."),
  signupsPerPagePerHour: z.int("signupsPerPagePerHour must be a whole number").min(1).max(100_000).default(100).describe("Sign-up requests a page accepts per hour, all addresses together."),
});
export type SubscriberSettings = z.output<typeof SubscriberSettingsSchema>;
export type SubscriberSettingsInput = z.input<typeof SubscriberSettingsSchema>;
/** As read back: the password is shown as "********" when set. */
export const SubscriberSettingsViewSchema = z.object({ configured: z.boolean(), settings: z.record(z.string(), z.unknown()).nullable() });
