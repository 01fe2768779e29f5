import { InputError } from "@checkstack/backend-api";

/**
 * pg-boss 11 writes queue names into SQL text and checks them with a pattern
 * that accepts any string containing one word character, so every name is
 * checked here before it reaches pg-boss.
 */
const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$/;

export function assertQueueName(name: string): string {
  if (!QUEUE_NAME.test(name)) {
    throw new InputError(`invalid queue name "${name.slice(0, 130)}": use 1-120 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  return name;
}

export function deadLetterQueueName(queue: string): string {
  return assertQueueName(`${queue}.dead`);
}
