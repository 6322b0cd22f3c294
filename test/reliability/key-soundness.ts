// Key soundness, checked with fast-check against an oracle written independently of
// runtime/args-key.ts: `canon` maps a value to a JSON tree following SPEC §4's equality — object
// keys and Map/Set entries unordered, -0 ≠ 0, NaN = NaN, a hole ≠ undefined, typed arrays by type
// and bytes (Buffer ≠ Uint8Array ≠ ArrayBuffer), boxed primitives ≠ primitives, class instances by
// constructor name and own enumerable properties, trailing undefined arguments dropped.
import * as fc from 'fast-check';
import { types } from 'node:util';
import { argsKey, type KeySpec } from '../../runtime/args-key';

const PLAIN: KeySpec = { keyThis: false, ignored: [], ignoreRestFrom: Infinity, captureNames: [] };

/** The runtime's argsKey of a call with these arguments. */
export function keyOf(args: unknown[]): string {
  const encoded = argsKey(PLAIN, undefined, args, undefined);
  if (typeof encoded !== 'string') throw new Error(`unkeyable: ${encoded.path} is ${encoded.what}`);
  return encoded;
}

/** The oracle's identity of a call: equal strings exactly when the calls must share an entry. */
export function canonArgs(args: unknown[]): string {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return JSON.stringify(args.slice(0, end).map(canon));
}

type Tree = string | number | boolean | null | Tree[];

function canon(value: unknown): Tree {
  switch (typeof value) {
    case 'undefined':
      return ['undefined'];
    case 'boolean':
      return ['boolean', value];
    case 'number':
      return ['number', Object.is(value, -0) ? '-0' : String(value)];
    case 'bigint':
      return ['bigint', value.toString()];
    case 'string':
      return ['string', Array.from({ length: value.length }, (_, i) => value.charCodeAt(i))];
    case 'object':
      return value === null ? ['null'] : canonObject(value);
    default:
      throw new Error(`the generators never produce ${typeof value}`);
  }
}

function canonObject(value: object): Tree {
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return ['object', entries(value)];
  if (Array.isArray(value)) {
    const items: Tree[] = [];
    for (let i = 0; i < value.length; i++) items.push(i in value ? canon(value[i]) : ['hole']);
    return ['array', proto === Array.prototype ? '' : proto.constructor.name, items];
  }
  if (types.isBoxedPrimitive(value)) return ['boxed', canon((value as { valueOf(): unknown }).valueOf())];
  if (ArrayBuffer.isView(value)) return ['bytes', value.constructor.name, Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')];
  if (types.isAnyArrayBuffer(value)) return ['bytes', value.constructor.name, Buffer.from(value).toString('hex')];
  if (types.isDate(value)) return ['date', String(value.getTime())];
  if (types.isRegExp(value)) return ['regexp', value.source, value.flags];
  if (types.isMap(value)) return ['map', [...value].map(([k, v]) => JSON.stringify([canon(k), canon(v)])).sort()];
  if (types.isSet(value)) return ['set', [...value].map((v) => JSON.stringify(canon(v))).sort()];
  return ['instance', proto.constructor.name, entries(value)];
}

function entries(value: object): Tree {
  return Object.keys(value)
    .sort()
    .map((k) => [k, canon((value as Record<string, unknown>)[k])]);
}

class Point {
  constructor(
    readonly x: unknown,
    readonly y: unknown,
  ) {}
}
class Other {
  constructor(
    readonly x: unknown,
    readonly y: unknown,
  ) {}
}

// Small domains on purpose: equal and nearly equal values come up often, which is where a
// key format breaks.
const tricky = fc.constantFrom<unknown>(0, -0, NaN, 1, -1, 1.5, 1e21, Infinity, -Infinity, 2 ** 53, Number.MIN_VALUE, 0n, 1n, -1n, 2n ** 64n, true, false, null, undefined, '', '1', 'a', 'ab', ';', ':', 's1:a', '\0', '\ud800', '\udc00', 'é', 'e\u0301');
const text = fc.string({ unit: fc.constantFrom('a', 'b', ';', ':', '{', '[', 's', '1', '\0', '\ud800', 'é'), maxLength: 4 });
const bytes = fc.uint8Array({ maxLength: 6, max: 3 });
const bigBytes = fc.integer({ min: 0, max: 3 }).map((fill) => Buffer.alloc(300, fill));
const binary = fc.oneof(
  bytes.map((b) => Buffer.from(b)),
  bytes.map((b) => new Uint8Array(b)),
  bytes.map((b) => new Int8Array(b)),
  bytes.map((b) => new Uint8Array(b).buffer),
  bytes.map((b) => new DataView(new Uint8Array(b).buffer)),
  bigBytes,
  bigBytes.map((b) => new Uint8Array(b)),
);

const { value: valueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tricky,
    text,
    binary,
    fc.integer({ min: -1, max: 2 }).map((t) => new Date(t === 2 ? NaN : t)),
    fc.constantFrom(/a/, /a/g, /b/, new RegExp('a', 'gi')),
    fc.constantFrom<unknown>(Object(1), Object('1'), Object(true), Object(1n), Object(-0)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.sparseArray(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 2 }).map((o) => Object.assign(Object.create(null) as object, o)),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((pairs) => new Map(pairs)),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => new Set(items)),
    fc.tuple(tie('value'), tie('value'), fc.boolean()).map(([x, y, point]) => (point ? new Point(x, y) : new Other(x, y))),
  ),
}));

