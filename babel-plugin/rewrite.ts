// The emitted shape, one branch per function form, the same as the TypeScript transformer's. The
// function keeps its node (name, modifiers, hoisting, `loc`) and gets placeholder parameters of
// the same `length`; its original parameters and body move, untouched, into an arrow that the
// runtime calls on a miss, so `this`, `arguments`, `super` and `new.target` keep their meaning
// and source maps still point into the original text. Names come from `generateUidIdentifier`
// and every node is placed once (identifiers are cloned at each use).
import type { NodePath, types as t } from '@babel/core';
import type { AnalyzedSite, SiteDescriptor } from '../core';

export type BabelTypes = typeof import('@babel/core').types;

/** What a module's rewrite adds at its top: one `var` per site, then links of hoisted functions. */
export interface ModuleTop {
  siteVars: t.Statement[];
  hoistedLinks: t.Statement[];
}

/** The generated names of one site. */
interface SiteNames {
  siteId: t.Identifier;
  /** One per parameter that counts towards `length`: those before the first default or rest. */
  placeholders: t.Identifier[];
  /** The arrow wrapper's rest parameter. */
  rest: t.Identifier | undefined;
  captures: readonly string[];
}

interface Emit {
  t: BabelTypes;
  program: NodePath<t.Program>;
  runtime: t.Identifier;
  top: ModuleTop;
}

/**
 * Rewrites every analysed site of a module. `paths` maps each site's `range[0]` to its node.
 * Innermost sites go first (reverse source order), so a tagged function nested in another is
 * rewritten before its container's body moves.
 */
export function rewriteSites(
  t: BabelTypes,
  program: NodePath<t.Program>,
  runtime: t.Identifier,
  sites: readonly AnalyzedSite[],
  paths: ReadonlyMap<number, NodePath>,
): ModuleTop {
  const emit: Emit = { t, program, runtime, top: { siteVars: [], hoistedLinks: [] } };
  // Names are taken in source order so that output reads `_a`, `_a2`, … from the top down.
  const named = sites.map((analyzed) => {
    const path = paths.get(analyzed.site.range[0])!;
    const name = `ctd_${analyzed.site.qualifiedName.replace(/[^\w$]/g, '_')}`;
    return { analyzed, path, siteId: program.scope.generateUidIdentifier(name), names: parameterNames(emit, path) };
  });
  for (const { analyzed, siteId } of named) {
    emit.top.siteVars.push(
      t.variableDeclaration('var', [
        t.variableDeclarator(siteId, runtimeCall(emit, 'site', [descriptorLiteral(t, analyzed.descriptor)])),
      ]),
    );
  }
  for (const { analyzed, path, siteId, names } of [...named].reverse()) {
    const site: SiteNames = { siteId, captures: analyzed.descriptor.captures ?? [], ...names };
    if (path.isArrowFunctionExpression() || path.isFunctionExpression()) {
      // outline.ts only accepts these as the initialiser of a variable named by an identifier.
      const declarator = path.parentPath as NodePath<t.VariableDeclarator>;
      const name = (declarator.node.id as t.Identifier).name;
      if (path.isArrowFunctionExpression()) wrapArrow(emit, path, site);
      else wrapFunction(emit, path as NodePath<t.FunctionExpression>, site);
      linkAfter(emit, declarator.parentPath, t.identifier(name), siteId);
    } else if (path.isFunctionDeclaration()) {
      wrapFunction(emit, path, site);
      linkDeclaration(emit, path, siteId);
    } else if (path.isClassMethod() || path.isClassPrivateMethod()) {
      wrapFunction(emit, path, site);
      linkClassMethod(emit, path, siteId);
    } else if (path.isObjectMethod()) {
      wrapFunction(emit, path, site);
      linkObjectMethod(emit, path, siteId);
    }
  }
  return emit.top;
}

/**
 * Function declarations, function expressions, class and object methods: the node stays (so a
 * declaration stays hoisted and a method stays a method), with placeholder parameters and a body
 * that forwards `this` and `arguments`.
 *
 * @example
 * // export async function f(a, b = 1, ...rest) { body }
 * export async function f(_a) {
 *   return _ctd.call(_ctd_f, this, arguments, async (a, b = 1, ...rest) => { body }, [captured]);
 * }
 * // class C { static async m(this: C, a) { body } }
 * class C { static async m(_a) { return _ctd.call(_ctd_C_m, this, arguments, async (a) => { body }); } }
 */
