// 1-based line and column of an offset, counting line terminators as both front ends do:
// `\r\n`, `\n`, `\r`, U+2028 and U+2029 each end a line.

export interface LineColumn {
  line: number;
  column: number;
}

export function lineColumn(source: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    const c = source[i];
    if (c === '\r' && source[i + 1] === '\n') continue;
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
