// The closing table of a run.
export function table(title: string, rows: [string, string | number][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  const v = Math.max(...rows.map(([, x]) => String(x).length));
  return [title, ...rows.map(([k, x]) => `  ${k.padEnd(w)}  ${String(x).padStart(v)}`)].join('\n') + '\n';
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export const perSecond = (n: number, ms: number): string => (ms > 0 ? `${Math.round((n * 1000) / ms)}/s` : '-');
