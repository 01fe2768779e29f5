/**
 * The one access decision. In the running platform it is answered by SQL
 * functions (the same ones row-level security uses); tests may supply their own.
 * Rule ids here are always fully qualified ("myfeature.item.read").
 */
export interface AccessDecider {
  /** True when the principal holds every rule, and, if a resource is named, may use each on it. */
  allows(request: AccessRequest): Promise<boolean>;
  /** The subset of ids the principal may use the rule on. */
  permittedIds(request: { rule: string; resourceType: string; ids: ReadonlyArray<string> }): Promise<ReadonlySet<string>>;
}

/** Rules (fully qualified ids) the principal must all hold, optionally on one resource. */
export interface AccessRequest {
  rules: ReadonlyArray<string>;
  resource?: { type: string; id: string };
}

/** A decider that admits nothing: used where no decision can be verified. */
export const denyAllAccessDecider: AccessDecider = {
  allows: async () => false,
  permittedIds: async () => new Set<string>(),
};