const argsArb = fc.array(valueArb, { maxLength: 3 });

/** A structurally equal copy built differently: other key and entry orders, other buffers and offsets. */
function variant(value: unknown, flip: () => boolean): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const copy = Object.create(proto) as Record<string, unknown>;
    const keys = Object.keys(value);
    if (flip()) keys.reverse();
    for (const k of keys) {
      Object.defineProperty(copy, k, { value: variant((value as Record<string, unknown>)[k], flip), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) if (i in value) copy[i] = variant(value[i], flip);
    return copy;
  }
  if (types.isMap(value)) {
    const pairs = [...value].map(([k, v]) => [variant(k, flip), variant(v, flip)] as const);
    return new Map(flip() ? pairs.reverse() : pairs);
  }
  if (types.isSet(value)) {
    const items = [...value].map((v) => variant(v, flip));
    return new Set(flip() ? items.reverse() : items);
  }
  if (Buffer.isBuffer(value)) {
    const padded = Buffer.alloc(value.length + 5);
    value.copy(padded, 3);
    return padded.subarray(3, 3 + value.length);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const ctor = value.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => ArrayBufferView;
    const size = (value as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    const backing = new ArrayBuffer(value.byteLength + 2 * size);
    new Uint8Array(backing, size, value.byteLength).set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return new ctor(backing, size, value.byteLength / size);
  }
  if (value instanceof Point) return new Point(variant(value.x, flip), variant(value.y, flip));
  if (value instanceof Other) return new Other(variant(value.x, flip), variant(value.y, flip));
  return value;
}

export interface KeyCounts {
  pairs: number;
  variants: number;
  distinctValues: number;
  collisions: number;
  splits: number;
}

/**
 * Runs the properties with `runs` samples each (sets of up to 60 argument lists for the
 * collision check); returns counts, throwing fast-check's report on the first counterexample.
 */
export function runKeySoundness(runs: number, seed?: number): KeyCounts {
  const counts: KeyCounts = { pairs: 0, variants: 0, distinctValues: 0, collisions: 0, splits: 0 };
  const settings = { numRuns: runs, ...(seed === undefined ? {} : { seed }) };
  fc.assert(
    fc.property(argsArb, fc.infiniteStream(fc.boolean()), (args, flips) => {
      const it = flips[Symbol.iterator]();
      const flip = (): boolean => it.next().value as boolean;
      counts.variants++;
      const copy = args.map((a) => variant(a, flip));
      if (keyOf(args) !== keyOf(copy)) throw new Error(`equal arguments, different keys: ${canonArgs(args)}`);
    }),
    settings,
  );
  fc.assert(
    fc.property(argsArb, argsArb, (a, b) => {
      counts.pairs++;
      if ((keyOf(a) === keyOf(b)) !== (canonArgs(a) === canonArgs(b))) {
        throw new Error(`keys ${keyOf(a) === keyOf(b) ? 'collide' : 'differ'} for ${canonArgs(a)} and ${canonArgs(b)}`);
      }
    }),
    settings,
  );
  const byKey = new Map<string, string>();
  const byCanon = new Map<string, string>();
  fc.assert(
    fc.property(fc.array(argsArb, { minLength: 10, maxLength: 60 }), (calls) => {
      for (const args of calls) {
        const key = keyOf(args);
        const identity = canonArgs(args);
        const seenCanon = byKey.get(key);
        if (seenCanon !== undefined && seenCanon !== identity) {
          counts.collisions++;
          throw new Error(`collision: ${seenCanon} and ${identity} share a key`);
        }
        const seenKey = byCanon.get(identity);
        if (seenKey !== undefined && seenKey !== key) {
          counts.splits++;
          throw new Error(`split: ${identity} has two keys`);
        }
        byKey.set(key, identity);
        byCanon.set(identity, key);
      }
    }),
    { ...settings, numRuns: Math.max(1, Math.floor(runs / 10)) },
  );
  counts.distinctValues = byCanon.size;
  return counts;
}
