import { randomUUID } from "node:crypto";
import { InputError } from "@checkstack/backend-api";
import { attemptSend } from "../delivery/sender";
import { os, type NotificationRouterDeps } from "./implementer";

export function createChannelHandlers({ kinds, channels, channelOwnership, sender }: NotificationRouterDeps) {
  return {
    listChannelKinds: os.listChannelKinds.handler(() => ({ kinds: kinds.describe() })),
    listChannels: os.listChannels.handler(async () => ({ channels: await channels.list() })),
    getChannel: os.getChannel.handler(({ input }) => channels.get(input.channelId)),

    createChannel: os.createChannel.handler(async ({ input, context }) => {
      const { teamOnly, personal, ...fields } = input;
      if (fields.ownerTeamId) await channelOwnership.assertTeamExists(fields.ownerTeamId);
      const { principal } = context;
      if (personal && principal.type !== "user") throw new InputError("only a signed-in user can own a personal channel", { path: "personal" });
      const channel = await channels.create(fields, personal && principal.type === "user" ? principal.id : null);
      if (fields.ownerTeamId) await channelOwnership.assign(channel.id, fields.ownerTeamId, teamOnly);
      return channel;
    }),

    updateChannel: os.updateChannel.handler(async ({ input }) => {
      const before = await channels.get(input.channelId);
      const newOwner = input.ownerTeamId !== undefined && input.ownerTeamId !== before.ownerTeamId ? input.ownerTeamId : undefined;
      if (newOwner && before.ownerUserId !== null) throw new InputError("a personal channel cannot be handed to a team", { path: "ownerTeamId" });
      if (newOwner) await channelOwnership.assertTeamExists(newOwner);
      const channel = await channels.update(input);
      // The grants follow the owner: the old team lets go, the new one reads and manages it.
      if (newOwner !== undefined) {
        await channelOwnership.forget(channel.id);
        if (newOwner) await channelOwnership.assign(channel.id, newOwner, false);
      }
      return channel;
    }),

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
