import { memo } from "react";
import { Link } from "react-router";
import type { HealthStatus } from "./api";
import type { DashboardSystem } from "./catalog-data";
import { LABELS } from "./status-badge";

/*
 * The dashboard's tiles, hundreds at a time: plain elements with class names
 * from one stylesheet (the theme's CSS variables), rather than a tree of
 * component-library components with inline styles per tile (a Card, Group,
 * Anchor, Badge and Text each made 500 systems take seconds to render).
 * Tiles out of view skip layout and paint (content-visibility), yet all stay
 * in the page for find-in-page and screen readers.
 */

const STYLESHEET = `
.cs-tiles { display: grid; gap: var(--mantine-spacing-xs); grid-template-columns: repeat(auto-fill, minmax(min(100%, 240px), 1fr)); }
.cs-tile { border: 1px solid var(--mantine-color-default-border); border-radius: var(--mantine-radius-md); padding: var(--mantine-spacing-sm);
  background: var(--mantine-color-body); content-visibility: auto; contain-intrinsic-size: auto 64px; }
.cs-tile-row { display: flex; justify-content: space-between; align-items: center; gap: var(--mantine-spacing-xs); }
.cs-tile-name { color: var(--mantine-color-anchor); font-weight: 600; font-size: var(--mantine-font-size-md); overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; text-decoration: none; min-width: 0; }
.cs-tile-name:hover, .cs-tile-name:focus-visible { text-decoration: underline; }
.cs-tile-since { font-size: var(--mantine-font-size-xs); color: var(--mantine-color-dimmed); margin: 0; }
.cs-pill { flex: none; font-size: 11px; line-height: 18px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.25px;
  padding: 0 8px; border-radius: 1000px; border: 1px solid transparent; }
.cs-pill[data-status="healthy"] { background: var(--mantine-color-green-filled); color: var(--mantine-color-white); }
.cs-pill[data-status="degraded"] { background: var(--mantine-color-yellow-filled); color: var(--mantine-color-black); }
.cs-pill[data-status="unhealthy"] { background: var(--mantine-color-red-filled); color: var(--mantine-color-white); }
.cs-pill[data-status="unknown"] { border-color: var(--mantine-color-gray-7); color: var(--mantine-color-gray-7); }
[data-mantine-color-scheme="dark"] .cs-pill[data-status="unknown"] { border-color: var(--mantine-color-dark-1); color: var(--mantine-color-dark-1); }
`;

// Added once, when the plugin's module is first imported (a plugin ships JavaScript only).
if (typeof document !== "undefined" && !document.getElementById("cs-tiles-style")) {
  const style = document.createElement("style");
  style.id = "cs-tiles-style";
  style.textContent = STYLESHEET;
  document.head.appendChild(style);
}

// One formatter for every tile: toLocaleString() builds a new one per call.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });

const SystemTile = memo(function SystemTile(props: { system: DashboardSystem }) {
  const { system } = props;
  const status: HealthStatus = system.status;
  return (
    <div className="cs-tile" data-testid="system-tile" data-system-name={system.name}>
      <div className="cs-tile-row">
        <Link to={`/systems/${system.id}`} className="cs-tile-name">
          {system.name}
        </Link>
        <span className="cs-pill" data-status={status}>
          {LABELS[status]}
        </span>
      </div>
      {system.since ? <p className="cs-tile-since">since {dateTime.format(system.since)}</p> : null}
    </div>
  );
});

export function TileGrid(props: { systems: DashboardSystem[] }) {
  return (
    <div className="cs-tiles">
      {props.systems.map((system) => (
        <SystemTile key={system.id} system={system} />
      ))}
    </div>
  );
}
