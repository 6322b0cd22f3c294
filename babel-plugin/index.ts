// `cache-to-disk/babel-plugin`: the Babel front end.
//
// Babel 7 requires a plugin and unwraps `default` only for transpiled ES modules; Babel 8 and
// users' ES module configs import it and may read `default`; `require('cache-to-disk/babel-plugin')`
// in a CommonJS config passes the function itself. One function that is also its own `default`
// serves every way of loading it.
import { cacheToDiskPlugin } from './plugin';

export = Object.assign(cacheToDiskPlugin, { default: cacheToDiskPlugin });
