// Whether a result survives v8.serialize → v8.deserialize as the same kind of value. v8 copies
// data, not prototypes: a class instance comes back as a plain object and its methods are gone,
// which would make a hit behave differently from a miss. Such results are returned but not
// stored. v8 also throws on functions and symbols; checking first lets the warning name the path.
//
// Accepted: primitives except symbols; plain objects (a null prototype comes back as
// Object.prototype — the data is the same); arrays; Date; RegExp; Map; Set; ArrayBuffer;
// typed arrays, DataView and Buffer (Node restores Buffer as Buffer); boxed primitives; and
// errors of the built-in classes without extra own properties (v8 keeps name, message, stack).
import { types } from 'node:util';

/** The verdict on one result. */
export interface Storability {
  /** Why the value would not round-trip, with its path (`result.client is a Socket`); undefined when it would. */
  problem: string | undefined;
  /** The value holds ArrayBuffer views, which deserialize as views into the bytes they are read from. */
  views: boolean;
}

const BUILTIN_PROTOTYPES = new Set<unknown>([
  Date.prototype,
  RegExp.prototype,
  ArrayBuffer.prototype,
  DataView.prototype,
  Buffer.prototype,
  Int8Array.prototype,
  Uint8Array.prototype,
  Uint8ClampedArray.prototype,
  Int16Array.prototype,
  Uint16Array.prototype,
  Int32Array.prototype,
  Uint32Array.prototype,
  Float32Array.prototype,
  Float64Array.prototype,
  BigInt64Array.prototype,
  BigUint64Array.prototype,
  Number.prototype,
  String.prototype,
  Boolean.prototype,
  BigInt.prototype,
]);
const ERROR_PROTOTYPES = new Set<unknown>([
  Error.prototype,
  EvalError.prototype,
  RangeError.prototype,
  ReferenceError.prototype,
  SyntaxError.prototype,
  TypeError.prototype,
  URIError.prototype,
]);

/** Walks `value` (cycles and shared references visited once). */
export function storability(value: unknown): Storability {
  const verdict: Storability = { problem: undefined, views: false };
  if (typeof value !== 'object' || value === null) {
    verdict.problem = primitiveProblem(value, 'result');
    return verdict;
  }
  const seen = new Set<object>();
  const pending: Array<[unknown, string]> = [[value, 'result']];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item !== 'object' || item === null) {
      const problem = primitiveProblem(item, path);
      if (problem !== undefined) return { problem, views: verdict.views };
      continue;
    }
    if (seen.has(item)) continue;
    seen.add(item);
    const problem = objectProblem(item, path, pending, verdict);
    if (problem !== undefined) return { problem, views: verdict.views };
  }
  return verdict;
}

function primitiveProblem(value: unknown, path: string): string | undefined {
  if (typeof value === 'function') return `${path} is a function`;
  if (typeof value === 'symbol') return `${path} is a symbol`;
  return undefined;
}

function objectProblem(item: object, path: string, pending: Array<[unknown, string]>, verdict: Storability): string | undefined {
  const proto = Object.getPrototypeOf(item);
  if (proto === Array.prototype) {
    const items = item as unknown[];
    for (let i = 0; i < items.length; i++) if (needsVisit(items[i])) pending.push([items[i], `${path}[${i}]`]);
    return undefined;
  }
  if (proto === Object.prototype || proto === null) {
    for (const key of Object.keys(item)) {
      const value = (item as Record<string, unknown>)[key];
      if (needsVisit(value)) pending.push([value, path + segment(key)]);
    }
    return undefined;
  }
  if (BUILTIN_PROTOTYPES.has(proto)) {
    if (ArrayBuffer.isView(item)) verdict.views = true;
    return undefined;
  }
  if (proto === Map.prototype) {
    for (const [key, entry] of item as Map<unknown, unknown>) {
      visit(key, path, '.keys()[…]', pending);
      visit(entry, path, '.get(…)', pending);
    }
    return undefined;
  }
  if (proto === Set.prototype) {
    for (const entry of item as Set<unknown>) visit(entry, path, '.values()[…]', pending);
    return undefined;
  }
  if (ERROR_PROTOTYPES.has(proto)) {
    if (Object.keys(item).length > 0) return `${path} is an Error with own properties (${Object.keys(item).join(', ')}), which v8.serialize drops`;
    // v8 keeps an error's `cause` (non-enumerable, so not in the keys above): it needs the same checks.
    if (Object.prototype.hasOwnProperty.call(item, 'cause')) visit((item as { cause?: unknown }).cause, path, '.cause', pending);
    return undefined;
  }
  if (types.isPromise(item)) return `${path} is a Promise`;
  const ctor = (proto as { constructor?: { name?: string } } | null)?.constructor?.name || 'anonymous class';
  return `${path} is ${/^[aeiou]/i.test(ctor) ? 'an' : 'a'} ${ctor} instance, which would come back as a plain object without its prototype`;
}

// Primitives other than functions and symbols need no visit. Array items and object properties
// test this before their path segment is built, so a result of a million numbers costs no
// path strings at all.
function needsVisit(value: unknown): boolean {
  const type = typeof value;
  return (type === 'object' && value !== null) || type === 'function' || type === 'symbol';
}

function visit(value: unknown, path: string, segment: string, pending: Array<[unknown, string]>): void {
  if (needsVisit(value)) pending.push([value, path + segment]);
}

function segment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
