/**
 * The admin API of the platform's built-in "plugins" plugin. The contract is
 * in @checkstack/common so that @checkstack/client (and so the CLI) can call
 * it without depending on the server.
 */
export * from "@checkstack/common/plugin-admin-contract";
