// The emitted shape (the same one the Babel front end produces): one runtime binding per file,
// one `var` per tagged function right after the imports, each function's body replaced by one
// call into the runtime, and `_ctd.link(fn, site)` wherever the function object has a name.
//
// The original parameters and body move, untouched, into an arrow passed to the runtime, so
// `this`, `arguments`, `super` and `new.target` keep their meaning and the source map keeps
// pointing at the user's lines. The function itself keeps its name, modifiers and hoisting, and
// gets placeholder parameters of the same `length` (as @babel/helper-wrap-function does).
import type * as ts from 'typescript';
import type { AnalyzedSite } from '../core';
import type { SiteDescriptor } from '../core/descriptor';
import type { TypeScript } from './host';
import { isThisParameter, type LocatedSite, type SiteFunction } from './outline';
import { runtimeImport } from './runtime-import';

/** Makes a fresh identifier node at each call, all printed as the same collision-free name. */
type NameRef = () => ts.Identifier;

interface Plan {
  located: LocatedSite;
  descriptor: SiteDescriptor;
  siteVar: NameRef;
  /** The name an anonymous `export default function` is given, so it can be linked. */
  defaultName?: NameRef;
}

export interface RewriteInput {
  file: ts.SourceFile;
  located: LocatedSite[];
  sites: AnalyzedSite[];
  commonjs: boolean;
}

