// The ts-patch "program" transformer: for each emitted file, a substring gate, then outline →
// core analysis → diagnostics or rewrite. Runs before TypeScript's own transforms, so it sees
// (and moves) the user's original nodes and the type annotations are erased afterwards.
import type * as ts from 'typescript';
import { analyzeModule, mentionsTag } from '../core';
import { diagnosticReporter } from './diagnostics';
import type { TransformerExtras, TransformerOptions } from './host';
import { outlineModule } from './outline';
import { rewriteModule } from './rewrite';
import { emitsCommonJs } from './runtime-import';

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
  const report = diagnosticReporter(tsi, extras);
  return (context) => (file) => {
    if (file.isDeclarationFile || !mentionsTag(file.text)) return file;
    const { outline, located } = outlineModule(tsi, file);
    const analysis = analyzeModule(outline);
    if (analysis.errors.length > 0) {
      report(file, analysis.errors);
      return file;
    }
    if (analysis.sites.length === 0) return file;
    for (const { site, descriptor } of analysis.sites) options?.report?.({ file: file.fileName, site, descriptor, outline });
    const commonjs = emitsCommonJs(tsi, program, file, context.getCompilerOptions());
    return rewriteModule(tsi, context, { file, located, sites: analysis.sites, commonjs });
  };
}
