import { defineConfig } from "drizzle-kit";

// The platform's own migrations. Each plugin has its own drizzle.config.ts.
export default defineConfig({
  schema: ["./server/src/database/platform-schema.ts", "./server/src/database/access-schema.ts"],
  dialect: "postgresql",
  out: "./migrations",
});
