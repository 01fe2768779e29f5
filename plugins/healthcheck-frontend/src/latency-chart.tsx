import { useComputedColorScheme } from "@mantine/core";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const PALETTE = ["#0ca678", "#1c7ed6", "#f59f00", "#e8590c", "#7048e8", "#d6336c"];

export interface LatencyBucket {
  checkId: string;
  bucket: Date;
  latencyP95: number | null;
}

/** p95 latency per check and hour, from the rollups. */
export function LatencyChart(props: { buckets: LatencyBucket[]; checkNames: Map<string, string> }) {
  const dark = useComputedColorScheme("light") === "dark";
  const checkIds = [...new Set(props.buckets.map((bucket) => bucket.checkId))];
  const rows = new Map<number, Record<string, number | null>>();
  for (const bucket of props.buckets) {
    const time = bucket.bucket.getTime();
    const row = rows.get(time) ?? { time };
    row[bucket.checkId] = bucket.latencyP95;
    rows.set(time, row);
  }
  const data = [...rows.values()].sort((a, b) => Number(a["time"]) - Number(b["time"]));
  const axis = dark ? "#adb5bd" : "#495057";
  return (
    <div role="img" aria-label={`Latency (p95, ms) of ${checkIds.length} checks over ${data.length} hours`} style={{ width: "100%", height: 260 }}>
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={dark ? "#373a40" : "#dee2e6"} />
          <XAxis dataKey="time" type="number" domain={["dataMin", "dataMax"]} scale="time" stroke={axis} tickFormatter={(time: number) => new Date(time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} />
          <YAxis stroke={axis} unit=" ms" width={70} />
          <Tooltip labelFormatter={(time) => new Date(Number(time)).toLocaleString()} formatter={(value) => [`${String(value)} ms`]} />
          <Legend />
          {checkIds.map((checkId, index) => (
            <Line key={checkId} type="monotone" dataKey={checkId} name={props.checkNames.get(checkId) ?? checkId} stroke={PALETTE[index % PALETTE.length]} dot={false} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
