import { runConfigCli } from "../config/cli";
import { runDbCli } from "../db/cli";
import { runCli } from "./cli";

/** `npx checkstack …` (server/bin/checkstack.js runs this with the repository's Bun); `checkstack db …` is the database setup; `apply` and `export` are configuration as code. */
const args = process.argv.slice(2);
const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
};
const exitCode =
  args[0] === "db"
    ? await runDbCli(args.slice(1), process.env, io)
    : args[0] === "apply" || args[0] === "export"
      ? await runConfigCli(args, process.env, io)
      : await runCli(args, process.env, io);
process.exit(exitCode);
