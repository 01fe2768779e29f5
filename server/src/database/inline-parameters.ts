import { escapeLiteral } from "pg";
// pg's own conversion of JS values to the text it sends as parameters.
import pgUtils from "pg/lib/utils.js";

const { prepareValue } = pgUtils;

/**
 * Writes a parameterised statement's values into its text as quoted literals,
 * so it can travel in one simple-protocol message with other statements (the
 * scope's BEGIN and settings): one round trip instead of two or three. Quoted
 * literals are of unknown type, so Postgres infers each from its context as it
 * would for a parameter. Returns undefined when a value cannot be written as
 * text (binary data): the caller then sends the statement on its own.
 */
export function inlineParameters(text: string, values: ReadonlyArray<unknown> | undefined): string | undefined {
  if (!values || values.length === 0) return text;
  const literals: string[] = [];
  for (const value of values) {
    const prepared = prepareValue(value);
    if (prepared === null || prepared === undefined) literals.push("NULL");
    else if (typeof prepared === "string") literals.push(escapeLiteral(prepared));
    else return undefined;
  }
  let out = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? "";
    // Copy quoted strings, identifiers and dollar-quoted bodies untouched: a "$1" inside them is not a parameter.
    if (char === "'" || char === '"') {
      const end = closingQuote(text, index, char);
      out += text.slice(index, end);
      index = end;
      continue;
    }
    if (char === "$") {
      const match = /^\$(\d+)/.exec(text.slice(index));
      if (match?.[1]) {
        const literal = literals[Number(match[1]) - 1];
        if (literal === undefined) return undefined;
        out += literal;
        index += match[0].length;
        continue;
      }
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(index))?.[0];
      if (tag) {
        const end = text.indexOf(tag, index + tag.length);
        if (end < 0) return undefined;
        out += text.slice(index, end + tag.length);
        index = end + tag.length;
        continue;
      }
    }
    out += char;
    index++;
  }
  return out;
}

function closingQuote(text: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < text.length) {
    if (text[index] === quote) {
      if (text[index + 1] === quote) index += 2;
      else return index + 1;
    } else index++;
  }
  return text.length;
}
