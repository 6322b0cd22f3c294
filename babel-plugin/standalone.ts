// Options for running this plugin on its own, outside the user's Babel config: what the bundler
// plugin (unplugin/) and the load hook (register/) share. Only the parser learns TypeScript and
// JSX syntax; nothing strips it, so the output is still TypeScript for the host's own TS step,
// and keys come from exactly the text tspc and the Babel plugin see.
import type { TransformOptions } from '@babel/core';
import { cacheToDiskPlugin } from './plugin';

type ParserPlugins = NonNullable<NonNullable<TransformOptions['parserOpts']>['plugins']>;

/** Parser plugins for a file name: TypeScript (+ JSX for .tsx) or JSX for JavaScript files. */
export function parserPlugins(file: string): ParserPlugins {
  if (/\.tsx$/i.test(file)) return ['typescript', 'jsx', 'decorators'];
  if (/\.[cm]?ts$/i.test(file)) return ['typescript', 'decorators'];
  return ['jsx'];
}

/**
 * Babel options that rewrite one file with this plugin alone; `onSite` is called once per
 * rewritten function, so a caller can keep a file that only mentions the tag untouched.
 */
export function standaloneOptions(file: string, onSite: () => void): TransformOptions {
  return {
    filename: file,
    sourceFileName: file,
    // The project's babel.config / .babelrc belong to its own Babel step, if any: running them
    // here would apply them twice.
    babelrc: false,
    configFile: false,
    parserOpts: { plugins: parserPlugins(file) },
    plugins: [[cacheToDiskPlugin, { report: onSite }]],
    compact: false,
  };
}
