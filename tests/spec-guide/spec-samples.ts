import { extractSamples, type Sample } from "../../server/src/cli/create-plugin/guide-samples";

/**
 * The TypeScript samples of the spec's plugin guide. The markdown gives the
 * fences; the rendered text is what readers see, so where a sample's code
 * differs between the two, the rendered text wins (it lost the indentation,
 * which TypeScript does not need).
 */
export interface SpecSample extends Sample {
  /** The markdown's code was replaced by the rendered text's. */
  fromRendered: boolean;
}

const normalise = (line: string) => line.replace(/\s+/g, " ").trim();

export function specSamples(markdown: string, rendered: string): SpecSample[] {
  const renderedLines = rendered.split("\n");
  const normalisedRendered = renderedLines.map(normalise);
  let cursor = 0;
  return extractSamples(markdown).map((sample) => {
    const code = sample.code.split("\n").map(normalise).filter((line) => line !== "");
    const [first, last] = [code[0], code[code.length - 1]];
    if (!first || !last) throw new Error(`guide line ${sample.fenceLine}: an empty sample`);
    // The renderer sometimes glues the prose before a sample onto its first line.
    let start = normalisedRendered.findIndex((line, index) => index >= cursor && line.endsWith(first));
    // Each markdown line in order, a few rendered lines apart at most: rendered lines between them are
    // the rendered text's own additions, a markdown line not found nearby was replaced in the rendered text.
    let end = start;
    let matchedLast = code.length === 1;
    for (const [position, line] of code.slice(1).entries()) {
      const found = normalisedRendered.findIndex((candidate, index) => index > end && index <= end + 4 && candidate === line);
      if (found >= 0) end = found;
      matchedLast = found >= 0 && position === code.length - 2;
    }
    if (start < 0 || !matchedLast) throw new Error(`guide line ${sample.fenceLine}: the sample is not found in the rendered guide`);
    // The rendered text drops the headings and fences, so where a sample starts is found by its first
    // line; import lines just above it that the markdown lacks belong to the rendered sample.
    while (start - 1 >= cursor && /^import\s/.test(normalisedRendered[start - 1] ?? "") && !code.includes(normalisedRendered[start - 1] ?? "")) start--;
    cursor = end + 1;
    const renderedCode = renderedLines.slice(start, end + 1);
    const glued = normalisedRendered[start] ?? "";
    if (glued !== first && glued.endsWith(first)) renderedCode[0] = first;
    const same = renderedCode.map(normalise).filter((line) => line !== "").join("\n") === code.join("\n");
    return same ? { ...sample, fromRendered: false } : { ...sample, code: `${renderedCode.join("\n")}\n`, fromRendered: true };
  });
}
