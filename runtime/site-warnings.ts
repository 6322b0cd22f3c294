// The two warnings a single function can trigger: an argument that cannot be part of a key, and
// a result that cannot be stored. Each names the function, the path and the fix, spelled for
// the form the function was cached with (the tag's `ignore=` or the wrapper's `ignore: [...]`).
import type { Unkeyable } from './args-key';
import type { Site } from './site';
import { warnOnce } from './warnings';

/** `impl` is the function whose parameters the arguments bind to (the original body, for compiled sites). */
export function warnUnkeyable(site: Site, part: Unkeyable, impl: Function): void {
  warnOnce(
    site.id,
    'CTD_UNKEYABLE_ARGUMENT',
    `cache-to-disk: ${site.id} runs uncached: ${part.path} is ${part.what}, which cannot be part of a cache key. ` +
      `Fix: ${ignoreFix(site, part, impl)}, or pass a value that can be encoded (plain data, arrays, Map, Set, Date, typed arrays, class instances with plain properties).`,
  );
}

export function warnUnstorable(site: Site, problem: string): void {
  warnOnce(
    site.id,
    'CTD_UNSTORABLE_RESULT',
    `cache-to-disk: ${site.id} returned a value that is not stored: ${problem}. The value is returned, but every call runs the function. ` +
      'Fix: return plain data (objects, arrays, Map, Set, Date, typed arrays, Buffer) and rebuild class instances from it at the call site.',
  );
}

function ignoreFix(site: Site, part: Unkeyable, impl: Function): string {
  const name = part.root === 'this' ? 'this' : part.root === 'closure' ? part.path.split(/[.[]/)[1] : parameterName(site, part.index, impl);
  if (site.origin === 'wrapper') {
    return name ? `leave it out of the key with ignore: ['${name}'] in the cacheToDisk options` : `leave parameter ${part.index + 1} out of the key by naming it in ignore: [...]`;
  }
  return name
    ? `leave it out of the key with ignore=${name} on the @cacheToDisk tag`
    : `leave it out of the key with ignore=<name of parameter ${part.index + 1}> on the @cacheToDisk tag`;
}

// Compiled sites keep the original parameter list on the body they pass, so its text names the
// parameter. The tokenizer is loaded only here, on the way to a warning, not at start-up.
function parameterName(site: Site, index: number, impl: Function): string | undefined {
  if (site.parameterNames !== undefined) return site.parameterNames[index];
  try {
    const { parameterNames } = require('./parameter-names') as typeof import('./parameter-names');
    const params = parameterNames(Function.prototype.toString.call(impl));
    return params.restIndex !== undefined && index >= params.restIndex ? params.names[params.restIndex] : params.names[index];
  } catch {
    return undefined;
  }
}
