/** "@checkstack/notification-pushover-backend/testing": the fake Pushover API. */
export { checkPushoverRequest, FAKE_PUSHOVER_APP_TOKEN, FAKE_PUSHOVER_USER_KEY, startFakePushover } from "./fake-pushover";
