import type { OperationType } from "@checkstack/common";

/** Path ("group/name") → operation type, as a contract declares them. */
export type ContractOperations = Record<string, OperationType>;

function collect(prefix: string[], node: unknown, into: ContractOperations): void {
  if (typeof node !== "object" || node === null) return;
  if ("~orpc" in node) {
    const meta = (node as { "~orpc": { meta?: { operationType?: OperationType } } })["~orpc"].meta;
    // The platform's default: a procedure that does not say may write.
    into[prefix.join("/")] = meta?.operationType ?? "mutation";
    return;
  }
  for (const [key, child] of Object.entries(node)) collect([...prefix, key], child, into);
}

/** The operation types of a contract object. */
export function operationsOf(contract: unknown): ContractOperations {
  const operations: ContractOperations = {};
  collect([], contract, operations);
  return operations;
}

async function loadOperations(specifier: string, exportName: string): Promise<ContractOperations> {
  const module = (await import(specifier)) as Record<string, unknown>;
  if (!(exportName in module)) throw new Error(`${specifier} exports no ${exportName}`);
  return operationsOf(module[exportName]);
}

/**
 * A Bun macro: `import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" }`.
 * Run when the frontend is bundled, it loads the contract (zod schemas and
 * all) on the server and inlines only its operation types, so browsers never
 * download the schemas. `specifier` is a package export ("@checkstack/notes-common/contract");
 * a relative one resolves from this file's folder.
 */
export function contractOperations(specifier: string, exportName: string): ContractOperations {
  // Bun awaits a macro's promise at bundle time and inlines the object: callers get the value, never a promise.
  return loadOperations(specifier, exportName) as unknown as ContractOperations;
}
