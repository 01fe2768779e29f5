import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult, untilAborted } from "@checkstack/healthcheck-common/strategy-kit";
import { commandFailure } from "./command-verdict";
import { sshCheckConfigSchema, type SshCheckConfig } from "./config";
import { SshSession, SshStageError, type CommandOutcome } from "./ssh-session";
import { openSocket } from "./tcp-connect";

function metadataOf(session: SshSession, connectMs: number | undefined, outcome?: CommandOutcome): Record<string, unknown> {
  return {
    ...(connectMs !== undefined ? { connectMs } : {}),
    ...(session.hostKey ? { hostKeyFingerprint: session.hostKey.fingerprint, hostKeyType: session.hostKey.type ?? null } : {}),
    ...(outcome ? { exitCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr, ...(outcome.signal ? { signal: outcome.signal } : {}) } : {}),
  };
}

export async function runSshCheck(config: SshCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  const target = `${config.host}:${config.port}`;
  const { socket, connected } = openSocket(config.host, config.port);
  const session = new SshSession(config);
  // Destroying the socket is what stops the work, in whatever step the session is.
  const destroy = () => socket.destroy();
  run.signal.addEventListener("abort", destroy, { once: true });
  let connectMs: number | undefined;
  let outcome: CommandOutcome | undefined;
  try {
    await untilAborted(connected, run.signal);
    connectMs = elapsedMs(run);
    await untilAborted(session.open(socket), run.signal);
    const loggedIn = config.username !== undefined ? ` as ${config.username}` : "";
    if (config.command === undefined) {
      return { healthy: true, latencyMs: elapsedMs(run), message: `connected to ${target}${loggedIn}`, metadata: metadataOf(session, connectMs) };
    }
    outcome = await untilAborted(session.exec(config.command), run.signal);
    const failure = commandFailure(config, outcome);
    return {
      healthy: failure === undefined,
      latencyMs: elapsedMs(run),
      message: failure ?? `connected to ${target}${loggedIn}; command exited with ${outcome.exitCode}`,
      metadata: metadataOf(session, connectMs, outcome),
    };
  } catch (error) {
    if (run.signal.aborted) return timedOutResult(run, metadataOf(session, connectMs));
    const message =
      connectMs === undefined
        ? `connect to ${target} failed: ${describeError(error)}`
        : error instanceof SshStageError
          ? `ssh ${error.stage} with ${target} failed: ${error.message}`
          : `ssh session with ${target} failed: ${describeError(error)}`;
    return { healthy: false, latencyMs: elapsedMs(run), message, metadata: metadataOf(session, connectMs) };
  } finally {
    run.signal.removeEventListener("abort", destroy);
    session.client.end();
    socket.destroy();
  }
}

export const sshStrategy = defineHealthCheckStrategy({
  id: "ssh",
  displayName: "SSH",
  description: "Connects over SSH, checks the host key against a pinned fingerprint, logs in and optionally runs a command.",
  configSchema: sshCheckConfigSchema,
  execute: runSshCheck,
});
