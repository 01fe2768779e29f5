/** "@checkstack/notification-email-backend/testing": a real SMTP server on 127.0.0.1 that parses what it receives. */
export { startFakeSmtp, type FakeSmtp, type FakeSmtpOptions, type ReceivedMail } from "./fake-smtp";
