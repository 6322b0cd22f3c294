// The argsKey of SPEC §4: a string that encodes a call's arguments (and `this`, and captured
// closure values) structurally, so equal values give equal keys and different values never do.
//
// Every encoding is type-tagged and self-delimiting (a length or count prefix, or a terminator
// no payload contains), so a concatenation of encodings parses back one way only:
//
//   u undefined   N null   t / f booleans   n<number>;   I<bigint>;   s<length>:<text>
//   w<length>:<hex>   a string with lone surrogates (UTF-8 would merge them into U+FFFD)
//   {<count>;<key><value>…         plain object, keys sorted: key order does not matter
//   [<count>;<value>…  (h = hole)  array
//   C<class name>{<count>;…        class instance: constructor name + own enumerable properties
//   E<class name><message>{…       Error: as a class instance, plus its (non-enumerable) message
//   M<count>;<key><value>…  S<count>;<value>…   Map / Set, entries sorted by their encoding
//   D<ms>;  R<source><flags>  L<href>  Q<params>  B<value>   Date, RegExp, URL, URLSearchParams, boxed
//   T<type><bytes>:<latin1 bytes>  or  T<type><bytes>:#<sha256 hex>   binary data above 256 bytes
//   X<class name><…>               a subclass of Map, Set, Date, RegExp or Array
//   ^<depth>;                      a reference back to the ancestor at that depth (cycles)
//
// A call is a<count>; then each argument (_ for one left out by ignore=), then `this` when the
// site keys it, then c<count>; and the captured values when there are any.
//
// Decisions: -0 and 0 differ (Object.is; a function may tell them apart, and a wrong hit is
// worse than a miss); NaN is one value; Map and Set ignore insertion order, as plain objects
// ignore key order; Buffer, Uint8Array and ArrayBuffer with equal bytes differ (the type is part
// of the value); a RegExp's lastIndex and an array's non-index properties are not encoded.
import { EventEmitter } from 'node:events';
import { types } from 'node:util';
import { sha256Hex } from '../core/hash';

/** The per-site inputs of the encoding (a Site satisfies it). */
export interface KeySpec {
  readonly keyThis: boolean;
  readonly ignored: readonly boolean[];
  readonly ignoreRestFrom: number;
  readonly captureNames: readonly string[];
}

/** Where and why a call could not be encoded. */
export interface Unkeyable {
  /** The top-level part holding the value. */
  readonly root: 'args' | 'this' | 'closure';
  /** Argument or capture position (0-based); 0 for `this`. */
  readonly index: number;
  /** The full path: `args[1].onProgress`, `this.db`, `closure.client`. */
  readonly path: string;
  /** What the value is: "a function (onProgress)", "a Socket (an EventEmitter)". */
  readonly what: string;
}

const INLINE_BYTES = 256;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

class Unencodable {
  /** Path segments, innermost first (pushed while the encoder unwinds). */
  readonly segments: string[] = [];
  constructor(readonly what: string) {}
}

// Ancestors of the value being encoded. Module-level so a call allocates nothing for it; `base`
// marks where the current argsKey() starts, so a getter that calls another cached function
// (and so argsKey() again) leaves this one's ancestors alone.
const ancestors: object[] = [];
let base = 0;

/** Encodes one call, or explains which part cannot be encoded. */
export function argsKey(
  spec: KeySpec,
  thisArg: unknown,
  args: ArrayLike<unknown>,
  captures: ArrayLike<unknown> | undefined,
): string | Unkeyable {
  const ignored = spec.ignored;
  let end = args.length < spec.ignoreRestFrom ? args.length : spec.ignoreRestFrom;
  // A trailing undefined is the same call as a missing argument.
  while (end > 0 && (args[end - 1] === undefined || ignored[end - 1] === true)) end--;
  const outerBase = base;
  base = ancestors.length;
  let out = `a${end};`;
  let root: Unkeyable['root'] = 'args';
  let index = 0;
  try {
    for (; index < end; index++) out += ignored[index] === true ? '_' : encode(args[index]);
    if (spec.keyThis) {
      root = 'this';
      index = 0;
      out += encode(thisArg);
    }
    if (captures !== undefined && captures.length > 0) {
      root = 'closure';
      out += `c${captures.length};`;
      for (index = 0; index < captures.length; index++) out += encode(captures[index]);
    }
    return out;
  } catch (error) {
    return unkeyable(error, root, index, spec.captureNames);
  } finally {
    ancestors.length = base;
    base = outerBase;
  }
}

