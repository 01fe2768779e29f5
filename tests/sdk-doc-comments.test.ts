/**
 * The SDK reads like documentation: every symbol exported by
 * @checkstack/backend-api and @checkstack/common carries a doc comment
 * (found with the TypeScript compiler, as editors show it on hover).
 */
import { describe, expect, test } from "bun:test";
import { join, relative } from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../server/src/platform-env";

const ENTRIES = {
  "@checkstack/backend-api": join(REPO_ROOT, "server/sdk/backend-api/src/index.ts"),
  "@checkstack/common": join(REPO_ROOT, "server/sdk/common/src/index.ts"),
};

/** Exported names whose declarations have no doc comment, as "package: name (file)". */
export function undocumentedExports(entries: Record<string, string>): string[] {
  const program = ts.createProgram(Object.values(entries), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${entry} is not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.getDeclarations() ?? [];
      const documented =
        symbol.getDocumentationComment(checker).length > 0 ||
        declarations.some((declaration) => ts.getJSDocCommentsAndTags(declaration).length > 0);
      if (!documented) {
        const file = declarations[0]?.getSourceFile().fileName;
        missing.push(`${name}: ${exported.getName()}${file ? ` (${relative(REPO_ROOT, file)})` : ""}`);
      }
    }
  }
  return missing.sort();
}

describe("SDK doc comments", () => {
  test("every export of @checkstack/backend-api and @checkstack/common has a doc comment", () => {
    expect(undocumentedExports(ENTRIES)).toEqual([]);
    // A whole-program type check: seconds on a quiet machine, minutes on a loaded 2-core one.
  }, 300_000);
});
