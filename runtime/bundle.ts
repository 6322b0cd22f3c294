// What both runtime entry points of the package ("cache-to-disk" and "cache-to-disk/runtime")
// load. `npm run build` replaces its emitted dist/runtime/bundle.js with this file and every
// runtime module it reaches inlined (esbuild): a process then resolves, reads and compiles one
// file instead of twenty, which is most of the runtime's share of start-up. Both entry points are
// the same file so they share one copy of the runtime's state (configure(), the registry). The
// plain tsc output of this file re-exports the same modules, so a build without the bundling
// step behaves the same, only starts slower.
export * from './index';
export { call, link, site } from './compiled';
