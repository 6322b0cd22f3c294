// One module through the Babel front end, as a bundler hands it over: the original text, with its
// TypeScript and JSX syntax still in place, before the bundler's own TS step.
import type { TransformOptions } from '@babel/core';
import type { SourceMapCompact } from 'unplugin' with { 'resolution-mode': 'import' };
import { standaloneOptions } from '../babel-plugin/standalone';

export interface TransformedModule {
  code: string;
  map: SourceMapCompact | null;
}

interface BabelCore {
  transformAsync(code: string, options: TransformOptions): Promise<{ code?: string | null; map?: SourceMapCompact | null } | null>;
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
    ...standaloneOptions(filename, () => sites++),
    sourceType: 'module',
    sourceMaps: true,
  });
  // A file that only mentions the tag (in a string, a line comment) keeps its own text and map.
  if (sites === 0 || !result?.code) return null;
  return { code: result.code, map: result.map ?? null };
}
