// The one reference to the runtime per file, and the statements that must follow it. ES module
// input gets `import * as _ctd from "cache-to-disk/runtime"` (a module transform later turns it
// into a require for CommonJS output, like any other import); a script, or a module file that
// already speaks CommonJS, gets a `require`, since adding an `import` would change what it is.
import type { NodePath, types as t } from '@babel/core';
import { insertAfterStatement, type BabelTypes } from './rewrite';

export const RUNTIME_SPECIFIER = 'cache-to-disk/runtime';

/** Adds the runtime binding at the top of the program and `statements` right after the imports. */
export function addRuntime(
  t: BabelTypes,
  program: NodePath<t.Program>,
  runtime: t.Identifier,
  statements: t.Statement[],
): void {
  const source = t.stringLiteral(RUNTIME_SPECIFIER);
  if (speaksCommonJs(program)) {
    const require = t.callExpression(t.identifier('require'), [source]);
    program.unshiftContainer('body', [
      t.variableDeclaration('const', [t.variableDeclarator(runtime, require)]),
      ...statements,
    ]);
    return;
  }
  const declaration = t.importDeclaration([t.importNamespaceSpecifier(runtime)], source);
  const body = program.get('body');
  const lastImport = body.filter((statement) => statement.isImportDeclaration()).pop();
  if (lastImport) {
    insertAfterStatement(lastImport, statements);
    program.unshiftContainer('body', declaration);
  } else {
    program.unshiftContainer('body', [declaration, ...statements]);
  }
}

function speaksCommonJs(program: NodePath<t.Program>): boolean {
  if (program.node.sourceType === 'script') return true;
  const hasModuleSyntax = program.node.body.some(
    (s) => s.type === 'ImportDeclaration' || s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' || s.type === 'ExportAllDeclaration',
  );
  return !hasModuleSyntax && ['require', 'module', 'exports'].some((name) => program.scope.hasGlobal(name));
}
