import { REPO_ROOT } from "../../platform-env";
import { runCreatePlugin } from "./cli";
import { createTerminalPrompter } from "./prompts";
import { discardStaging } from "./write-plugin";

/** `npm run create [-- flags]`: see USAGE in options.ts. */

// Ctrl-C while files are being staged must not leave a half-written folder in plugins/.
process.once("SIGINT", () => {
  discardStaging();
  process.stderr.write("\nInterrupted; nothing was created.\n");
  process.exit(130);
});

const exitCode = await runCreatePlugin(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  prompter: process.stdin.isTTY ? createTerminalPrompter(process.stdin, process.stdout) : undefined,
  // npm runs scripts in the package root; INIT_CWD is where the user typed the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  repoRoot: REPO_ROOT,
});
process.exit(exitCode);
