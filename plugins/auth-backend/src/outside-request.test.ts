import { describe, expect, test } from "bun:test";
import { AsyncLocalStorage } from "node:async_hooks";
import { captureOutsideRequest } from "./outside-request";

describe("captureOutsideRequest", () => {
  test("work runs in the captured context, not the caller's (so not in its request scope)", async () => {
    const scope = new AsyncLocalStorage<string>();
    const outside = captureOutsideRequest();
    await scope.run("request-1", async () => {
      expect(scope.getStore()).toBe("request-1");
      const seen = await outside(async () => {
        await Bun.sleep(1);
        return scope.getStore();
      });
      expect(seen).toBeUndefined();
      // A lazy thenable (as drizzle's query builders are) runs when awaited: that too must be outside.
      let seenByThenable: string | undefined = "not run";
      const lazy: PromiseLike<string> = {
        then: (resolve, reject) => {
          seenByThenable = scope.getStore();
          return Promise.resolve("done").then(resolve, reject);
        },
      };
      expect(await outside(() => lazy)).toBe("done");
      expect(seenByThenable).toBeUndefined();
      // The caller's own context is untouched.
      expect(scope.getStore()).toBe("request-1");
    });
  });
});