function wrapFunction(
  emit: Emit,
  path: NodePath<t.FunctionDeclaration | t.FunctionExpression | t.ClassMethod | t.ClassPrivateMethod | t.ObjectMethod>,
  site: SiteNames,
): void {
  const { t } = emit;
  const node = path.node;
  const params = withoutThisParam(node.params);
  const body = node.body;
  // A directive ("use strict") stays on the function callers enter: it decides whether a plain
  // call's `this` is undefined or the global object, and the arrow inherits it from there.
  const directives = body.directives;
  body.directives = [];
  const impl = t.arrowFunctionExpression(params as t.ArrowFunctionExpression['params'], body, node.async);
  const args = [t.cloneNode(site.siteId), t.thisExpression(), t.identifier('arguments'), impl];
  node.params = site.placeholders;
  node.body = t.blockStatement([t.returnStatement(runtimeCall(emit, 'call', withCaptures(t, args, site.captures)))], directives);
}

/**
 * Arrows have no `arguments` of their own: the wrapper takes placeholders of the same `length`
 * plus a rest and forwards them as an array; the original arrow becomes the implementation.
 *
 * @example
 * // export const g = (a, { x }) => body;
 * export const g = (_a, _arg, ..._r) => _ctd.call(_ctd_g, void 0, [_a, _arg, ..._r], (a, { x }) => body);
 */
function wrapArrow(
  emit: Emit,
  path: NodePath<t.ArrowFunctionExpression>,
  site: SiteNames,
): void {
  const { t } = emit;
  const arrow = path.node;
  const { placeholders, rest } = site;
  const forwarded = t.arrayExpression([...placeholders.map((p) => t.cloneNode(p)), t.spreadElement(t.cloneNode(rest!))]);
  const args = [t.cloneNode(site.siteId), t.unaryExpression('void', t.numericLiteral(0)), forwarded, arrow];
  const call = runtimeCall(emit, 'call', withCaptures(t, args, site.captures));
  path.replaceWith(t.arrowFunctionExpression([...placeholders, t.restElement(t.cloneNode(rest!))], call, arrow.async));
}

/** A TypeScript `this` parameter types the receiver; it is not an argument and an arrow cannot have one. */
function withoutThisParam<P extends t.Node>(params: P[]): P[] {
  const first = params[0];
  return first?.type === 'Identifier' && first.name === 'this' ? params.slice(1) : params;
}

function parameterNames(emit: Emit, path: NodePath): Pick<SiteNames, 'placeholders' | 'rest'> {
  const params = withoutThisParam((path.node as t.Function).params);
  const counted = params.findIndex((p) => p.type === 'AssignmentPattern' || p.type === 'RestElement');
  const placeholders = params.slice(0, counted === -1 ? params.length : counted).map((p) => {
    const name = p.type === 'Identifier' ? p.name : 'arg';
    return emit.program.scope.generateUidIdentifier(name);
  });
  const rest = path.isArrowFunctionExpression() ? emit.program.scope.generateUidIdentifier('r') : undefined;
  return { placeholders, rest };
}

function withCaptures(t: BabelTypes, args: t.Expression[], captures: readonly string[]): t.Expression[] {
  return captures.length === 0 ? args : [...args, t.arrayExpression(captures.map((name) => t.identifier(name)))];
}

function runtimeCall(emit: Emit, method: 'site' | 'call' | 'link', args: t.Expression[]): t.CallExpression {
  const { t } = emit;
  return t.callExpression(t.memberExpression(t.cloneNode(emit.runtime), t.identifier(method)), args);
}

/** `{"id": …, "fingerprint": …}`: quoted keys, in the descriptor's own order, as JSON would print it. */
function descriptorLiteral(t: BabelTypes, descriptor: SiteDescriptor): t.ObjectExpression {
  return t.objectExpression(
    Object.entries(descriptor)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => t.objectProperty(t.stringLiteral(key), t.valueToNode(value))),
  );
}

function linkStatement(emit: Emit, target: t.Expression, siteId: t.Identifier, name?: string): t.Statement {
  const args = [target, emit.t.cloneNode(siteId), ...(name === undefined ? [] : [emit.t.stringLiteral(name)])];
  return emit.t.expressionStatement(runtimeCall(emit, 'link', args));
}

/**
 * A hoisted declaration is callable before its statement runs, so its link runs first: at the
 * module top (after the site vars) or at the start of the enclosing block. An anonymous
 * `export default function` gets a generated name to be linked by, and the link gives it back
 * the name `default` that ES modules give it.
 */
