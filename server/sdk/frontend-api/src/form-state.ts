import { describeFailure } from "./api-errors";
import { useState } from "react";

/**
 * Pending state, the server's field errors and its message for one form. `run(action)` clears
 * both, awaits the action and answers whether it succeeded, so the caller closes or resets the
 * form only then; show `errors[field]` under each input and `failure` above them.
 */
export function useFormSubmit() {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setPending(true);
    setErrors({});
    setFailure(undefined);
    try {
      await action();
      return true;
    } catch (error) {
      const described = describeFailure(error);
      setErrors(described.fieldErrors);
      setFailure(described.message);
      return false;
    } finally {
      setPending(false);
    }
  };
  return { pending, errors, failure, run };
}
