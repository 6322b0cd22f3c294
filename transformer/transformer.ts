// The ts-patch "program" transformer: for each emitted file, a substring gate, then (tagged-file.ts)
// outline → core analysis → diagnostics or rewrite. Runs before TypeScript's own transforms, so it
// sees (and moves) the user's original nodes and the type annotations are erased afterwards.
import type * as ts from 'typescript';
import { mentionsTag } from '../core/mentions-tag';
import type { TransformerExtras, TransformerOptions } from './host';

// The rest of the front end loads with the first file that mentions the tag: a build with no tag
// anywhere pays for this module and one substring search per file, not for loading the analysis
// and the rewrite (about 20 ms of CPU at every compiler start).
let tagged: typeof import('./tagged-file') | undefined;

/**
 * `compilerOptions.plugins: [{ "transform": "cache-to-disk/transformer" }]`, run by `tspc`,
 * a `ts-patch install`ed `tsc`, or ts-node / ts-jest with `compiler: "ts-patch/compiler"`.
 *
 * @example
 * // tsconfig.json
 * { "compilerOptions": { "plugins": [{ "transform": "cache-to-disk/transformer" }] } }
 */
export default function cacheToDiskTransformer(
  program: ts.Program,
  options: TransformerOptions | undefined,
  extras: TransformerExtras | undefined,
): ts.TransformerFactory<ts.SourceFile> {
  const tsi = extras?.ts;
  if (!tsi) {
    throw new TypeError(
      'cache-to-disk/transformer must be loaded by ts-patch as a program transformer: use '
      + '`"plugins": [{ "transform": "cache-to-disk/transformer" }]` in tsconfig.json and build with tspc.',
    );
  }
  let transformTagged: ReturnType<typeof import('./tagged-file').taggedFileTransformer> | undefined;
  return (context) => (file) => {
    if (file.isDeclarationFile || !mentionsTag(file.text)) return file;
    tagged ??= require('./tagged-file') as typeof import('./tagged-file');
    transformTagged ??= tagged.taggedFileTransformer(program, options, tsi, extras);
    return transformTagged(context, file);
  };
}
