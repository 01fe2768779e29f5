import { afterAll } from "bun:test";
import { constants } from "node:os";
import { stopTestServer, stopTestServerOnExit } from "./test-database";

// Hooks at the top level of a preload are scoped to the whole run: this runs once, after every file.
afterAll(stopTestServer);

// Not emitted at the end of a normal `bun test` run, but it is when a test calls process.exit().
process.once("exit", stopTestServerOnExit);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void stopTestServer().finally(() => process.exit(128 + constants.signals[signal]));
  });
}
