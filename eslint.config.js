import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // .build folders hold the web application as bundled at start: generated, not source.
  { ignores: ["**/node_modules/**", ".data/**", "**/drizzle/meta/**", "migrations/meta/**", "**/.build/**", "test-artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "error",
    },
  },
  {
    // Tests and their helpers may stub with loose types, as the plugin guide's own router test does,
    // and may print diagnostics.
    files: ["**/*.test.ts", "tests/**/*.ts", "**/type-tests/**/*.ts", "**/*-test-stack.ts", "server/sdk/test-utils/**/*.ts", "server/bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "no-console": "off" },
  },
  {
    // Plugin code may leave destructured handler arguments unused, as the plugin guide's samples do
    // (`async ({ pluginId, key, value }) => { ... }` documents the payload). The platform keeps the stricter rule.
    files: ["plugins/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-vars": ["error", { args: "none", varsIgnorePattern: "^_" }] },
  },
);
