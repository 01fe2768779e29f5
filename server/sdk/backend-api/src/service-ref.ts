/**
 * A typed handle to a service. The phantom member makes the type invariant in S,
 * so a dependency used as the wrong type is a compile error.
 */
export interface ServiceRef<S> {
  readonly id: string;
  readonly __service?: (service: S) => S;
}

/** Any service ref, whatever its service type: what dependency maps are made of. */
export interface AnyServiceRef {
  readonly id: string;
  readonly __service?: unknown;
}

export function createServiceRef<S>(id: string): ServiceRef<S> {
  return { id };
}

export type ServiceOf<R> = R extends ServiceRef<infer S> ? S : never;
