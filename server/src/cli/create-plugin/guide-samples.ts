/**
 * Pulls the TypeScript samples out of a markdown guide and maps compiler
 * errors back to the guide's lines. The convention samples follow is
 * documented in plugin-authors-guide.test.ts, which uses this.
 */

export interface Sample {
  /** 1-based line of the opening fence in the markdown. */
  fenceLine: number;
  /** Where the sample is written, relative to the samples folder. */
  path: string;
  code: string;
}

/** Languages compiled; other fences (bash, json, sql, text, mermaid) are prose as far as the test is concerned. */
const COMPILED = new Set(["ts", "typescript"]);
const FILE_DIRECTIVE = /^\/\/\s*file:\s*(\S+)\s*$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;

/** Relative, inside the samples folder, and a .ts file: a directive cannot write elsewhere. */
function checkedPath(path: string, line: number): string {
  if (path.startsWith("/") || path.split("/").includes("..") || !path.endsWith(".ts")) {
    throw new Error(`line ${line}: "// file: ${path}" must be a relative path to a .ts file inside the samples`);
  }
  return path;
}

export function extractSamples(markdown: string): Sample[] {
  const lines = markdown.split("\n");
  const samples: Sample[] = [];
  const paths = new Set<string>();
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? "");
    if (!open) continue;
    const [, indent = "", fence = "", language = ""] = open;
    const fenceLine = index + 1;
    const body: string[] = [];
    // A fence closes with the same character, at least as long, and nothing after it.
    const close = new RegExp(`^\\s*${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`);
    for (index++; index < lines.length && !close.test(lines[index] ?? ""); index++) {
      const line = lines[index] ?? "";
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    if (index >= lines.length) throw new Error(`line ${fenceLine}: code block is never closed`);
    if (!COMPILED.has(language.toLowerCase())) continue;
    const directive = FILE_DIRECTIVE.exec(body[0] ?? "");
    const path = directive?.[1] ? checkedPath(directive[1], fenceLine + 1) : `block-${String(fenceLine).padStart(4, "0")}.ts`;
    if (paths.has(path)) throw new Error(`line ${fenceLine}: a second sample for "${path}"`);
    paths.add(path);
    // The directive line stays in the file, so line n of the file is line fenceLine + n of the guide.
    samples.push({ fenceLine, path, code: `${body.join("\n")}\n` });
  }
  return samples;
}

/**
 * Import names for samples that stand for a package's entry point:
 * `notes-common/src/index.ts` is importable as `@checkstack/notes-common`,
 * as a plugin's backend imports its common package.
 */
export function packagePaths(samples: ReadonlyArray<Sample>): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const sample of samples) {
    const match = /^([a-z0-9-]+)\/src\/index\.ts$/.exec(sample.path);
    if (match?.[1]) paths[`@checkstack/${match[1]}`] = [`./${sample.path}`];
  }
  return paths;
}

export interface GuideError {
  guideLine: number;
  message: string;
}

const TSC_ERROR = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/;

/** `tsc --pretty false` output -> errors at guide lines; lines tsc wrote about other files are kept as they are. */
export function mapCompilerOutput(output: string, samples: ReadonlyArray<Sample>): Array<GuideError | string> {
  const byPath = new Map(samples.map((sample) => [sample.path, sample]));
  const mapped: Array<GuideError | string> = [];
  for (const line of output.split("\n")) {
    if (line.trim() === "") continue;
    const match = TSC_ERROR.exec(line);
    const sample = match?.[1] ? byPath.get(match[1].replace(/^\.\//, "")) : undefined;
    if (match && sample) mapped.push({ guideLine: sample.fenceLine + Number(match[2]), message: match[3] ?? line });
    else if (/^\s/.test(line) && mapped.length > 0) {
      // A continuation of the previous message (tsc indents the details of long errors).
      const last = mapped[mapped.length - 1];
      if (typeof last === "object" && last !== null) last.message += `\n${line}`;
      else mapped.push(line);
    } else mapped.push(line);
  }
  return mapped;
}
