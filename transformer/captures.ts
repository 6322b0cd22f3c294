// Which names a tagged function reads from the scopes of the functions around it. Their values
// become part of each call's key, so a closure over a different value is a different entry.
//
// A small lexical scope walker over the syntax tree instead of the type checker: ts-node's
// transpile-only mode, ts-jest's isolatedModules and transpileModule have no checker, and the
// Babel front end must reach the same answer from its own tree.
import type * as ts from 'typescript';
import { bindingNames } from './outline';
import type { TypeScript } from './host';

type Scopes = Map<ts.Node, Set<string>>;

/**
 * Names read as values inside `fn` (parameters and body) that resolve to a binding declared in an
 * enclosing function — parameters, locals, nested functions and classes — but not at module level
 * and not globals. `selfName` is the binding the function's own declaration creates; a recursive
 * call through it is not a capture. Sorted, without duplicates.
 */
export function findCaptures(tsi: TypeScript, fn: ts.FunctionLikeDeclaration, selfName?: string): string[] {
  const scopes: Scopes = new Map();
  const selfScope = selfName === undefined ? undefined : resolve(tsi, scopes, fn.parent, selfName);
  const found = new Set<string>();
  const onReference = (id: ts.Identifier): void => {
    const name = id.text;
    const scope = resolve(tsi, scopes, id.parent, name);
    if (!scope || tsi.isSourceFile(scope) || contains(fn, scope)) return;
    if (scope === selfScope && name === selfName) return;
    if (!insideFunction(tsi, scope)) return;
    found.add(name);
  };
  for (const parameter of fn.parameters) walkValues(tsi, parameter, onReference);
  if (fn.body) walkValues(tsi, fn.body, onReference);
  return [...found].sort();
}

/** The innermost scope node, from `start` outward, that declares `name`; undefined for a global. */
function resolve(tsi: TypeScript, scopes: Scopes, start: ts.Node | undefined, name: string): ts.Node | undefined {
  for (let node = start; node; node = node.parent) {
    if (tsi.isSourceFile(node)) return node;
    const declared = declaredIn(tsi, scopes, node);
    if (declared?.has(name)) return node;
  }
  return undefined;
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  for (let node: ts.Node | undefined = inner; node; node = node.parent) if (node === outer) return true;
  return false;
}

function insideFunction(tsi: TypeScript, node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (tsi.isFunctionLike(n)) return true;
  return false;
}

function declaredIn(tsi: TypeScript, scopes: Scopes, node: ts.Node): Set<string> | undefined {
  let names = scopes.get(node);
  if (names) return names;
  const list = scopeNames(tsi, node);
  if (!list) return undefined;
  names = new Set(list);
  scopes.set(node, names);
  return names;
}

function scopeNames(tsi: TypeScript, node: ts.Node): string[] | undefined {
  if (tsi.isFunctionLike(node)) {
    const own = tsi.isFunctionExpression(node) && node.name ? [node.name.text] : [];
    const params = node.parameters.flatMap((p) => bindingNames(tsi, p.name));
    const body = (node as ts.FunctionLikeDeclaration).body;
    return [...own, ...params, ...(body ? hoistedVars(tsi, body) : [])];
  }
  if (tsi.isClassLike(node)) return node.name ? [node.name.text] : [];
  if (tsi.isBlock(node) || tsi.isModuleBlock(node)) return lexicalNames(tsi, node.statements);
  if (tsi.isCaseBlock(node)) return node.clauses.flatMap((clause) => lexicalNames(tsi, clause.statements));
  if (tsi.isCatchClause(node)) return node.variableDeclaration ? bindingNames(tsi, node.variableDeclaration.name) : [];
  if (tsi.isForStatement(node) || tsi.isForInStatement(node) || tsi.isForOfStatement(node)) {
    const init = node.initializer;
    return init && tsi.isVariableDeclarationList(init) && isBlockScoped(tsi, init) ? declarationNames(tsi, init) : [];
  }
  return undefined;
}

