import { InputError, isDomainError, type InputIssue } from "@checkstack/backend-api";

/** A field's place in the file as people write it: `checks[3].config.url`. */
export function filePath(segments: ReadonlyArray<PropertyKey>): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === "number") return `${path}[${segment}]`;
    const key = String(segment);
    return path ? `${path}.${key}` : key;
  }, "");
}

/** Issue paths as the SDK writes them ("config.url", "systemIds.0") turned into file paths below `base`. */
function underBase(base: string, issuePath: string): string {
  if (!issuePath) return base;
  return filePath([base, ...issuePath.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part))]);
}

/** One InputError listing every issue, its message naming the first few with their file paths. */
export function fileInputError(issues: ReadonlyArray<InputIssue>): InputError {
  const shown = issues.slice(0, 3).map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return new InputError(`${shown.join("; ")}${more}`, { issues: [...issues] });
}

/**
 * An error a section raised while applying the resource at `base` (`checks[3]`), re-raised naming
 * that place: input errors get their field paths below it; other domain errors keep their kind.
 */
export function atFilePath(error: unknown, base: string): unknown {
  if (error instanceof InputError || (isDomainError(error) && error.code === "BAD_REQUEST" && "issues" in error)) {
    const issues = (error as InputError).issues;
    const placed = issues.length > 0 ? issues.map((issue) => ({ path: underBase(base, issue.path), message: issue.message })) : [{ path: base, message: error.message }];
    // An issue without a path carries the whole message; one with a path carries only its own.
    return fileInputError(placed);
  }
  if (isDomainError(error)) {
    error.message = `${base}: ${error.message}`;
    return error;
  }
  return error;
}
