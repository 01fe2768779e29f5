import { describe, expect, test } from "bun:test";
import { isDomainError, type DomainError } from "@checkstack/backend-api";
import { useAuthTestStack } from "./auth-test-stack";
import { LoginRateLimiter } from "./rate-limiter";
import { inline } from "./outside-request";

const stack = useAuthTestStack();
const policy = { windowSeconds: 900, maxPerAccount: 3, maxPerAddress: 5 };
let sequence = 0;
const fresh = () => ({ email: `rl-${++sequence}@example.com`, clientAddress: `10.0.0.${sequence}` });

async function refusal(attempt: Promise<unknown>): Promise<DomainError | undefined> {
  try {
    await attempt;
    return undefined;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}

describe("LoginRateLimiter", () => {
  const limiter = () => new LoginRateLimiter(stack.current.database, inline, policy);

  test("allows up to the account limit, then refuses with a retry-after hint", async () => {
    const source = fresh();
    for (let i = 0; i < 3; i++) expect(await refusal(limiter().admit(source))).toBeUndefined();
    const refused = await refusal(limiter().admit(source));
    expect(refused?.code).toBe("TOO_MANY_REQUESTS");
    expect(refused?.code).toBe("TOO_MANY_REQUESTS");
    const seconds = (refused?.data as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(seconds).toBeGreaterThan(890);
    expect(seconds).toBeLessThanOrEqual(900);
    expect(refused?.message).toContain("15 minutes");
  });

  test("a success clears the account and gives the address its attempt back", async () => {
    const source = fresh();
    await limiter().admit(source);
    await limiter().admit(source);
    expect(await limiter().counts(source)).toEqual({ account: 2, address: 2 });
    await limiter().admit(source);
    await limiter().succeeded(source);
    expect(await limiter().counts(source)).toEqual({ account: 0, address: 2 });
  });

  test("the address limit spans accounts", async () => {
    const address = "192.0.2.77";
    for (let i = 0; i < 5; i++) expect(await refusal(limiter().admit({ email: `spray-${i}@example.com`, clientAddress: address }))).toBeUndefined();
    expect((await refusal(limiter().admit({ email: "spray-new@example.com", clientAddress: address })))?.code).toBe("TOO_MANY_REQUESTS");
    // Another address may still try that account.
    expect(await refusal(limiter().admit({ email: "spray-new@example.com", clientAddress: "192.0.2.78" }))).toBeUndefined();
  });

  test("without a client address only the account is limited", async () => {
    const source = { email: `no-address-${++sequence}@example.com`, clientAddress: undefined };
    for (let i = 0; i < 3; i++) await limiter().admit(source);
    expect((await refusal(limiter().admit(source)))?.code).toBe("TOO_MANY_REQUESTS");
  });

  test("a window that has ended starts over", async () => {
    const source = fresh();
    for (let i = 0; i < 4; i++) await refusal(limiter().admit(source));
    expect((await refusal(limiter().admit(source)))?.code).toBe("TOO_MANY_REQUESTS");
    // Age the windows past their end, as 15 minutes would.
    await stack.current.pool.query("UPDATE plugin_auth.login_failures SET window_start = window_start - interval '901 seconds'");
    expect(await refusal(limiter().admit(source))).toBeUndefined();
    expect(await limiter().counts(source)).toEqual({ account: 1, address: 1 });
  });

  test("parallel attempts cannot overtake the limit", async () => {
    const source = fresh();
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => refusal(limiter().admit(source))));
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome?.code === "TOO_MANY_REQUESTS")).toHaveLength(9);
  });

  test("prune removes ended windows only", async () => {
    const source = fresh();
    await limiter().admit(source);
    await stack.current.pool.query("UPDATE plugin_auth.login_failures SET window_start = now() - interval '1 hour'");
    const live = fresh();
    await limiter().admit(live);
    expect(await limiter().prune()).toBeGreaterThan(0);
    const remaining = await stack.current.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM plugin_auth.login_failures");
    expect(remaining.rows[0]?.n).toBe(2);
  });
});
