import { describe, expect, test } from "bun:test";
import { commandFailure } from "./command-verdict";
import { sshCheckConfigSchema } from "./config";

const config = (input: Record<string, unknown>) => sshCheckConfigSchema.parse({ host: "h", username: "u", password: "p", command: "true", ...input });
const outcome = (input: Partial<{ exitCode: number | null; signal: string; stdout: string; stderr: string }>) => ({ exitCode: 0, stdout: "", stderr: "", ...input });

describe("command verdict", () => {
  test("the expected exit code and output pass", () => {
    expect(commandFailure(config({ expectedOutput: "ok" }), outcome({ stdout: "all ok\n" }))).toBeUndefined();
    expect(commandFailure(config({ expectedExitCode: 2 }), outcome({ exitCode: 2 }))).toBeUndefined();
  });

  test("each way a command can disappoint", () => {
    expect(commandFailure(config({}), outcome({ exitCode: 1, stderr: "first\nsecond" }))).toBe("command exited with 1, expected 0 (stderr: first)");
    expect(commandFailure(config({}), outcome({ exitCode: 1 }))).toBe("command exited with 1, expected 0");
    expect(commandFailure(config({ expectedOutput: "ok" }), outcome({ stdout: "no" }))).toBe('command output does not contain "ok"');
    expect(commandFailure(config({}), outcome({ exitCode: null, signal: "SIGKILL" }))).toBe("command ended by signal SIGKILL");
    expect(commandFailure(config({}), outcome({ exitCode: null }))).toBe("command ended without an exit status");
  });
});
