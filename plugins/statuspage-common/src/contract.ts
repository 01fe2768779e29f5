import { proc } from "@checkstack/common";
import { statuspageAccess, subscriberSettingsAccess } from "./access";
import { CreatePageSchema, DeletedSchema, ListPagesInputSchema, PageListSchema, PageRefSchema, PageSchema, UpdatePageSchema } from "./schemas";

import {
  CreateWebhookSubscriberSchema,
  ListSubscribersInputSchema,
  RemovedSchema,
  SubscriberListSchema,
  SubscriberRefSchema,
  SubscriberSettingsSchema,
  SubscriberSettingsViewSchema,
  WebhookSubscriberCreatedSchema,
} from "./subscribers";

const { page } = statuspageAccess;

/**
 * Administration of status pages. What the public reads is not here: it is served as plain HTTP under
 * /status/<slug> (HTML, Statuspage-compatible JSON, feeds, badges), from published pages only.
 * Reads need a signed-in caller: a draft's sections name internal systems.
 */
export const statuspageContract = {
  /** Pages ordered by slug, a keyset page at a time; pass nextCursor back for the next. */
  listPages: proc({ operationType: "query", userType: "authenticated", access: [page.read], instanceAccess: { listKey: "items" } })
    .input(ListPagesInputSchema)
    .output(PageListSchema),
  getPage: proc({ operationType: "query", userType: "authenticated", access: [page.read] }).input(PageRefSchema).output(PageSchema),
  createPage: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage], instanceAccess: {} })
    .input(CreatePageSchema)
    .output(PageSchema),
  updatePage: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage] }).input(UpdatePageSchema).output(PageSchema),
  /** draft → published: from now on the page is served under /status/<slug>. */
  publishPage: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage] }).input(PageRefSchema).output(PageSchema),
  /** published → draft: the public routes answer 404 again. */
  unpublishPage: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage] }).input(PageRefSchema).output(PageSchema),
  deletePage: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage] }).input(PageRefSchema).output(DeletedSchema),

  /** A page's subscribers (e-mail addresses and webhook URLs), oldest first; pass nextCursor back for the next. Addresses are personal data: managers only. */
  listSubscribers: proc({ operationType: "query", userType: "authenticated", access: [page.manage] }).input(ListSubscribersInputSchema).output(SubscriberListSchema),
  /** Removes a subscriber of the page; nothing more is sent to it. */
  removeSubscriber: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage] }).input(SubscriberRefSchema).output(RemovedSchema),
  /** Adds a signed webhook (Standard Webhooks); the answer holds its secret, shown this once. */
  createWebhookSubscriber: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage] })
    .input(CreateWebhookSubscriberSchema)
    .output(WebhookSubscriberCreatedSchema),
  /** The subscriber mail settings, the password redacted; configured is false until they are set. */
  getSubscriberSettings: proc({ operationType: "query", userType: "authenticated", access: [subscriberSettingsAccess] }).output(SubscriberSettingsViewSchema),
  setSubscriberSettings: proc({ operationType: "mutation", userType: "authenticated", access: [subscriberSettingsAccess] })
    .input(SubscriberSettingsSchema)
    .output(SubscriberSettingsViewSchema),
};
