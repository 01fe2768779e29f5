/** "@checkstack/notification-discord-backend/testing": the fake Discord webhook. */
export { checkDiscordRequest, fakeDiscordWebhookUrl, startFakeDiscord } from "./fake-discord";
