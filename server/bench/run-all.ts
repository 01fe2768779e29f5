/** `npm run bench`: every benchmark in turn, each printing its figures beside its own baseline. */
import { stopTestServer } from "../src/testing/test-database";
import { runAlertingBench } from "./alerting.bench";
import { runBootBench } from "./boot.bench";
import { runHealthcheckBench } from "./healthcheck.bench";
import { runHooksBench } from "./hooks.bench";
import { runReadPathsBench } from "./read-paths.bench";
import { runRestBench } from "./rest.bench";
import { runRpcBench } from "./rpc.bench";
import { runUiBench } from "./ui.bench";

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  boot: runBootBench,
  hooks: runHooksBench,
  rpc: runRpcBench,
  rest: runRestBench,
  healthcheck: runHealthcheckBench,
  "read-paths": runReadPathsBench,
  alerting: runAlertingBench,
  ui: runUiBench,
};
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  process.stdout.write(`\n=== ${name} ===\n`);
  await run();
}
await stopTestServer();