function unkeyable(error: unknown, root: Unkeyable['root'], index: number, names: readonly string[]): Unkeyable {
  const failure = error instanceof Unencodable ? error : unreadable(error);
  const head = root === 'args' ? `args[${index}]` : root === 'this' ? 'this' : `closure.${names[index] ?? index}`;
  return { root, index, path: head + failure.segments.reverse().join(''), what: failure.what };
}

function encode(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return text(value);
    case 'number':
      return value === 0 && 1 / value < 0 ? 'n-0;' : `n${value};`;
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'object':
      return value === null ? 'N' : object(value);
    case 'bigint':
      return `I${value};`;
    case 'function':
      throw new Unencodable(value.name ? `a function (${value.name})` : 'a function');
    default:
      throw new Unencodable('a symbol');
  }
}

function text(value: string): string {
  if ((value as unknown as { isWellFormed(): boolean }).isWellFormed()) return `s${value.length}:${value}`;
  let hex = '';
  for (let i = 0; i < value.length; i++) hex += value.charCodeAt(i).toString(16).padStart(4, '0');
  return `w${value.length}:${hex}`;
}

function object(value: object): string {
  for (let i = base; i < ancestors.length; i++) {
    if (ancestors[i] === value) return `^${i - base};`;
  }
  ancestors.push(value);
  const encoded = body(value);
  ancestors.pop();
  return encoded;
}

function body(value: object): string {
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return properties('', value, false);
  if (Array.isArray(value)) return subclass(value, proto, Array.prototype) + array(value);
  if (ArrayBuffer.isView(value)) return bytes(className(value), value);
  if (types.isAnyArrayBuffer(value)) return bytes(className(value), new Uint8Array(value));
  if (types.isDate(value)) return `${subclass(value, proto, Date.prototype)}D${value.getTime()};`;
  if (types.isRegExp(value)) return `${subclass(value, proto, RegExp.prototype)}R${text(value.source)}${text(value.flags)}`;
  if (types.isMap(value)) return subclass(value, proto, Map.prototype) + map(value);
  if (types.isSet(value)) return subclass(value, proto, Set.prototype) + set(value);
  if (value instanceof URL) return `L${text(value.href)}`;
  if (value instanceof URLSearchParams) return `Q${text(value.toString())}`;
  if (types.isBoxedPrimitive(value)) return `B${encode(value.valueOf())}`;
  const opaque = opaqueKind(value);
  if (opaque !== undefined) throw new Unencodable(opaque);
  if (value instanceof Error) {
    return `E${text(className(value))}${text(String(value.message))}${properties('', value, true)}`;
  }
  return properties(`C${text(className(value))}`, value, true);
}

function subclass(value: object, proto: object, builtin: object): string {
  return proto === builtin ? '' : `X${text(className(value))}`;
}

/**
 * Objects whose state lives where an encoder cannot see it (engine internals, private fields,
 * symbol-keyed slots of Node's classes), so that two different ones would look equal.
 */
