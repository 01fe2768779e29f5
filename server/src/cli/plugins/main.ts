import { runCli } from "./cli";

/** `npx checkstack …` (server/bin/checkstack.js runs this with the repository's Bun). */
const exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exit(exitCode);