function linkDeclaration(emit: Emit, path: NodePath<t.FunctionDeclaration>, siteId: t.Identifier): void {
  const anonymous = !path.node.id;
  if (anonymous) {
    if (!path.parentPath.isExportDefaultDeclaration()) return;
    path.node.id = emit.program.scope.generateUidIdentifier('default');
  }
  const id = path.node.id!;
  const statement = path.parentPath.isExportDeclaration() ? path.parentPath : path;
  const link = linkStatement(emit, emit.t.identifier(id.name), siteId, anonymous ? 'default' : undefined);
  const block = statement.parentPath;
  if (block?.isProgram()) emit.top.hoistedLinks.unshift(link);
  else if (block?.isBlockStatement()) block.unshiftContainer('body', link);
  else if (block?.isSwitchCase()) block.unshiftContainer('consequent', link);
}

/** `class C { m() {} }` → `_ctd.link(C.prototype.m, _ctd_C_m)`; static → `C.m`; `#private` is not reachable. */
function linkClassMethod(emit: Emit, path: NodePath<t.ClassMethod | t.ClassPrivateMethod>, siteId: t.Identifier): void {
  const { t } = emit;
  const node = path.node;
  const key = memberKey(t, node.key, node.computed ?? false);
  const classPath = path.parentPath.parentPath as NodePath<t.Class>;
  if (!key) return;
  let className: string | undefined;
  let statement: NodePath;
  if (classPath.isClassDeclaration()) {
    className = classPath.node.id?.name;
    statement = classPath;
  } else {
    const declarator = classPath.parentPath;
    if (!declarator?.isVariableDeclarator() || declarator.node.id.type !== 'Identifier') return;
    className = declarator.node.id.name;
    statement = declarator.parentPath;
  }
  if (!className) return;
  const owner = node.static
    ? t.identifier(className)
    : t.memberExpression(t.identifier(className), t.identifier('prototype'));
  linkAfter(emit, statement, t.memberExpression(owner, key.node, key.computed), siteId);
}

/** `const o = { a: { m() {} } }` → `_ctd.link(o.a.m, _ctd_o_a_m)` after the statement. */
function linkObjectMethod(emit: Emit, path: NodePath<t.ObjectMethod>, siteId: t.Identifier): void {
  const { t } = emit;
  const keys: { node: t.Expression; computed: boolean }[] = [];
  let member: NodePath = path;
  for (;;) {
    const node = member.node as t.ObjectMethod | t.ObjectProperty;
    const key = memberKey(t, node.key, node.computed);
    if (!key) return;
    keys.unshift(key);
    const object = member.parentPath!;
    const holder = object.parentPath!;
    if (holder.isVariableDeclarator() && holder.node.id.type === 'Identifier') {
      const target = keys.reduce<t.Expression>(
        (object, k) => t.memberExpression(object, k.node, k.computed),
        t.identifier(holder.node.id.name),
      );
      linkAfter(emit, holder.parentPath, target, siteId);
      return;
    }
    if (!holder.isObjectProperty() || object.key !== 'value') return;
    member = holder;
  }
}

/** A property key that can be read again after the definition: names and literals, not computed expressions. */
function memberKey(t: BabelTypes, key: t.Node, computed: boolean): { node: t.Expression; computed: boolean } | undefined {
  if (!computed && key.type === 'Identifier') return { node: t.identifier(key.name), computed: false };
  if (key.type === 'StringLiteral') return { node: t.stringLiteral(key.value), computed: true };
  if (key.type === 'NumericLiteral') return { node: t.numericLiteral(key.value), computed: true };
  return undefined;
}

/** Links right after the statement that defines the name, when that statement sits in a statement list. */
function linkAfter(emit: Emit, statement: NodePath, target: t.Expression, siteId: t.Identifier): void {
  const outer = statement.parentPath?.isExportDeclaration() ? statement.parentPath : statement;
  if (!Array.isArray(outer.container)) return;
  insertAfterStatement(outer, [linkStatement(emit, target, siteId)]);
}

/**
 * Inserts statements after `statement`. A comment between it and the next statement is attached
 * to both (trailing here, leading there) and printed where first met, so it moves to the last
 * inserted statement and stays next to the code it documents.
 */
export function insertAfterStatement(statement: NodePath, statements: t.Statement[]): void {
  const last = statements[statements.length - 1]!;
  last.trailingComments = statement.node.trailingComments;
  statement.node.trailingComments = null;
  statement.insertAfter(statements);
}
