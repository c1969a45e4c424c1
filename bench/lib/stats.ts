// Order statistics of repeated measurements: machines here are noisy, so figures are p50/p95 of many runs.

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of `values` (unsorted is fine). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    min: Math.min(...values),
    max: Math.max(...values),
    mean: values.reduce((sum, v) => sum + v, 0) / values.length,
  };
}

/** Pairwise differences of two series measured interleaved (run i of A next to run i of B). */
export function differences(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value - b[i]);
}
