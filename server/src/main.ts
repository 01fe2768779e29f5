import { createJsonLogger } from "./logging/json-logger";
import { stoppingAwareLogger } from "./logging/stopping-logger";
import { EnvError, readPlatformEnv } from "./platform-env";
import { watchParent } from "./parent-watch";
import { startServer } from "./server";

/** `npm start`: one platform instance, stopped cleanly by SIGINT or SIGTERM. */
async function main(): Promise<void> {
  let env;
  try {
    env = readPlatformEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  let stopping = false;
  const logger = stoppingAwareLogger(createJsonLogger({ level: env.logLevel, fields: { instanceId: env.instanceId } }), () => stopping);
  let server;
  try {
    server = await startServer(env, logger);
  } catch (error) {
    const inUse = error instanceof Error && "code" in error && error.code === "EADDRINUSE";
    logger.error(inUse ? `port ${env.port} is already in use; set PORT to a free one` : "could not start the HTTP server", { error });
    process.exit(1);
  }
  const onSignal = (signal: NodeJS.Signals | "parent exited") => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    // SIGTERM is how supervisors and orchestrators stop an instance behind a load balancer: drain first.
    // Ctrl-C (SIGINT) is someone at a terminal: stop at once.
    server.stop(signal, { drainMs: signal === "SIGTERM" ? env.shutdownDrainMs : 0 }).then(
      () => {
        // The last line of an orderly stop, so a supervisor's log shows it completed.
        logger.info("stopped", { signal });
        process.exit(0);
      },
      (error: unknown) => {
        logger.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // The platform stops with whatever launched it, even if that launcher could not pass a signal on.
  watchParent(() => onSignal("parent exited"));
  await server.booted.catch((error: unknown) => {
    logger.error("boot failed", { error });
    server.stop("boot failed").finally(() => process.exit(1));
  });
}

await main();
