/**
 * "@checkstack/notification-kit/testing": fake providers on 127.0.0.1, sample messages and the delivery
 * contract every HTTP channel kind's tests run; the notification plugin's own tests reuse the fakes.
 */
export { bodyOf, checkJsonCall, jsonResponse, startFakeProvider, waitUntil, type FakeProvider, type ProviderBehaviour, type RecordedRequest, type ScriptedAnswer } from "./fake-provider";
export { MESSAGE_VARIANTS, sampleMessage, variantMessage } from "./sample-message";
export { secretFieldNames, secretValues, undescribedFieldNames } from "./schema-fields";
export { describeChannelContract, type ChannelContract } from "./delivery-contract";
