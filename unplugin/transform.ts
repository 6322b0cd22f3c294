// One module through the Babel front end, as a bundler hands it over: the original text, with its
// TypeScript and JSX syntax still in place. Only the parser learns that syntax; nothing strips it
// here, so the output is still TypeScript for the bundler's own TS step, and the keys are computed
// from exactly the text tspc and the Babel plugin see.
import type { TransformOptions } from '@babel/core';
import type { SourceMapCompact } from 'unplugin' with { 'resolution-mode': 'import' };
import { cacheToDiskPlugin } from '../babel-plugin/plugin';

export interface TransformedModule {
  code: string;
  map: SourceMapCompact | null;
}

interface BabelCore {
  transformAsync(code: string, options: TransformOptions): Promise<{ code?: string | null; map?: SourceMapCompact | null } | null>;
}

/** Parser plugins for a file name: TypeScript (+ JSX for .tsx) or JSX for JavaScript files. */
export function parserPlugins(file: string): NonNullable<NonNullable<TransformOptions['parserOpts']>['plugins']> {
  const path = file.replace(/[?#].*$/, '');
  if (/\.tsx$/i.test(path)) return ['typescript', 'jsx', 'decorators'];
  if (/\.[cm]?ts$/i.test(path)) return ['typescript', 'decorators'];
  return ['jsx'];
}

/**
 * Rewrites the tagged functions of one module; Babel regenerates the file, so a source map back to
 * `code` goes with it and the bundler chains it onto its own.
 */
export async function transformModule(code: string, id: string): Promise<TransformedModule | null> {
  // Babel is the host's (a peer dependency, 7 or 8) and is only loaded once a file mentions the tag.
  const babel = require('@babel/core') as BabelCore;
  const filename = id.replace(/[?#].*$/, '');
  let sites = 0;
  const result = await babel.transformAsync(code, {
    filename,
    sourceFileName: filename,
    // The user's babel.config / .babelrc belong to their own Babel step, if any; running them
    // here would apply them twice.
    babelrc: false,
    configFile: false,
    sourceType: 'module',
    parserOpts: { plugins: parserPlugins(filename) },
    plugins: [[cacheToDiskPlugin, { report: () => sites++ }]],
    sourceMaps: true,
    compact: false,
  });
  // A file that only mentions the tag (in a string, a line comment) keeps its own text and map.
  if (sites === 0 || !result?.code) return null;
  return { code: result.code, map: result.map ?? null };
}
