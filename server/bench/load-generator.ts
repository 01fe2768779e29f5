import { summarise } from "./bench-stats";

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Keeps `concurrency` requests in flight for `seconds`, after a warm-up; every non-200 counts as an error. */
export async function generateLoad(send: () => Promise<Response>, options: { seconds: number; concurrency: number; warmupSeconds?: number }): Promise<LoadResult> {
  const run = async (seconds: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline) {
          const started = performance.now();
          const response = await send();
          await response.arrayBuffer();
          if (response.status !== 200) errors++;
          if (record) latencies.push(performance.now() - started);
        }
      }),
    );
    return { latencies, errors };
  };
  await run(options.warmupSeconds ?? 1, false);
  const started = performance.now();
  const { latencies, errors } = await run(options.seconds, true);
  const elapsed = (performance.now() - started) / 1000;
  const stats = summarise(latencies);
  return { requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50: stats.p50, p99: stats.p99 };
}
