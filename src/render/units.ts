import type { Unit } from "../estimator/request.js";

/** Decimal gigabytes, as the seed document counts them (10^9 bytes). */
export const GB = 1e9;
export const GiB = 2 ** 30;

/** "18.0 GB", "850 MB", "1.23 TB"; in binary units "16.8 GiB", "811 MiB". */
export function formatBytes(bytes: number, unit: Unit = "GB"): string {
  if (unit === "GiB") return formatBinary(bytes);
  if (bytes >= 1e12) return `${(bytes / 1e12).toFixed(2)} TB`;
  if (bytes >= 10 * GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= GB) return `${(bytes / GB).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${Math.round(bytes)} B`;
}

function formatBinary(bytes: number): string {
  if (bytes >= 2 ** 40) return `${(bytes / 2 ** 40).toFixed(2)} TiB`;
  if (bytes >= 10 * GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(2)} GiB`;
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${Math.round(bytes)} B`;
}

/** 7.615e9 → "7.62B" */
export function formatCount(n: number): string {
  if (n >= 1e12) return `${(n / 1e12).toFixed(2)}T`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return `${Math.round(n)}`;
}

/** 7178 → "7.0k", 8192 → "8k", 900 → "900": a limit found by search, read at a glance (k = 1024, as "4k"). */
export function formatTokensShort(n: number): string {
  if (n < 1024) return `${n}`;
  if (n % 1024 === 0) return formatTokens(n);
  return n >= 100 * 1024 ? `${Math.round(n / 1024)}k` : `${(n / 1024).toFixed(1)}k`;
}

/** 2048 → "2k", 131072 → "128k", 1000 → "1000" */
export function formatTokens(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)}M`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}k`;
  return `${n}`;
}
