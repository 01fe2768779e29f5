import { defineConfig, secret } from "@checkstack/backend-api";
import { z } from "zod";

/** Off unless an admin turns it on: the platform is not open to whoever finds it. */
export const registrationConfig = defineConfig({
  key: "registration",
  version: 1,
  schema: z.object({ allowRegistration: z.boolean() }),
});

/**
 * The HMAC key for API keys: generated once per cluster, encrypted at rest by
 * the config service with the platform's secret key.
 */
export const apiKeySecretConfig = defineConfig({
  key: "api-key-secret",
  version: 1,
  schema: z.object({ secret: secret(z.string().regex(/^[0-9a-f]{64}$/, "64 hex characters")) }),
});
