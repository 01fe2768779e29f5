import type { SshCheckConfig } from "./config";
import type { CommandOutcome } from "./ssh-session";

/** Why the command's outcome is unhealthy, or undefined when it is as expected. */
export function commandFailure(config: SshCheckConfig, outcome: CommandOutcome): string | undefined {
  if (outcome.exitCode === null) {
    return outcome.signal ? `command ended by signal ${outcome.signal}` : "command ended without an exit status";
  }
  if (outcome.exitCode !== config.expectedExitCode) {
    const stderr = outcome.stderr.trim().split("\n")[0];
    return `command exited with ${outcome.exitCode}, expected ${config.expectedExitCode}${stderr ? ` (stderr: ${stderr})` : ""}`;
  }
  if (config.expectedOutput !== undefined && !outcome.stdout.includes(config.expectedOutput)) {
    return `command output does not contain ${JSON.stringify(config.expectedOutput)}`;
  }
  return undefined;
}
