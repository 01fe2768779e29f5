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

/**
 * Declares a service: its id (conventionally "<pluginId>.<service>") and, through S, its type. The providing
 * plugin calls registerService with it; others list it in registerInit's deps.
 */
export function createServiceRef<S>(id: string): ServiceRef<S> {
  return { id };
}

/** The service type a ref stands for. */
export type ServiceOf<R> = R extends ServiceRef<infer S> ? S : never;
