import { Alert } from "@mantine/core";

/** The server's reason a form was not saved, announced to screen readers; nothing while there is none. */
export function FormFailure(props: { failure: string | undefined }) {
  return props.failure ? (
    <Alert color="red" title="Not saved" role="alert">
      {props.failure}
    </Alert>
  ) : null;
}
