/**
 * A refusal the user can act on (bad name, name taken, drizzle-kit missing):
 * printed as its message alone, without a stack, with a non-zero exit.
 */
export class CreatePluginError extends Error {
  override name = "CreatePluginError";
}
