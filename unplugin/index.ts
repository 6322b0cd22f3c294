// `cache-to-disk/unplugin`: the Babel front end as one plugin for Vite, Rollup, Rolldown,
// esbuild, webpack and Rspack.
//
//   import cacheToDisk from 'cache-to-disk/unplugin';
//   export default defineConfig({ plugins: [cacheToDisk.vite()] });     // or .rollup() .rolldown() .esbuild() .webpack() .rspack()
//
// It runs before the bundler's own TypeScript step (`enforce: 'pre'`), on the original text, so
// its keys equal those of tspc and of the Babel plugin for the same source.
import { cacheToDisk } from './plugin';

export type { CacheToDiskUnpluginOptions } from './plugin';
export { cacheToDisk };
export const vite = cacheToDisk.vite;
export const rollup = cacheToDisk.rollup;
export const rolldown = cacheToDisk.rolldown;
export const esbuild = cacheToDisk.esbuild;
export const webpack = cacheToDisk.webpack;
export const rspack = cacheToDisk.rspack;
export default cacheToDisk;
