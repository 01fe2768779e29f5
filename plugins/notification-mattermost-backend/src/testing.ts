/** "@checkstack/notification-mattermost-backend/testing": the fake Mattermost incoming webhook. */
export { checkMattermostRequest, fakeMattermostWebhookUrl, startFakeMattermost } from "./fake-mattermost";
