// The unplugin factory: a `pre` transform hook that hands tagged modules to the Babel front end.
import type * as Unplugin from 'unplugin' with { 'resolution-mode': 'import' };
import { mentionsTag, TAG_NAME } from '../core';
import { transformModule } from './transform';

export interface CacheToDiskUnpluginOptions {
  /**
   * Modules to look at (ids or patterns).
   * @default /\.[cm]?[jt]sx?$/
   */
  include?: Unplugin.FilterPattern;
  /**
   * Modules never to look at. A package in node_modules was built by its authors: rewriting it
   * again would wrap its functions twice.
   * @default /[\\/]node_modules[\\/]/
   */
  exclude?: Unplugin.FilterPattern;
}

const SCRIPT = /\.[cm]?[jt]sx?$/;
const NODE_MODULES = /[\\/]node_modules[\\/]/;

// unplugin ships only as an ES module; Node ≥20.19 `require`s it.
const { createUnplugin } = require('unplugin') as typeof Unplugin;

/**
 * One plugin object per bundler: `cacheToDisk.vite()`, `.rollup()`, `.rolldown()`, `.esbuild()`,
 * `.webpack()`, `.rspack()`.
 *
 * @example
 * // vite.config.ts
 * import cacheToDisk from 'cache-to-disk/unplugin';
 * export default { plugins: [cacheToDisk.vite()] };
 */
export const cacheToDisk: Unplugin.UnpluginInstance<CacheToDiskUnpluginOptions | undefined, false> = createUnplugin(
  (options: CacheToDiskUnpluginOptions | undefined) => ({
    name: 'cache-to-disk',
    enforce: 'pre',
    transform: {
      // Bundlers that evaluate filters natively (Rolldown, Vite 8) never call into JavaScript for
      // the other modules; the rest get the same filter emulated by unplugin.
      filter: {
        id: { include: options?.include ?? SCRIPT, exclude: options?.exclude ?? NODE_MODULES },
        code: { include: TAG_NAME },
      },
      handler(code, id) {
        if (!mentionsTag(code)) return null;
        return transformModule(code, id);
      },
    },
    // esbuild's own filter is a regex on the path: other file types never reach JavaScript.
    esbuild: { onLoadFilter: options?.include instanceof RegExp ? options.include : SCRIPT },
  }),
);
