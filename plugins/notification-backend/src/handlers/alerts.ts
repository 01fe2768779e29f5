import { NotFoundError } from "@checkstack/backend-api";
import { actorOf, os, type NotificationRouterDeps } from "./implementer";

export function createAlertHandlers({ alerts, deliveries, enqueue }: NotificationRouterDeps) {
  return {
    listAlerts: os.listAlerts.handler(async ({ input }) => ({ alerts: await alerts.list(input) })),
    getAlert: os.getAlert.handler(({ input }) => alerts.get(input.alertId)),
    acknowledgeAlert: os.acknowledgeAlert.handler(({ input, context }) => alerts.acknowledge(input.alertId, actorOf(context))),

    listSilences: os.listSilences.handler(async () => ({ silences: await alerts.listSilences() })),
    createSilence: os.createSilence.handler(({ input, context }) => alerts.createSilence(input, actorOf(context))),
    endSilence: os.endSilence.handler(async ({ input }) => ({ changed: await alerts.endSilence(input.silenceId) })),

    listDeliveries: os.listDeliveries.handler(async ({ input }) => ({ deliveries: await deliveries.attempts(input) })),
    listMessages: os.listMessages.handler(async ({ input }) => ({ messages: await deliveries.messages(input) })),
    retryDelivery: os.retryDelivery.handler(async ({ input }) => {
      const retried = await deliveries.retry(input.messageId);
      if (!retried) {
        if (!(await deliveries.exists(input.messageId))) throw new NotFoundError(`No message with id ${input.messageId}`);
        return { changed: false };
      }
      // In the request's transaction: the job exists only if the retry commits.
      await enqueue(input.messageId, 0);
      return { changed: true };
    }),
  };
}
