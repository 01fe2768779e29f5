/** "@checkstack/notification-slack-backend/testing": the fake Slack webhook, for this package's tests and the notification plugin's. */
export { checkSlackRequest, fakeSlackWebhookUrl, startFakeSlack } from "./fake-slack";
