import { queryResultCodec } from "@checkstack/healthcheck-common/strategy-kit";

export type { JsonValue } from "@checkstack/healthcheck-common/strategy-kit";

/**
 * MySQL's dialect: dates and big numbers already arrive as text (see connection-options.ts),
 * binary columns print "0x…" as the mysql client shows them, and there are no booleans (1/0).
 */
export const { toJsonValue, rowsAsObjects, firstValueMatches } = queryResultCodec({ binaryPrefix: "0x", booleansAsBits: true });
