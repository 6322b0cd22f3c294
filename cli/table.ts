// Plain-text tables: a header row, body rows, and an optional footer under a rule. Columns are
// as wide as their widest cell; numbers align right.

export interface Column {
  title: string;
  align?: 'left' | 'right';
}

const GAP = '  ';

export function renderTable(columns: Column[], rows: string[][], footer: string[][] = []): string {
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...rows.map((row) => (row[i] ?? '').length), ...footer.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        return column.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join(GAP)
      .trimEnd();
  const out = [line(columns.map((column) => column.title)), ...rows.map(line)];
  if (footer.length > 0) {
    out.push('-'.repeat(widths.reduce((sum, width) => sum + width, 0) + GAP.length * (widths.length - 1)));
    out.push(...footer.map(line));
  }
  return `${out.join('\n')}\n`;
}
