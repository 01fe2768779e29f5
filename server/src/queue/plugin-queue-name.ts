import { InputError } from "@checkstack/backend-api";
import { assertQueueName, deadLetterQueueName } from "../messaging/queue-names";

const DEAD_LETTER_SUFFIX = ".dead";
/** Hook work queues are named "hook.<hook>.<plugin>.<group>"; a plugin called "hook" would share that namespace. */
const RESERVED_PLUGIN_IDS = new Set(["hook"]);

function refuse(name: unknown, reason: string): never {
  throw new InputError(`invalid queue name "${String(name).slice(0, 130)}": ${reason}`);
}

export function assertQueuePluginId(pluginId: string): void {
  if (RESERVED_PLUGIN_IDS.has(pluginId)) throw new Error(`plugin id "${pluginId}" is reserved and cannot use the job queue`);
}

/**
 * "<pluginId>.<name>", so plugins cannot reach each other's queues. Names
 * ending in ".dead" are refused: they would be another queue's dead letters.
 * The length limit leaves room for the dead-letter suffix.
 */
export function pluginQueueName(pluginId: string, name: unknown): string {
  if (typeof name !== "string") refuse(name, "must be a string");
  if (name.endsWith(DEAD_LETTER_SUFFIX)) refuse(name, `names ending in "${DEAD_LETTER_SUFFIX}" are reserved for dead letters`);
  const maxLength = 120 - DEAD_LETTER_SUFFIX.length - pluginId.length - 1;
  if (name.length > maxLength) refuse(name, `at most ${maxLength} characters for plugin "${pluginId}"`);
  assertQueueName(name);
  const full = `${pluginId}.${name}`;
  deadLetterQueueName(full);
  return full;
}
