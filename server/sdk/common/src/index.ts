export * from "./access-rules";
export * from "./procedure-metadata";
export * from "./plugin-api";
export * from "./dates";
export * from "./json-value";
export * from "./audit-query";
