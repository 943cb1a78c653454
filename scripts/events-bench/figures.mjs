// The pure parts of the event-stream benchmark: percentiles, and the edge's memory as /proc and jcmd print it.

/** The p-th percentile (0..100) of the numbers, nearest rank; NaN for none. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** The resident set size in KiB from the text of /proc/<pid>/status (VmRSS). */
export function rssKiB(status) {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error('no VmRSS line in /proc/<pid>/status');
  return Number(match[1]);
}

/**
 * The heap in use in KiB from `jcmd <pid> GC.heap_info`: the sum of the "used" of each heap or generation line
 * (G1: "garbage-first heap   total 65536K, used 23456K"; Serial, the edge's collector: "DefNew total …, used …K"
 * and "Tenured total …, used …K"; Parallel likewise). The indented "space" lines are parts of those and not added.
 */
export function heapUsedKiB(heapInfo) {
  const used = [...heapInfo.matchAll(/total\s+(?:reserved\s+)?\d+K,\s+(?:committed\s+\d+K,\s+)?used\s+(\d+)K/g)];
  if (used.length === 0) throw new Error('no "total ..., used ...K" line in the GC.heap_info output');
  return used.reduce((sum, match) => sum + Number(match[1]), 0);
}

/** Cost per stream in KiB between two measurements, to one decimal. */
export function perStream(beforeKiB, afterKiB, streams) {
  if (streams <= 0) return NaN;
  return Math.round(((afterKiB - beforeKiB) / streams) * 10) / 10;
}
