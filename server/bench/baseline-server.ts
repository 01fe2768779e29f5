/**
 * The RPC benchmark's baseline: the same row read by a bare Elysia route with
 * a plain pg query — no authentication, no access check, no row security.
 */
import { Elysia } from "elysia";
import { Pool } from "pg";

const pool = new Pool({ connectionString: process.env["DATABASE_URL"], max: 10 });
const app = new Elysia().get("/item/:id", async ({ params }) => {
  const result = await pool.query("SELECT id, name, description, created_at, updated_at FROM public.bench_items WHERE id = $1", [params.id]);
  return result.rows[0] ?? null;
});
const server = Bun.serve({ port: Number(process.env["PORT"]), hostname: "127.0.0.1", fetch: (request) => app.handle(request) });
process.stdout.write(`listening ${server.port}\n`);
process.on("SIGTERM", () => {
  void server.stop(true);
  void pool.end().then(() => process.exit(0));
});