export function rewriteModule(tsi: TypeScript, context: ts.TransformationContext, input: RewriteInput): ts.SourceFile {
  const f = tsi.factory;
  const SK = tsi.SyntaxKind;
  // Optimistic: print the base name itself when no identifier of the file uses it.
  const fileLevel = tsi.GeneratedIdentifierFlags.Optimistic | tsi.GeneratedIdentifierFlags.FileLevel;
  const uniqueName = (base: string, flags = fileLevel): NameRef => {
    const anchor = f.createIdentifier(base);
    return () => f.getGeneratedNameForNode(anchor, flags);
  };
  // Placeholders are only in scope inside their function, so they may repeat across functions;
  // TypeScript still keeps its own temporaries (`_a`, `_b`, … in downlevel output) off them.
  const localName = (base: string): NameRef => uniqueName(base, tsi.GeneratedIdentifierFlags.Optimistic | tsi.GeneratedIdentifierFlags.ReservedInNestedScopes);
  const runtime = uniqueName('_ctd');
  const bySite = new Map(input.located.map((entry) => [entry.site, entry]));
  const plans = new Map<ts.Node, Plan>();
  const siteVars: ts.Statement[] = [];
  const after = new Map<ts.Node, ts.Statement[]>();
  const hoisted = new Map<ts.Node, ts.Statement[]>();

  const runtimeMember = (name: string): ts.Expression => f.createPropertyAccessExpression(runtime(), name);

  for (const { site, descriptor } of input.sites) {
    const located = bySite.get(site);
    if (!located?.node) continue;
    const siteVar = uniqueName(`_ctd_${site.qualifiedName.replace(/[^\p{ID_Continue}$]/gu, '_')}`);
    const plan: Plan = { located, descriptor, siteVar };
    plans.set(located.node, plan);
    siteVars.push(f.createVariableStatement(undefined, f.createVariableDeclarationList([
      f.createVariableDeclaration(siteVar(), undefined, undefined,
        f.createCallExpression(runtimeMember('site'), undefined, [jsonLiteral(tsi, descriptor)])),
    ], tsi.NodeFlags.None)));

    const reach = located.reach;
    if (!reach) continue;
    let root: ts.Identifier;
    if (reach.root) {
      root = tsi.setOriginalNode(f.createIdentifier(reach.root.text), reach.root);
    } else {
      // The name TypeScript's CommonJS transform itself gives the function (`default_1`): it
      // derives it from the same original node, so declaration, export and link agree.
      const anonymous = located.node;
      plan.defaultName = () => f.getGeneratedNameForNode(anonymous);
      root = plan.defaultName();
    }
    const target = reach.path.reduce<ts.Expression>((object, member) => (isIdentifierName(member)
      ? f.createPropertyAccessExpression(object, member)
      : f.createElementAccessExpression(object, f.createStringLiteral(member))), root);
    // ES modules name an anonymous default export `default`; the link gives that name back.
    const restoredName = !reach.root && !input.commonjs ? [f.createStringLiteral('default')] : [];
    const link = f.createExpressionStatement(f.createCallExpression(runtimeMember('link'), undefined, [target, siteVar(), ...restoredName]));
    const key = reach.after ?? located.node.parent;
    const table = reach.after ? after : hoisted;
    table.set(key, [...(table.get(key) ?? []), link]);
  }

  function visit(node: ts.Node): ts.VisitResult<ts.Node> {
    if (tsi.isBlock(node)) return f.updateBlock(node, statementList(node, node.statements));
    if (tsi.isModuleBlock(node)) return f.updateModuleBlock(node, statementList(node, node.statements));
    if (tsi.isCaseClause(node)) {
      return f.updateCaseClause(node, tsi.visitNode(node.expression, visit, tsi.isExpression), statementList(node, node.statements));
    }
    if (tsi.isDefaultClause(node)) return f.updateDefaultClause(node, statementList(node, node.statements));
    const plan = plans.get(node);
    const visited = tsi.visitEachChild(node, visit, context);
    return plan ? rewriteFunction(visited as SiteFunction, plan) : visited;
  }

  /** Visits a statement list, adding links after their statements and hoisted links at its top. */
  function statementList(owner: ts.Node, statements: readonly ts.Statement[]): ts.Statement[] {
    const out: ts.Statement[] = [];
    for (const statement of statements) {
      out.push(...tsi.visitNodes(f.createNodeArray([statement]), visit, tsi.isStatement));
      out.push(...(after.get(statement) ?? []));
    }
    const top = hoisted.get(owner);
    if (top && !tsi.isSourceFile(owner)) out.splice(prologueLength(tsi, out), 0, ...top);
    return out;
  }

  function rewriteFunction(fn: SiteFunction, plan: Plan): ts.Node | ts.Node[] {
    const params = fn.parameters.filter((p) => !isThisParameter(tsi, p));
    const placeholders = Array.from({ length: declaredLength(params) }, (_, i) => localName(i < 26 ? `_${String.fromCharCode(97 + i)}` : `_p${i}`));
    const captures = plan.descriptor.captures ?? [];
    const tail = captures.length > 0 ? [f.createArrayLiteralExpression(captures.map((name) => f.createIdentifier(name)))] : [];
    const siteRef = plan.siteVar();

    /**
     * @example
     * // const g = async (a, { x }) => a + x;
     * const g = async (_a, _b, ..._r) => _ctd.call(_ctd_g, undefined, [_a, _b, ..._r], async (a, { x }) => a + x);
     */
    if (tsi.isArrowFunction(fn)) {
      const rest = localName('_r');
      const forwarded = f.createArrayLiteralExpression([...placeholders.map((name) => name()), f.createSpreadElement(rest())]);
      const call = f.createCallExpression(runtimeMember('call'), undefined, [siteRef, f.createIdentifier('undefined'), forwarded, fn, ...tail]);
      const outerParams = [
        ...placeholders.map((name) => f.createParameterDeclaration(undefined, undefined, name())),
        f.createParameterDeclaration(undefined, f.createToken(SK.DotDotDotToken), rest()),
      ];
      const asyncModifier = fn.modifiers?.filter((m) => m.kind === SK.AsyncKeyword);
      return f.createArrowFunction(asyncModifier, undefined, outerParams, undefined, f.createToken(SK.EqualsGreaterThanToken), call);
    }

    const body = fn.body as ts.Block;
    const movedParams = params.map((p) => (tsi.getDecorators(p)
      ? f.updateParameterDeclaration(p, undefined, p.dotDotDotToken, p.name, p.questionToken, p.type, p.initializer)
      : p));
    const impl = f.createArrowFunction(
      plan.located.site.async ? [f.createModifier(SK.AsyncKeyword)] : undefined,
      undefined, movedParams, undefined, f.createToken(SK.EqualsGreaterThanToken), body);
    const call = f.createCallExpression(runtimeMember('call'), undefined, [siteRef, f.createThis(), f.createIdentifier('arguments'), impl, ...tail]);
    const newBody = f.createBlock([f.createReturnStatement(call)], true);
    // Parameter decorators stay on the method's own parameter list, where decorator emit reads them.
    const outerParams = placeholders.map((name, i) => f.createParameterDeclaration(tsi.getDecorators(params[i]!), undefined, name()));

    /**
     * @example
     * // export async function f(a, b = 1, ...rest) { … }
     * export async function f(_a) { return _ctd.call(_ctd_f, this, arguments, async (a, b = 1, ...rest) => { … }); }
     */
    if (tsi.isFunctionDeclaration(fn)) {
      if (!fn.name && plan.defaultName && !input.commonjs) {
        // ES module output keeps `export default function () {}` anonymous, so it becomes
        // `function default_1() {}` + `export { default_1 as default }`, as CommonJS output names it.
        const modifiers = fn.modifiers?.filter((m) => m.kind !== SK.ExportKeyword && m.kind !== SK.DefaultKeyword);
        return [
          f.updateFunctionDeclaration(fn, modifiers, undefined, plan.defaultName(), fn.typeParameters, outerParams, undefined, newBody),
          f.createExportDeclaration(undefined, false, f.createNamedExports([f.createExportSpecifier(false, plan.defaultName(), 'default')])),
        ];
      }
      return f.updateFunctionDeclaration(fn, fn.modifiers, undefined, fn.name, fn.typeParameters, outerParams, undefined, newBody);
    }
    /**
     * @example
     * // const f = function (a) { … };
     * const f = function (_a) { return _ctd.call(_ctd_f, this, arguments, (a) => { … }); };
     */
    if (tsi.isFunctionExpression(fn)) {
      return f.updateFunctionExpression(fn, fn.modifiers, undefined, fn.name, fn.typeParameters, outerParams, undefined, newBody);
    }
    /**
     * @example
     * // class C { static async m(a) { … } }     const o = { m(a) { … } };
     * class C { static async m(_a) { return _ctd.call(_ctd_C_m, this, arguments, async (a) => { … }); } }
     */
    return f.updateMethodDeclaration(fn, fn.modifiers, undefined, fn.name, fn.questionToken, fn.typeParameters, outerParams, undefined, newBody);
  }

  const file = input.file;
  const statements = statementList(file, file.statements);
  const insertAt = importsEnd(tsi, statements);
  statements.splice(insertAt, 0, runtimeImport(tsi, runtime(), input.commonjs), ...siteVars, ...(hoisted.get(file) ?? []));
  return f.updateSourceFile(file, statements);
}

