import { useMutation, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import type { ProcedureUtils } from "@orpc/tanstack-query";
import type { ClientContext } from "@orpc/client";
import { operationTypeOf } from "./contract-api";
import { describeFailure } from "./api-errors";

/** Notifications without a title keep full-contrast text; the close button needs a name. */
const CLOSE_LABEL = { "aria-label": "Close notification" };

type AnyProcedureUtils<I, O> = ProcedureUtils<ClientContext, I, O, Error>;

function pathOf(leaf: { queryKey: (...args: never[]) => unknown } | object): readonly string[] {
  const key = (leaf as { key: () => [readonly string[], unknown] }).key();
  return key[0];
}

function requireOperation(leaf: object, expected: "query" | "mutation"): void {
  const path = pathOf(leaf);
  const declared = operationTypeOf(path);
  if (declared !== undefined && declared !== expected) {
    throw new Error(`${path.join("/")} is a ${declared} in its contract; use ${declared === "query" ? "useApiQuery" : "useApiMutation"}`);
  }
}

/**
 * Reads through a contract procedure declared `operationType: "query"`.
 * Pass `enabled: false` to wait (for example until an id is known).
 */
export function useApiQuery<I, O>(
  leaf: AnyProcedureUtils<I, O>,
  input: I,
  options: { enabled?: boolean; refetchInterval?: number } = {},
): UseQueryResult<O, Error> {
  requireOperation(leaf, "query");
  const queryOptions = (leaf.queryOptions as (options: { input: I }) => Parameters<typeof useQuery<O, Error, O>>[0])({ input });
  return useQuery<O, Error, O>({ ...queryOptions, ...options });
}

export interface ApiMutationOptions<O> {
  /** Shown as a success notification; none when omitted. */
  success?: string | ((output: O) => string);
  onSuccess?: (output: O) => void;
  /** Errors are shown as a notification unless the screen shows them itself. */
  notifyErrors?: boolean;
}

/**
 * Writes through a contract procedure declared `operationType: "mutation"`.
 * On success every cached read is refreshed (a change in one plugin often
 * shows in another's screens); failures show the server's message.
 */
export function useApiMutation<I, O>(leaf: AnyProcedureUtils<I, O>, options: ApiMutationOptions<O> = {}) {
  requireOperation(leaf, "mutation");
  const queryClient = useQueryClient();
  return useMutation<O, Error, I>({
    ...leaf.mutationOptions(),
    onSuccess: async (output) => {
      const message = typeof options.success === "function" ? options.success(output) : options.success;
      if (message) notifications.show({ color: "green", message, closeButtonProps: CLOSE_LABEL });
      options.onSuccess?.(output);
      await queryClient.invalidateQueries();
    },
    onError: (error) => {
      if (options.notifyErrors === false) return;
      notifications.show({ color: "red", message: `Failed: ${describeFailure(error).message}`, closeButtonProps: CLOSE_LABEL, autoClose: 10_000 });
    },
  });
}
