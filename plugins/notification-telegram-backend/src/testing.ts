/** "@checkstack/notification-telegram-backend/testing": the fake Bot API. */
export { checkTelegramRequest, FAKE_TELEGRAM_TOKEN, htmlEntityProblems, startFakeTelegram } from "./fake-telegram";
