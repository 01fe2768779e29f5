import { queryResultCodec } from "@checkstack/healthcheck-common/strategy-kit";

/** PostgreSQL's dialect: bytea prints "\x…" as psql shows it, and booleans are booleans. */
export const { toJsonValue, rowsAsObjects, firstValueMatches } = queryResultCodec({ binaryPrefix: "\\x", booleansAsBits: false });
