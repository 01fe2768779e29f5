import { z } from "zod";
import {
  HTTP_STATUS_OF,
  InputError,
  isDomainError,
  NotFoundError,
  UnauthorizedError,
  UnavailableError,
  type DomainErrorCode,
  type HttpRouteRequest,
  type HttpRouteService,
  type Logger,
} from "@checkstack/backend-api";
import type { Page, SubscriberSettings } from "@checkstack/statuspage-common";
import type { EnqueueDelivery } from "./sender";
import { messagePageHtml, type MessagePage } from "./subscriber-pages";
import type { Subscriptions } from "./subscriptions";
import type { TokenPurpose } from "./tokens";

export interface SubscriptionRoutesDeps {
  publishedPage(slug: string): Promise<Page | null>;
  subscriptions: Subscriptions;
  settings(): Promise<SubscriberSettings | null>;
  enqueue: EnqueueDelivery;
  logger: Logger;
}

/** The one answer to every accepted sign-up, whether the address was new, pending or already confirmed. */
export const SIGNUP_ACCEPTED = "If this address can receive mail, it will get a link to confirm the subscription. Nothing is sent before it is confirmed.";

const EmailSchema = z
  .string("email is required")
  .trim()
  .max(254, "email is at most 254 characters")
  .pipe(z.email("email must be an e-mail address"))
  .transform((address) => address.toLowerCase());
const TokenSchema = z.string().min(1).max(200);

const HEADINGS: Partial<Record<DomainErrorCode, string>> = {
  BAD_REQUEST: "That did not work",
  TOO_MANY_REQUESTS: "Too many requests",
  SERVICE_UNAVAILABLE: "Subscriptions are unavailable",
};
const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

