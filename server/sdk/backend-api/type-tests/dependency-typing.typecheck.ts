/**
 * Compile-time checks of registerInit's dependency typing. `npm run typecheck`
 * fails if any @ts-expect-error below stops being an error, so these lines
 * prove that mistakes in declaring or using dependencies do not compile.
 */
import { coreServices, createBackendPlugin, createServiceRef } from "@checkstack/backend-api";

interface Clock {
  now(): number;
}
const clockRef = createServiceRef<Clock>("test.clock");

export const wellTyped = createBackendPlugin({
  metadata: { pluginId: "typing-ok" },
  register(env) {
    env.registerInit({
      deps: { logger: coreServices.logger, clock: clockRef },
      init: async ({ logger, clock, database }) => {
        const millis: number = clock.now();
        logger.info("ready", { millis });
        void database;
      },
    });
  },
});

export const missingDependency = createBackendPlugin({
  metadata: { pluginId: "typing-missing" },
  register(env) {
    env.registerInit({
      // @ts-expect-error: there is no core service called "scheduler"
      deps: { scheduler: coreServices.scheduler },
      init: async () => undefined,
    });
  },
});

export const wrongType = createBackendPlugin({
  metadata: { pluginId: "typing-wrong" },
  register(env) {
    env.registerInit({
      deps: { logger: coreServices.logger, clock: clockRef },
      init: async ({ logger, clock }) => {
        // @ts-expect-error: a Logger has no registerRouter
        logger.registerRouter({});
        // @ts-expect-error: Clock.now() returns a number, not a string
        const text: string = clock.now();
        void text;
      },
    });
  },
});

export const undeclared = createBackendPlugin({
  metadata: { pluginId: "typing-undeclared" },
  register(env) {
    env.registerInit({
      deps: { logger: coreServices.logger },
      // @ts-expect-error: rpc is used but was not declared in deps
      init: async ({ rpc }) => {
        void rpc;
      },
    });
  },
});

// A service registered under a ref must match the ref's type.
export const wrongImpl = createBackendPlugin({
  metadata: { pluginId: "typing-impl" },
  register(env) {
    // @ts-expect-error: now() must return a number
    env.registerService(clockRef, { now: () => "noon" });
  },
});
