// Node 20 (no module.registerHooks): `require` from CommonJS never reaches the hooks thread of
// module.register, so CommonJS files are also rewritten where Node compiles them, the way
// @babel/register and pirates do it: the loader of each extension still reads the file, and the
// text it passes to `module._compile` is rewritten first.
import * as nodeModule from 'node:module';
import { mentionsTag } from '../core';
import { transformFile } from './transform';

interface CompilingModule {
  _compile(code: string, filename: string): unknown;
}

type ExtensionLoader = (this: unknown, module: CompilingModule, filename: string) => unknown;

const NODE_MODULES = /[\\/]node_modules[\\/]/;

export function hookRequire(): void {
  const extensions = (nodeModule as unknown as { Module: { _extensions: Record<string, ExtensionLoader> } }).Module._extensions;
  for (const extension of ['.js', '.cjs']) {
    const original = extensions[extension];
    if (!original) continue;
    extensions[extension] = function (module, filename) {
      if (!NODE_MODULES.test(filename)) {
        const compile = module._compile;
        module._compile = function (code, file) {
          module._compile = compile;
          const rewritten = mentionsTag(code) ? transformFile(code, file, true) : undefined;
          return compile.call(this, rewritten ?? code, file);
        };
      }
      return original.call(this, module, filename);
    };
  }
}