/** `function (a, b = 1, ...c)` has length 1: parameters before the first default or rest. */
function declaredLength(params: readonly ts.ParameterDeclaration[]): number {
  const index = params.findIndex((p) => p.initializer !== undefined || p.dotDotDotToken !== undefined);
  return index === -1 ? params.length : index;
}

function isIdentifierName(text: string): boolean {
  return /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(text);
}

function prologueLength(tsi: TypeScript, statements: readonly ts.Statement[]): number {
  let i = 0;
  while (i < statements.length && tsi.isExpressionStatement(statements[i]!) && tsi.isStringLiteral((statements[i] as ts.ExpressionStatement).expression)) i++;
  return i;
}

/** After the directive prologue and the leading imports: where the runtime binding and site vars go. */
function importsEnd(tsi: TypeScript, statements: readonly ts.Statement[]): number {
  let i = prologueLength(tsi, statements);
  while (i < statements.length && (tsi.isImportDeclaration(statements[i]!) || tsi.isImportEqualsDeclaration(statements[i]!))) i++;
  return i;
}

/** A SiteDescriptor as an object literal (`{"id":"src/a.ts#f",…}`), the same text JSON.stringify gives. */
function jsonLiteral(tsi: TypeScript, value: unknown): ts.Expression {
  const f = tsi.factory;
  if (Array.isArray(value)) return f.createArrayLiteralExpression(value.map((v) => jsonLiteral(tsi, v)));
  if (typeof value === 'string') return f.createStringLiteral(value);
  if (typeof value === 'number') {
    return value < 0
      ? f.createPrefixUnaryExpression(tsi.SyntaxKind.MinusToken, f.createNumericLiteral(-value))
      : f.createNumericLiteral(value);
  }
  if (typeof value === 'boolean') return value ? f.createTrue() : f.createFalse();
  if (value === null) return f.createNull();
  return f.createObjectLiteralExpression(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => f.createPropertyAssignment(f.createStringLiteral(k), jsonLiteral(tsi, v))),
  );
}
