import type { SecretService } from "@checkstack/backend-api";
import type { SecretCipher } from "./secret-box";
import { formatPath, openSecrets, redactSecrets, sealSecrets, type FieldPath } from "./secret-fields";

/** The plugin-facing secret sealing, over the same cipher and field walk as the ConfigService. */
export function createSecretService(cipher: SecretCipher): SecretService {
  const bound = (context: string, path: FieldPath) => `${context}:${formatPath(path)}`;
  return {
    seal: (schema, value, context) => sealSecrets(schema, value, (plain, path) => cipher.encrypt(plain, bound(context, path))),
    open: (value, context) => openSecrets(value, (sealed, path) => cipher.decrypt(sealed, bound(context, path))),
    redact: (schema, value) => redactSecrets(schema, value),
  };
}