function opaqueKind(value: object): string | undefined {
  if (types.isPromise(value) || typeof (value as { then?: unknown }).then === 'function') return 'a promise or thenable';
  if (types.isWeakMap(value)) return 'a WeakMap';
  if (types.isWeakSet(value)) return 'a WeakSet';
  if (value instanceof WeakRef) return 'a WeakRef';
  if (types.isGeneratorObject(value)) return 'a generator';
  if (types.isMapIterator(value) || types.isSetIterator(value)) return 'an iterator';
  if (types.isKeyObject(value) || types.isCryptoKey(value)) return 'a crypto key';
  if (types.isExternal(value)) return 'a native handle';
  if (value instanceof EventEmitter) return `${withArticle(className(value))} (an EventEmitter: a stream, socket, server or similar)`;
  if (typeof Headers === 'function' && value instanceof Headers) return 'a Headers object';
  if (typeof Request === 'function' && (value instanceof Request || value instanceof Response)) return withArticle(className(value));
  if (builtInInstance(value)) return `${withArticle(className(value))} (a built-in object whose state is internal to the engine)`;
  return undefined;
}

const builtInConstructors = new WeakMap<Function, boolean>();

// Instances of engine classes not handled above (Intl.NumberFormat, Intl.Locale,
// FinalizationRegistry, WebAssembly.Module, …) keep their state in internal slots: two different
// ones have the same (empty) own properties. Object is excluded (Object.create(proto) is data),
// and so are errors, which are encoded by class and message.
function builtInInstance(value: object): boolean {
  const ctor = (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor;
  if (typeof ctor !== 'function' || ctor === Object || value instanceof Error) return false;
  let native = builtInConstructors.get(ctor);
  if (native === undefined) {
    native = /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(ctor));
    builtInConstructors.set(ctor, native);
  }
  return native;
}

function withArticle(name: string): string {
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

function className(value: object): string {
  const ctor = (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'anonymous class';
}

function properties(prefix: string, value: object, instance: boolean): string {
  const symbols = Object.getOwnPropertySymbols(value);
  if (symbols.length > 0 && (instance || symbols.some((s) => Object.prototype.propertyIsEnumerable.call(value, s)))) {
    throw new Unencodable(
      instance ? `${withArticle(className(value))} whose state is held under symbol keys` : 'an object with symbol-keyed properties',
    );
  }
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  let out = `${prefix}{${keys.length};`;
  for (const key of keys) {
    out += text(key);
    try {
      out += encode((value as Record<string, unknown>)[key]);
    } catch (error) {
      throw within(error, IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);
    }
  }
  return out;
}

function array(value: unknown[]): string {
  let out = `[${value.length};`;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (item === undefined && !(i in value)) {
      out += 'h';
      continue;
    }
    try {
      out += encode(item);
    } catch (error) {
      throw within(error, `[${i}]`);
    }
  }
  return out;
}

function map(value: Map<unknown, unknown>): string {
  const pairs: string[] = [];
  for (const [key, item] of value) {
    let pair: string;
    try {
      pair = encode(key);
    } catch (error) {
      throw within(error, '.keys()[…]');
    }
    try {
      pair += encode(item);
    } catch (error) {
      throw within(error, `.get(${describeKey(key)})`);
    }
    pairs.push(pair);
  }
  // Each key's encoding is self-delimiting, so sorting whole pairs sorts by key first.
  return `M${pairs.length};${pairs.sort().join('')}`;
}

function set(value: Set<unknown>): string {
  const items: string[] = [];
  for (const item of value) {
    try {
      items.push(encode(item));
    } catch (error) {
      throw within(error, '.values()[…]');
    }
  }
  return `S${items.length};${items.sort().join('')}`;
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key);
  if (typeof key === 'number' || typeof key === 'boolean' || typeof key === 'bigint') return String(key);
  return '…';
}

function bytes(type: string, view: ArrayBufferView): string {
  const length = view.byteLength;
  const content =
    length <= INLINE_BYTES
      ? Buffer.from(view.buffer, view.byteOffset, length).toString('latin1')
      : `#${sha256Hex(view as NodeJS.ArrayBufferView)}`;
  return `T${text(type)}${length}:${content}`;
}

function within(error: unknown, segment: string): Unencodable {
  const failure = error instanceof Unencodable ? error : unreadable(error);
  failure.segments.push(segment);
  return failure;
}

function unreadable(error: unknown): Unencodable {
  const message = error instanceof Error ? error.message : String(error);
  return new Unencodable(`unreadable (reading it threw: ${message})`);
}
