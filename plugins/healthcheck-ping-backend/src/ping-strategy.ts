import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { elapsedMs, startStrategyRun, timedOutResult } from "@checkstack/healthcheck-common/strategy-kit";
import { pingCheckConfigSchema, type PingCheckConfig } from "./config";
import { pingArguments } from "./ping-arguments";
import { lacksPrivilege, parsePingOutput, PRIVILEGE_HINT, replyTimes } from "./ping-output";
import { pingVerdict } from "./ping-verdict";
import { ProcessStartError, runProcess } from "./run-process";

/**
 * How ping is started: the executable and arguments put before ping's own.
 * Production uses `ping` from PATH; tests use a prefix to run it without privilege.
 */
export interface PingCommand {
  file: string;
  prefix: string[];
}

export const SYSTEM_PING: PingCommand = { file: "ping", prefix: [] };

/** The line of ping's stderr that says what went wrong (it prints context lines around it). */
function errorLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  return lines.find((line) => lacksPrivilege(line)) ?? lines[0] ?? "";
}

export async function runPingCheck(config: PingCheckConfig, context?: HealthCheckRunContext, command: PingCommand = SYSTEM_PING): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  let partial = "";
  try {
    const outcome = await runProcess(command.file, [...command.prefix, ...pingArguments(config)], run.signal, (stdout) => (partial = stdout));
    if (run.signal.aborted) {
      const times = replyTimes(partial);
      return timedOutResult(run, { received: times.length, replyTimesMs: times });
    }
    const stats = parsePingOutput(outcome.stdout);
    if (stats) return pingVerdict(config, stats, elapsedMs(run));
    const detail = errorLine(outcome.stderr) || `ping exited with code ${outcome.exitCode}`;
    const message = lacksPrivilege(outcome.stderr) ? `${PRIVILEGE_HINT} (${detail})` : `ping ${config.host} failed: ${detail}`;
    return { healthy: false, latencyMs: elapsedMs(run), message };
  } catch (error) {
    if (error instanceof ProcessStartError && error.code === "ENOENT") {
      return { healthy: false, latencyMs: elapsedMs(run), message: `${command.file} is not installed on this instance (Debian: apt-get install iputils-ping)` };
    }
    if (error instanceof ProcessStartError && error.code === "EACCES") {
      return { healthy: false, latencyMs: elapsedMs(run), message: `${PRIVILEGE_HINT} (${error.message})` };
    }
    throw error;
  }
}

export const pingStrategy = defineHealthCheckStrategy({
  id: "ping",
  displayName: "Ping (ICMP)",
  description: "Sends ICMP echo requests with the system's ping and reports packet loss and round-trip times.",
  configSchema: pingCheckConfigSchema,
  execute: (config, context) => runPingCheck(config, context),
});
