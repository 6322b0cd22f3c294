// What the transformer does with a file that mentions the tag: outline → core analysis →
// diagnostics or rewrite. Loaded with the first such file (see transformer.ts).
import type * as ts from 'typescript';
import { analyzeModule } from '../core';
import { diagnosticReporter } from './diagnostics';
import type { TransformerExtras, TransformerOptions, TypeScript } from './host';
import { outlineModule } from './outline';
import { rewriteModule } from './rewrite';
import { emitsCommonJs } from './runtime-import';

/** Transforms one file that mentions the tag; diagnostics are reported once per program. */
export function taggedFileTransformer(
  program: ts.Program,
  options: TransformerOptions | undefined,
  tsi: TypeScript,
  extras: TransformerExtras,
): (context: ts.TransformationContext, file: ts.SourceFile) => ts.SourceFile {
  const report = diagnosticReporter(tsi, extras);
  return (context, file) => {
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
