import { describeFailure } from "@checkstack/frontend-api";
import { useState } from "react";

/** Pending state, the server's field errors and its message for one form. */
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
