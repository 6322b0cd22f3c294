// One binding of the runtime per file, under a name no user identifier can shadow. ES module
// output gets `import * as _ctd from "cache-to-disk/runtime"`; CommonJS output gets a plain
// `const _ctd = require(…)`, because an import would come back through `__importStar` (or
// tslib under importHelpers) for no benefit.
import type * as ts from 'typescript';
import type { TypeScript } from './host';

export const RUNTIME_SPECIFIER = 'cache-to-disk/runtime';

export function runtimeImport(tsi: TypeScript, name: ts.Identifier, commonjs: boolean): ts.Statement {
  const f = tsi.factory;
  if (commonjs) {
    const require = f.createCallExpression(f.createIdentifier('require'), undefined, [f.createStringLiteral(RUNTIME_SPECIFIER)]);
    return f.createVariableStatement(
      undefined,
      f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, require)], tsi.NodeFlags.Const),
    );
  }
  return f.createImportDeclaration(
    undefined,
    f.createImportClause(false, undefined, f.createNamespaceImport(name)),
    f.createStringLiteral(RUNTIME_SPECIFIER),
  );
}

/**
 * Whether the emitter writes this file as CommonJS: decided per file under node16/nodenext
 * (.cts, .mts, package.json "type") and by `module` otherwise.
 */
export function emitsCommonJs(tsi: TypeScript, program: ts.Program, file: ts.SourceFile, options: ts.CompilerOptions): boolean {
  const MK = tsi.ModuleKind;
  // Program#getEmitModuleFormatOfFile (TypeScript 5.6+, not in the public typings) is the exact
  // rule the emitter applies; the fallback mirrors it for older compilers.
  const exact = (program as { getEmitModuleFormatOfFile?: (f: ts.SourceFile) => ts.ModuleKind }).getEmitModuleFormatOfFile;
  if (typeof exact === 'function') return exact.call(program, file) === MK.CommonJS;
  const kind = options.module ?? ((options.target ?? tsi.ScriptTarget.ES5) >= tsi.ScriptTarget.ES2015 ? MK.ES2015 : MK.CommonJS);
  if (kind >= MK.Node16 && kind <= MK.NodeNext) return file.impliedNodeFormat !== MK.ESNext;
  if (/\.c[jt]s$/.test(file.fileName)) return true;
  if (/\.m[jt]s$/.test(file.fileName)) return false;
  return kind === MK.CommonJS;
}
