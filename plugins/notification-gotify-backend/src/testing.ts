/** "@checkstack/notification-gotify-backend/testing": the fake Gotify server. */
export { checkGotifyRequest, FAKE_GOTIFY_TOKEN, startFakeGotify } from "./fake-gotify";
