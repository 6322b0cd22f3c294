// Compiles files of a project directory with the real @babel/core, the way a user's build would:
// @babel/preset-typescript, the plugin loaded by its public name `cache-to-disk/babel-plugin`
// (resolved from the project, so `<root>/node_modules/cache-to-disk` must link to this package),
// and @babel/plugin-transform-modules-commonjs for CommonJS output.
//
//   const [input] = compileBabel({ root, files: ['src/input.ts'], module: 'esm' });
//   input.code; input.errors; input.sites[0].functionId;
//
// `sites` comes from the plugin's `report` option (outline entry, functionId and fingerprint of
// every compiled site); `errors` from the build error the plugin throws, one entry per problem.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { SiteReport } from '../../babel-plugin/plugin';
import type { CompileError } from '../../core';

export type { SiteReport } from '../../babel-plugin/plugin';

export interface CompileBabelOptions {
  /** The project directory: holds package.json and node_modules/cache-to-disk; Babel's `cwd`. */
  root: string;
  /** Source files, absolute or relative to `root`. */
  files: string[];
  module: 'cjs' | 'esm';
  /** `false` compiles without the plugin: the baseline a tagless file must match byte for byte. Default `true`. */
  plugin?: boolean;
  /**
   * When set, each output is written to `<outDir>/<path relative to root, as .js>`, next to a
   * package.json that makes Node read it as `module` says.
   */
  outDir?: string;
  /** Directory from which @babel/core and its plugins are resolved (a Babel 8 install). Default: this package. */
  babelFrom?: string;
  /** More Babel options (`sourceMaps`, `parserOpts`, …); `plugins` and `presets` are appended to the defaults. */
  babel?: Record<string, unknown>;
}

/** The plugin's errors as data; `file` is the absolute path core reports. */
export type CompileErrorReport = Pick<CompileError, 'file' | 'line' | 'column' | 'code' | 'message'>;

export interface CompiledFile {
  /** As given in `files`. */
  file: string;
  /** Absent when the file did not compile. */
  code?: string;
  map?: object;
  /** The plugin's errors (`CTD1xx`). */
  errors: CompileErrorReport[];
  /** Any other failure (a syntax error, a crash), as Babel's message. */
  diagnostics: string[];
  /** Every compiled site of the file, in source order. */
  sites: SiteReport[];
}

interface BabelCore {
  transformFileSync(file: string, options: object): { code?: string | null; map?: object | null } | null;
}

export function compileBabel(options: CompileBabelOptions): CompiledFile[] {
  const from = options.babelFrom ?? __dirname;
  const resolve = (name: string): string => require.resolve(name, { paths: [from] });
  const babel = require(resolve('@babel/core')) as BabelCore;
  let sites: SiteReport[] = [];
  const extra = options.babel ?? {};
  const plugins: unknown[] = [];
  if (options.plugin !== false) plugins.push(['cache-to-disk/babel-plugin', { report: (s: SiteReport) => sites.push(s) }]);
  if (options.module === 'cjs') plugins.push(resolve('@babel/plugin-transform-modules-commonjs'));
  const babelOptions = {
    ...extra,
    cwd: options.root,
    babelrc: false,
    configFile: false,
    presets: [resolve('@babel/preset-typescript'), ...((extra.presets as unknown[]) ?? [])],
    plugins: [...plugins, ...((extra.plugins as unknown[]) ?? [])],
  };
  if (options.outDir) {
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, 'package.json'), JSON.stringify({ type: options.module === 'esm' ? 'module' : 'commonjs' }));
  }

  return options.files.map((file): CompiledFile => {
    const path = isAbsolute(file) ? file : join(options.root, file);
    sites = [];
    try {
      const result = babel.transformFileSync(path, babelOptions);
      const code = result?.code ?? '';
      if (options.outDir) {
        const out = join(options.outDir, relative(options.root, path).replace(/\.[cm]?[jt]sx?$/, '.js'));
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, code);
      }
      return { file, code, ...(result?.map ? { map: result.map } : {}), errors: [], diagnostics: [], sites };
    } catch (error) {
      const e = error as Error & { errors?: CompileError[] };
      const errors = (e.errors ?? []).map(({ file, line, column, code, message }) => ({ file, line, column, code, message }));
      return { file, errors, diagnostics: e.errors ? [] : [e.message], sites: [] };
    }
  });
}
