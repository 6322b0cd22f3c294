// The one table `npm run bench` prints: a row per contender of each case, its figure next to the
// floor of the same run, and the target from BENCH.md.

export interface Row {
  id: string;
  what: string;
  unit: string;
  median: number;
  min?: number;
  max?: number;
  /** The figure the target applies to (median ÷ floor, peer ÷ ours, …), with what it divides by. */
  ratio?: number;
  ratioOf?: string;
  target?: string;
  /** Whether the target is met; `undefined` for rows without a target. */
  met?: boolean;
}

export function printTable(rows: readonly Row[]): void {
  const header = ['case', 'contender', 'median', 'min', 'max', 'unit', 'ratio', 'of', 'target', 'met'];
  const body = rows.map((r) => [
    r.id,
    r.what,
    num(r.median),
    r.min === undefined ? '' : num(r.min),
    r.max === undefined ? '' : num(r.max),
    r.unit,
    r.ratio === undefined ? '' : r.ratio.toFixed(2),
    r.ratioOf ?? '',
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const cells of body) console.log(line(cells));
}

function num(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** `value ≤ limit` as a target check. */
export function atMost(limit: number): (ratio: number) => boolean {
  return (ratio) => ratio <= limit;
}

export function atLeast(limit: number): (ratio: number) => boolean {
  return (ratio) => ratio >= limit;
}
