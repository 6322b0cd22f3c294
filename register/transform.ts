// One loaded file through the Babel front end, synchronously (module.registerHooks hooks are
// synchronous). TypeScript syntax is parsed and kept: whatever strips it afterwards (Node's
// --experimental-strip-types, tsx) sees the rewritten TypeScript, and the keys come from the
// same text tspc and the Babel plugin see.
import type { TransformOptions } from '@babel/core';
import { cacheToDiskPlugin } from '../babel-plugin/plugin';

interface BabelCore {
  transformSync(code: string, options: TransformOptions): { code?: string | null; map?: object | null } | null;
}

type ParserPlugins = NonNullable<NonNullable<TransformOptions['parserOpts']>['plugins']>;

function parserPlugins(file: string): ParserPlugins {
  if (/\.tsx$/i.test(file)) return ['typescript', 'jsx', 'decorators'];
  if (/\.[cm]?ts$/i.test(file)) return ['typescript', 'decorators'];
  return ['jsx'];
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
    filename: file,
    sourceFileName: file,
    // The project's babel.config / .babelrc belong to its own Babel step, if any.
    babelrc: false,
    configFile: false,
    // A CommonJS file that uses import/export (TypeScript compiled by tsx) is a module to the
    // parser; one that uses require gets a require for the runtime too.
    sourceType: commonJs ? 'unambiguous' : 'module',
    parserOpts: { plugins: parserPlugins(file), allowReturnOutsideFunction: commonJs },
    plugins: [[cacheToDiskPlugin, { report: () => sites++ }]],
    sourceMaps: 'inline',
    compact: false,
  });
  return sites > 0 && result?.code ? result.code : undefined;
}
