import { randomBytes } from "node:crypto";
import type { ConfigService } from "@checkstack/backend-api";
import { withClusterLock } from "./cluster-lock";
import { apiKeySecretConfig } from "./config";
import type { AuthDatabase } from "./database";

/**
 * The cluster's API-key HMAC secret: read from the config service, or created
 * by the first instance that finds none. The lock makes the others wait and
 * read that one, so every instance hashes keys with the same secret.
 */
export async function loadApiKeySecret(database: AuthDatabase, config: ConfigService): Promise<Buffer> {
  const stored = await config.get(apiKeySecretConfig);
  if (stored) return Buffer.from(stored.secret, "hex");
  return withClusterLock(database, "api-key-secret", async () => {
    const again = await config.get(apiKeySecretConfig);
    if (again) return Buffer.from(again.secret, "hex");
    const secret = randomBytes(32);
    await config.set(apiKeySecretConfig, { secret: secret.toString("hex") });
    return secret;
  });
}
