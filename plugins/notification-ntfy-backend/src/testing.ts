/** "@checkstack/notification-ntfy-backend/testing": the fake ntfy server. */
export { checkNtfyRequest, startFakeNtfy } from "./fake-ntfy";
