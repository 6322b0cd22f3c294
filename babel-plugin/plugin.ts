// The plugin object: one Program visitor that does all of its work on enter, before other plugins
// (@babel/preset-typescript, module transforms) change the tree, and does nothing at all for a
// file whose text never mentions the tag.
import type { ConfigAPI, NodePath, PluginObj, PluginPass, types as t } from '@babel/core';
import {
  analyzeModule,
  mentionsTag,
  type AnalyzedSite,
  type FunctionSite,
  type ModuleOutline,
  type SiteDescriptor,
} from '../core';
import { compileFailure, missingFilename } from './errors';
import { locateModule } from './outline';
import { rewriteSites, type BabelTypes } from './rewrite';
import { addRuntime } from './runtime-import';

/** One compiled site, as the `report` option receives it. */
export interface SiteReport {
  /** Absolute path of the source file. */
  file: string;
  /** The site's entry in the module outline. */
  site: FunctionSite;
  functionId: string;
  fingerprint: string;
  descriptor: SiteDescriptor;
  /** The whole outline of the module the site belongs to (the same object for every site of a file). */
  outline: ModuleOutline;
}

export interface CacheToDiskBabelOptions {
  /**
   * Called once per compiled site, in source order, before the file is rewritten. For tests and
   * tools that compare front ends; the build does not need it.
   *
   * @default undefined
   * @example
   * plugins: [['cache-to-disk/babel-plugin', { report: (s) => console.log(s.functionId, s.fingerprint) }]]
   */
  report?: (site: SiteReport) => void;
}

type BabelApi = ConfigAPI & { types: BabelTypes };

/**
 * The Babel plugin: `plugins: ["cache-to-disk/babel-plugin"]`.
 *
 * @example
 * babel.transformSync(code, { filename, presets: ['@babel/preset-typescript'], plugins: ['cache-to-disk/babel-plugin'] });
 */
export function cacheToDiskPlugin(api: BabelApi, options: CacheToDiskBabelOptions = {}): PluginObj<PluginPass> {
  api.assertVersion('^7.20.0 || ^8.0.0');
  const t = api.types;
  return {
    name: 'cache-to-disk',
    visitor: {
      Program(program, state) {
        const file = state.file;
        if (!mentionsTag(file.code)) return;
        // Offsets, fingerprints and error positions refer to `file.code`, the text Babel parsed.
        // When that text came from an earlier tool (an inputSourceMap), they describe that tool's
        // output; Babel still chains the maps, so stack traces reach the original source.
        const filename = file.opts.filename;
        if (!filename) throw missingFilename(file);
        const { outline, paths } = locateModule(program, filename, file.code);
        if (outline.sites.length === 0) return;
        const analysis = analyzeModule(outline);
        if (analysis.errors.length > 0) throw compileFailure(file, analysis.errors);
        if (analysis.sites.length === 0) return;
        for (const { site, descriptor } of analysis.sites) {
          options.report?.({ file: filename, site, functionId: descriptor.id, fingerprint: descriptor.fingerprint, descriptor, outline });
        }
        rewrite(t, program, analysis.sites, paths);
      },
    },
  };
}

function rewrite(
  t: BabelTypes,
  program: NodePath<t.Program>,
  sites: readonly AnalyzedSite[],
  paths: ReadonlyMap<number, NodePath>,
): void {
  const runtime = program.scope.generateUidIdentifier('ctd');
  const top = rewriteSites(t, program, runtime, sites, paths);
  addRuntime(t, program, runtime, [...top.siteVars, ...top.hoistedLinks]);
  // The moved parameters and bodies, the new import and the site vars change which scope owns
  // which binding; later plugins (TypeScript import elision, module transforms) read bindings.
  program.scope.crawl();
}
