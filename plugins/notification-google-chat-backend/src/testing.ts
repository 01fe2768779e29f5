/** "@checkstack/notification-google-chat-backend/testing": the fake Google Chat space webhook. */
export { checkGoogleChatRequest, fakeGoogleChatWebhookUrl, startFakeGoogleChat } from "./fake-google-chat";
