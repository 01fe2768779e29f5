import { NotFoundError, type HttpRoute, type RpcClient } from "@checkstack/backend-api";
import { NotificationApi } from "@checkstack/notification-common";
import { ACK_PATH_PREFIX, type AckLinkSigner } from "./ack-links";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

function page(status: number, heading: string, detail: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${escapeHtml(heading)}</title></head><body><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(detail)}</p></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" } });
}

/**
 * GET /alerting/ack/:token — the acknowledge link in alert messages. The token's signature is the
 * credential (whoever received the message may acknowledge, as with a pager's reply), so the
 * acknowledgement is made by this plugin's service principal (the timeline: "by service:notification").
 * A forged or malformed token is 403, an expired one 410; nothing is changed for either.
 */
export function ackRoute(signer: () => AckLinkSigner | undefined, rpcClient: () => RpcClient | undefined): HttpRoute {
  return {
    method: "GET",
    path: `${ACK_PATH_PREFIX}/:token`,
    handler: async ({ params }) => {
      const links = signer();
      const client = rpcClient();
      if (!links || !client) return page(503, "Try again shortly", "Alerting is still starting.");
      const verdict = links.verify(params["token"] ?? "");
      if (!verdict.ok) {
        if (verdict.reason === "expired") return page(410, "This link has expired", "Acknowledge the alert in Checkstack instead.");
        return page(403, "This link is not valid", "It was not issued by this Checkstack, or it was changed.");
      }
      try {
        const alert = await client.forPlugin(NotificationApi).acknowledgeAlert({ alertId: verdict.alertId });
        return page(200, "Alert acknowledged", `${alert.systemName}: reminders and escalation of this alert have stopped.`);
      } catch (error) {
        if (error instanceof NotFoundError || (error as { code?: string }).code === "NOT_FOUND") return page(404, "No such alert", "It may have been removed by retention.");
        throw error;
      }
    },
  };
}
