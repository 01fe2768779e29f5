import { randomUUID } from "node:crypto";
import { attemptSend } from "../delivery/sender";
import { os, type NotificationRouterDeps } from "./implementer";

export function createChannelHandlers({ kinds, channels, channelOwnership, sender }: NotificationRouterDeps) {
  return {
    listChannelKinds: os.listChannelKinds.handler(() => ({ kinds: kinds.describe() })),
    listChannels: os.listChannels.handler(async () => ({ channels: await channels.list() })),
    getChannel: os.getChannel.handler(({ input }) => channels.get(input.channelId)),

    createChannel: os.createChannel.handler(async ({ input }) => {
      const { teamOnly, ...fields } = input;
      if (fields.ownerTeamId) await channelOwnership.assertTeamExists(fields.ownerTeamId);
      const channel = await channels.create(fields);
      if (fields.ownerTeamId) await channelOwnership.assign(channel.id, fields.ownerTeamId, teamOnly);
      return channel;
    }),

    updateChannel: os.updateChannel.handler(({ input }) => channels.update(input)),

    deleteChannel: os.deleteChannel.handler(async ({ input }) => {
      await channels.get(input.channelId);
      await channels.delete(input.channelId);
      await channelOwnership.forget(input.channelId);
      return { deleted: true as const };
    }),

    sendTest: os.sendTest.handler(async ({ input }) => {
      const channel = await channels.row(input.channelId);
      const id = randomUUID();
      const now = new Date().toISOString();
      const started = performance.now();
      const result = await attemptSend({ ...sender, channels }, channel, {
        id,
        alertKey: `test:${channel.id}`,
        kind: "test",
        severity: "info",
        title: `Test message from Checkstack to ${channel.name}`,
        text: `This is a test of the channel "${channel.name}" (${channel.kind}). If you can read it, alerts will reach you here.`,
        systems: [],
        occurredAt: now,
      });
      return {
        ok: result.ok,
        providerStatus: result.providerStatus ?? null,
        providerResponse: result.providerResponse ?? null,
        error: result.ok ? null : result.error,
        durationMs: Math.round(performance.now() - started),
        messageId: id,
      };
    }),
  };
}
