// One loaded file through the Babel front end, synchronously (module.registerHooks hooks are
// synchronous). TypeScript syntax is parsed and kept: whatever strips it afterwards (Node's
// --experimental-strip-types, tsx) sees the rewritten TypeScript, and the keys come from the
// same text tspc and the Babel plugin see.
import type { TransformOptions } from '@babel/core';
import { parserPlugins, standaloneOptions } from '../babel-plugin/standalone';

interface BabelCore {
  transformSync(code: string, options: TransformOptions): { code?: string | null; map?: object | null } | null;
}

/**
 * The rewritten text with an inline source map back to `source`, or `undefined` when the file
 * holds no tagged function (the tag only in a string or a line comment).
 */
export function transformFile(source: string, file: string, commonJs: boolean): string | undefined {
  // Babel is the host's (a peer dependency, 7 or 8) and loads only once a file mentions the tag.
  const babel = require('@babel/core') as BabelCore;
  let sites = 0;
  const result = babel.transformSync(source, {
    ...standaloneOptions(file, () => sites++),
    // A CommonJS file that uses import/export (TypeScript compiled by tsx) is a module to the
    // parser; one that uses require gets a require for the runtime too.
    sourceType: commonJs ? 'unambiguous' : 'module',
    parserOpts: { plugins: parserPlugins(file), allowReturnOutsideFunction: commonJs },
    sourceMaps: 'inline',
  });
  return sites > 0 && result?.code ? result.code : undefined;
}
