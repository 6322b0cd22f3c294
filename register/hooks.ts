// The load hook, in the two shapes Node runs: `load` (asynchronous, in the hooks thread of
// module.register) and `loadSync` (module.registerHooks, in the loading thread). Each asks the
// rest of the chain for the file first, so another hook (tsx) that registered earlier still
// supplies or compiles it; a file that does not mention the tag gets that result back untouched.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mentionsTag } from '../core';
import { transformFile } from './transform';

export interface LoadContext {
  format?: string | null | undefined;
  conditions?: string[];
  importAttributes?: Record<string, string>;
}

export interface LoadResult {
  format?: string | null | undefined;
  source?: string | ArrayBuffer | ArrayBufferView | null | undefined;
  shortCircuit?: boolean;
}

const SCRIPT = /\.[cm]?[jt]sx?$/;
const NODE_MODULES = /[\\/]node_modules[\\/]/;
const FORMATS = new Set(['module', 'commonjs', 'module-typescript', 'commonjs-typescript']);

export async function load(
  url: string,
  context: LoadContext,
  nextLoad: (url: string, context?: LoadContext) => Promise<LoadResult>,
): Promise<LoadResult> {
  return rewrite(url, await nextLoad(url, context));
}

export function loadSync(url: string, context: LoadContext, nextLoad: (url: string, context?: LoadContext) => LoadResult): LoadResult {
  return rewrite(url, nextLoad(url, context));
}

function rewrite(url: string, result: LoadResult): LoadResult {
  if (!url.startsWith('file:') || !FORMATS.has(result.format ?? '')) return result;
  const file = fileURLToPath(url);
  // Packages were compiled by their authors; rewriting their output would wrap functions twice.
  if (!SCRIPT.test(file) || NODE_MODULES.test(file)) return result;
  const commonJs = result.format!.startsWith('commonjs');
  let source = result.source;
  if (source == null) {
    // module.register on Node 20/22: CommonJS reached through `import` arrives without a source,
    // and Node's require loader reads it itself. Supplying the text makes Node run our version.
    if (!commonJs) return result;
    source = readFileSync(file);
  }
  const text = typeof source === 'string' ? source : new TextDecoder().decode(source as ArrayBuffer);
  if (!mentionsTag(text)) return result;
  const code = transformFile(text, file, commonJs);
  return code === undefined ? result : { ...result, source: code };
}
