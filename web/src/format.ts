// How cells are shown: numbers with grouping, dates as written, nulls as a dash.
import type { Cell } from "./api";

const numeric = new Set(["integer", "hugeint", "decimal", "double"]);
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const fraction = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateFormat = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

export const isNumeric = (type: string) => numeric.has(type);

export function formatCell(value: Cell, type: string): string {
  if (value === null) return "—";
  if (isNumeric(type)) {
    const n = typeof value === "number" ? value : Number(value);
    if (!Number.isFinite(n)) return String(value);
    if (type === "integer" || type === "hugeint") return whole.format(n);
    // Decimals keep two places, so a column's numbers line up.
    return type === "decimal" || !Number.isInteger(n) ? fraction.format(n) : whole.format(n);
  }
  if (type === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return dateFormat.format(new Date(`${value}T00:00:00Z`));
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

// A file's size as people read it: 512 B, 48 kB, 1.5 MB.
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${Math.round(bytes / 1024)} kB`;
  return `${+(bytes / 1048576).toFixed(1)} MB`;
}

// Groups conversations the way people remember them.
export function dateGroup(ms: number, now: number): "Today" | "Last 7 days" | "Older" {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  if (ms >= start.getTime()) return "Today";
  if (ms >= start.getTime() - 7 * 86400000) return "Last 7 days";
  return "Older";
}
