// The large results the crash writer stores: 1–5 MB, so a write spans many instants. Cheap to
// build (a fill plus markers), so the kills land on writes rather than on building values.
const built = new Map<number, { n: number; bytes: Buffer; text: string }>();

export function crashValue(n: number): { n: number; bytes: Buffer; text: string } {
  let value = built.get(n);
  if (value === undefined) {
    const size = 1_000_000 + ((n * 7919) % 5) * 1_000_000;
    const bytes = Buffer.alloc(size, (n * 37 + 11) & 0xff);
    for (let at = 0; at + 4 <= size; at += 65_536) bytes.writeUInt32LE(at ^ n, at);
    bytes.writeUInt32LE(n, size - 4);
    value = { n, bytes, text: `crash-${n}-`.repeat(1000) };
    built.set(n, value);
  }
  return value;
}