function lexicalNames(tsi: TypeScript, statements: readonly ts.Statement[]): string[] {
  return statements.flatMap((s) => {
    if (tsi.isVariableStatement(s)) return isBlockScoped(tsi, s.declarationList) ? declarationNames(tsi, s.declarationList) : [];
    if ((tsi.isFunctionDeclaration(s) || tsi.isClassDeclaration(s)) && s.name) return [s.name.text];
    if ((tsi.isEnumDeclaration(s) || tsi.isModuleDeclaration(s)) && tsi.isIdentifier(s.name)) return [s.name.text];
    return [];
  });
}

/** `var` declarations anywhere in a function body, not crossing into nested functions or classes. */
function hoistedVars(tsi: TypeScript, body: ts.Node): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (tsi.isFunctionLike(node) || tsi.isClassLike(node)) return;
    if (tsi.isVariableDeclarationList(node) && !isBlockScoped(tsi, node)) out.push(...declarationNames(tsi, node));
    tsi.forEachChild(node, visit);
  };
  visit(body);
  return out;
}

function declarationNames(tsi: TypeScript, list: ts.VariableDeclarationList): string[] {
  return list.declarations.flatMap((d) => bindingNames(tsi, d.name));
}

function isBlockScoped(tsi: TypeScript, list: ts.VariableDeclarationList): boolean {
  return (list.flags & tsi.NodeFlags.BlockScoped) !== 0;
}

/** Calls `onReference` for every identifier below `root` that is read as a value. */
function walkValues(tsi: TypeScript, root: ts.Node, onReference: (id: ts.Identifier) => void): void {
  const SK = tsi.SyntaxKind;
  const visit = (node: ts.Node): void => {
    if (tsi.isIdentifier(node)) {
      if (isValueRead(tsi, node)) onReference(node);
      return;
    }
    if (tsi.isHeritageClause(node)) {
      if (node.token === SK.ExtendsKeyword) node.types.forEach((t) => visit(t.expression));
      return;
    }
    if (tsi.isTypeNode(node) || tsi.isInterfaceDeclaration(node) || tsi.isTypeAliasDeclaration(node)) return;
    if (tsi.isParameter(node) && tsi.isIdentifier(node.name) && node.name.text === 'this') return;
    const modifiers = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
    if (modifiers?.some((m) => m.kind === SK.DeclareKeyword)) return;
    tsi.forEachChild(node, visit);
  };
  visit(root);
}

function isValueRead(tsi: TypeScript, id: ts.Identifier): boolean {
  const parent = id.parent;
  if (tsi.isPropertyAccessExpression(parent)) return parent.expression === id;
  if (tsi.isQualifiedName(parent) || tsi.isMetaProperty(parent) || tsi.isJsxAttribute(parent)) return false;
  if (tsi.isLabeledStatement(parent) || tsi.isBreakOrContinueStatement(parent)) return false;
  if (tsi.isShorthandPropertyAssignment(parent)) return parent.name !== id || !isAssignmentTarget(tsi, id);
  if (tsi.isBindingElement(parent)) return parent.initializer === id;
  if (tsi.isJsxOpeningElement(parent) || tsi.isJsxSelfClosingElement(parent) || tsi.isJsxClosingElement(parent)) {
    return parent.tagName === id && !/^[a-z]/.test(id.text);
  }
  const named = parent as { name?: ts.Node; propertyName?: ts.Node };
  if (named.name === id || named.propertyName === id) return false;
  return !isAssignmentTarget(tsi, id);
}

/** The identifier is written by `=` (directly or inside a destructuring pattern) or a for-in/of head. */
function isAssignmentTarget(tsi: TypeScript, id: ts.Identifier): boolean {
  let node: ts.Node = id;
  for (;;) {
    const parent: ts.Node = node.parent;
    if (tsi.isParenthesizedExpression(parent) || tsi.isArrayLiteralExpression(parent) || tsi.isSpreadElement(parent)) {
      node = parent;
    } else if (tsi.isShorthandPropertyAssignment(parent) || tsi.isPropertyAssignment(parent) || tsi.isSpreadAssignment(parent)) {
      if (tsi.isPropertyAssignment(parent) && parent.initializer !== node) return false;
      node = parent.parent;
    } else if (tsi.isBinaryExpression(parent)) {
      return parent.left === node && parent.operatorToken.kind === tsi.SyntaxKind.EqualsToken;
    } else if (tsi.isForInStatement(parent) || tsi.isForOfStatement(parent)) {
      return parent.initializer === node;
    } else {
      return false;
    }
  }
}
