import { madeId, type PluginWalk } from "./walk-types";

/**
 * The status pages' subscriber procedures, on a page of their own (the page procedures are walked in
 * statuspage.walk.ts). The webhook subscriber points at a documentation address: nothing is sent to it
 * because no incident touches the empty page.
 */
export const statuspageSubscribersWalk: PluginWalk = {
  steps: [
    {
      call: () => ({ operationId: "statuspage.createPage", path: {}, body: { slug: "walk-subscribers", title: "Walk subscribers" } }),
      after: (body, context) => {
        context.made["subscriberPageId"] = String((body as { id: string }).id);
      },
    },
    {
      call: () => ({
        operationId: "statuspage.setSubscriberSettings",
        path: {},
        body: { host: "127.0.0.1", port: 2525, security: "none", from: "status@example.com", publicUrl: "https://status.example.com" },
      }),
    },
    { call: () => ({ operationId: "statuspage.getSubscriberSettings", path: {} }) },
    {
      call: (c) => ({ operationId: "statuspage.createWebhookSubscriber", path: {}, body: { pageId: madeId(c, "subscriberPageId"), url: "https://hooks.example.com/walk" } }),
      after: (body, context) => {
        context.made["webhookSubscriberId"] = String((body as { subscriber: { id: string } }).subscriber.id);
      },
    },
    { call: (c) => ({ operationId: "statuspage.listSubscribers", path: {}, body: { pageId: madeId(c, "subscriberPageId"), limit: 10 } }) },
    { call: (c) => ({ operationId: "statuspage.removeSubscriber", path: {}, body: { pageId: madeId(c, "subscriberPageId"), subscriberId: madeId(c, "webhookSubscriberId") } }) },
  ],
  cleanup: [{ call: (c) => ({ operationId: "statuspage.deletePage", path: {}, body: { pageId: madeId(c, "subscriberPageId") } }) }],
};
