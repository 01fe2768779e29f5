import { implement } from "@orpc/server";
import { autoAuthMiddleware, NotFoundError, type RpcContext } from "@checkstack/backend-api";
import { statuspageContract, type Page, type SubscriberSettingsInput } from "@checkstack/statuspage-common";
import type { PageOwnership } from "./ownership";
import type { PageService } from "./page-service";
import type { SubscriberAdmin } from "./subscribers/subscriber-admin";

const os = implement(statuspageContract).$context<RpcContext>().use(autoAuthMiddleware);

type Surface<T> = Pick<T, keyof T>;

export interface StatuspageRouterDeps {
  pages: Surface<PageService>;
  ownership: Surface<PageOwnership>;
  /** Written in the request's transaction: instances drop their cached copy only if the change commits. */
  announce: (page: Page) => Promise<void>;
  subscribers: Surface<SubscriberAdmin>;
  /** The subscriber settings, redacted (null when never set), and their replacement. */
  subscriberSettings: { get(): Promise<Record<string, unknown> | null>; set(value: SubscriberSettingsInput): Promise<void> };
}

const noSuchPage = (id: string) => new NotFoundError(`No status page with id ${id}`);

/** The admin procedures (POST /api/statuspage/<procedure>); access is enforced from the contract's metadata. */
export function createStatuspageRouter({ pages, ownership, announce, subscribers, subscriberSettings }: StatuspageRouterDeps) {
  const existingPage = async (pageId: string) => (await pages.get(pageId)) ?? Promise.reject(noSuchPage(pageId));
  const settingsView = async () => {
    const settings = await subscriberSettings.get();
    return { configured: settings !== null, settings };
  };
  const announced = async (page: Page | null, pageId: string): Promise<Page> => {
    if (!page) throw noSuchPage(pageId);
    await announce(page);
    return page;
  };
  return os.router({
    listPages: os.listPages.handler(({ input }) => pages.list(input)),
    getPage: os.getPage.handler(async ({ input }) => (await pages.get(input.pageId)) ?? Promise.reject(noSuchPage(input.pageId))),
    createPage: os.createPage.handler(async ({ input }) => {
      if (input.ownerTeamId) await ownership.assertTeamExists(input.ownerTeamId);
      const page = await pages.create(input);
      if (input.ownerTeamId) await ownership.assign(page.id, input.ownerTeamId);
      return announced(page, page.id);
    }),
    updatePage: os.updatePage.handler(async ({ input }) => {
      const { pageId, ...changes } = input;
      return announced(await pages.update(changes, pageId), pageId);
    }),
    publishPage: os.publishPage.handler(async ({ input }) => announced(await pages.setState(input.pageId, "published"), input.pageId)),
    unpublishPage: os.unpublishPage.handler(async ({ input }) => announced(await pages.setState(input.pageId, "draft"), input.pageId)),
    deletePage: os.deletePage.handler(async ({ input }) => {
      const page = await pages.delete(input.pageId);
      await announced(page, input.pageId);
      await ownership.forget(input.pageId);
      return { deleted: true as const };
    }),
    listSubscribers: os.listSubscribers.handler(async ({ input }) => {
      await existingPage(input.pageId);
      return subscribers.list(input);
    }),
    removeSubscriber: os.removeSubscriber.handler(async ({ input }) => {
      if (!(await subscribers.remove(input.pageId, input.subscriberId))) throw new NotFoundError(`Page ${input.pageId} has no subscriber ${input.subscriberId}`);
      return { removed: true as const };
    }),
    createWebhookSubscriber: os.createWebhookSubscriber.handler(async ({ input }) => {
      await existingPage(input.pageId);
      return subscribers.createWebhook(input.pageId, input.url);
    }),
    getSubscriberSettings: os.getSubscriberSettings.handler(settingsView),
    setSubscriberSettings: os.setSubscriberSettings.handler(async ({ input }) => {
      await subscriberSettings.set(input);
      return settingsView();
    }),
  });
}
