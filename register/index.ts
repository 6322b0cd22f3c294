// `cache-to-disk/register`: `node --import cache-to-disk/register app.js` rewrites tagged files as
// they load, for programs that run without a build step.
//
// module.registerHooks (Node 22.15+, 23.5+) runs the hook in the loading thread for both
// `import` and `require`; older Nodes get the asynchronous hooks thread of module.register for
// ES modules, and a require hook for the CommonJS files `require` loads without passing there.
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';
import { loadSync, type LoadContext, type LoadResult } from './hooks';
import { hookRequire } from './require-hook';

interface SyncHooks {
  load(url: string, context: LoadContext, nextLoad: (url: string, context?: LoadContext) => LoadResult): LoadResult;
}

const registerHooks = (nodeModule as { registerHooks?: (hooks: SyncHooks) => unknown }).registerHooks;

if (typeof registerHooks === 'function') {
  registerHooks({ load: loadSync });
} else {
  nodeModule.register('./hooks.js', pathToFileURL(__filename));
  hookRequire();
}