const wantsJson = (request: Request) => (request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json");

/** The request's fields: a JSON object, or a form (urlencoded or multipart) as the page's no-JavaScript form posts it. */
async function fieldsOf(request: Request): Promise<Record<string, unknown>> {
  if (wantsJson(request)) {
    const body: unknown = await request.json().catch(() => {
      throw new InputError("the body is not JSON");
    });
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new InputError("the body must be a JSON object");
    return body as Record<string, unknown>;
  }
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return {};
  const form = await request.formData().catch(() => {
    throw new InputError("the form could not be read");
  });
  return Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

const invalidLink = () => new InputError("This link is not valid any more (or never was). Links work until the subscription ends.", { path: "token" });

/**
 * The public subscription routes of a page: the sign-up (the page's form, or JSON), the confirmation
 * link and the unsubscribe link (a page with a button for people, a one-click POST for mail clients
 * per RFC 8058). Not cached: every answer depends on the request.
 */
export class SubscriptionRoutes {
  constructor(private readonly deps: SubscriptionRoutesDeps) {}

  register(http: HttpRouteService): void {
    http.registerRoute({ method: "POST", path: "/status/:slug/subscribe", handler: (request) => this.answer(request, (page) => this.signUp(request, page)) });
    http.registerRoute({ method: "GET", path: "/status/:slug/subscribe/confirm", handler: (request) => this.answer(request, (page) => this.confirm(request, page)) });
    http.registerRoute({ method: "GET", path: "/status/:slug/unsubscribe", handler: (request) => this.answer(request, (page) => this.unsubscribePage(request, page)) });
    http.registerRoute({ method: "POST", path: "/status/:slug/unsubscribe", handler: (request) => this.answer(request, (page) => this.unsubscribe(request, page)) });
  }

  /** Resolves the page (published, and signed-in only where it says so) and turns domain errors into HTML for people. */
  private async answer(request: HttpRouteRequest, work: (page: Page) => Promise<Response>): Promise<Response> {
    const json = wantsJson(request.request);
    let page: Page | null = null;
    try {
      const slug = request.params["slug"] ?? "";
      page = await this.deps.publishedPage(slug);
      if (!page) throw new NotFoundError(`No status page at /status/${slug}`);
      if (page.visibility === "signed_in" && (await request.principal()).type === "anonymous") throw new UnauthorizedError("Sign in to subscribe to this status page");
      return await work(page);
    } catch (error) {
      if (json || !page || !isDomainError(error)) throw error;
      const retryAfter: Record<string, string> = typeof error.data?.["retryAfterSeconds"] === "number" ? { "retry-after": String(error.data["retryAfterSeconds"]) } : {};
      return this.html(page, { heading: HEADINGS[error.code] ?? "That did not work", message: error.message }, HTTP_STATUS_OF[error.code], retryAfter);
    }
  }

  private html(page: Page, content: MessagePage, status = 200, headers: Record<string, string> = {}): Response {
    return new Response(messagePageHtml(page, content), { status, headers: { ...NO_STORE, ...headers, "content-type": "text/html; charset=utf-8" } });
  }

  private async signUp(request: HttpRouteRequest, page: Page): Promise<Response> {
    const fields = await fieldsOf(request.request);
    const parsed = EmailSchema.safeParse(fields["email"]);
    if (!parsed.success) throw new InputError(parsed.error.issues[0]?.message ?? "email must be an e-mail address", { path: "email" });
    const settings = await this.deps.settings();
    if (!settings) throw new UnavailableError("E-mail subscriptions are not set up on this server yet");
    const deliveryId = await this.deps.subscriptions.signUp(page, parsed.data, {
      perAddressPerHour: settings.signupsPerAddressPerHour,
      perPagePerHour: settings.signupsPerPagePerHour,
    });
    // After the commit: a failed enqueue leaves the row pending, and the sweep starts it a minute later.
    if (deliveryId) await this.deps.enqueue(deliveryId, 0).catch((error: unknown) => this.deps.logger.warn("confirmation mail left to the sweep", { error: String(error) }));
    if (wantsJson(request.request)) return Response.json({ status: "accepted", message: SIGNUP_ACCEPTED }, { status: 202, headers: NO_STORE });
    return this.html(page, { heading: "Check your inbox", message: SIGNUP_ACCEPTED });
  }

  private async holder(request: HttpRouteRequest, page: Page, purpose: TokenPurpose, fields: Record<string, unknown> = {}) {
    const fromQuery = new URL(request.request.url).searchParams.get("token");
    const token = TokenSchema.safeParse(fromQuery ?? fields["token"]);
    const subscriber = token.success ? await this.deps.subscriptions.holder(page, token.data, purpose) : null;
    if (!subscriber) throw invalidLink();
    return { subscriber, token: token.data as string };
  }

  private async confirm(request: HttpRouteRequest, page: Page): Promise<Response> {
    const { subscriber } = await this.holder(request, page, "confirm");
    await this.deps.subscriptions.confirm(subscriber);
    return this.html(page, { heading: "Subscription confirmed", message: `You will get an e-mail when ${page.title} posts an incident or maintenance. Every mail has a link to unsubscribe.` });
  }

  /** A GET never unsubscribes (mail scanners open links): it shows the button that does. */
  private async unsubscribePage(request: HttpRouteRequest, page: Page): Promise<Response> {
    const { token } = await this.holder(request, page, "unsubscribe");
    return this.html(page, {
      heading: "Unsubscribe",
      message: `Stop receiving ${page.title} status updates at this address?`,
      action: { url: `/status/${page.slug}/unsubscribe`, token, label: "Unsubscribe" },
    });
  }

  /** The button's form (token in the body) or a mail client's RFC 8058 one-click POST (token in the URL). */
  private async unsubscribe(request: HttpRouteRequest, page: Page): Promise<Response> {
    const { subscriber } = await this.holder(request, page, "unsubscribe", await fieldsOf(request.request));
    await this.deps.subscriptions.unsubscribe(subscriber);
    if (wantsJson(request.request)) return Response.json({ status: "unsubscribed" }, { headers: NO_STORE });
    return this.html(page, { heading: "Unsubscribed", message: `You will not get any more ${page.title} status updates.` });
  }
}
