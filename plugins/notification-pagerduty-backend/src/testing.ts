/** "@checkstack/notification-pagerduty-backend/testing": the fake Events API v2. */
export { checkPagerdutyRequest, FAKE_PAGERDUTY_ROUTING_KEY, startFakePagerduty } from "./fake-pagerduty";
