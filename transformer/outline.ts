// TypeScript AST → ModuleOutline: where each tagged thing is, what it is called, what it reads
// from enclosing functions, and the module's top-level declarations and imports — all as offsets
// into the original text, so core/ can derive keys and messages without knowing TypeScript.
//
// Tags are found in the raw `/** */` text before a node (ts.get*CommentRanges), never via
// ts.getJSDocTags: tsc parses JSDoc in .ts files only when it mentions @see or @link since 5.3,
// so the tag would be invisible under tspc but visible in an editor (nonara/ts-patch#134).
import type * as ts from 'typescript';
import { isTagComment } from '../core';
import type {
  DeclarationOutline,
  FunctionKind,
  FunctionSite,
  ImportOutline,
  ModuleOutline,
  ParamOutline,
} from '../core/outline';
import { findCaptures } from './captures';
import type { TypeScript } from './host';

/** The function-like node of a taggable form that rewrite.ts replaces. */
export type SiteFunction =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration;

/**
 * How the function object can be named after its definition, so `_ctd.link(…)` can register it:
 * `root.path…` evaluated right after `after`, or at the top of its statement list when hoisted.
 */
export interface Reach {
  /**
   * The declared name the path starts from; absent for an anonymous `export default function`,
   * which the rewrite names. A declaration node rather than text, so TypeScript's CommonJS
   * transform can rewrite a reference to an exported `const` into `exports.x`.
   */
  root?: ts.Identifier;
  path: string[];
  /** The statement the link follows; absent for a hoisted function declaration. */
  after?: ts.Statement;
}

export interface LocatedSite {
  site: FunctionSite;
  /** Present for function kinds only; the other kinds are errors core reports. */
  node?: SiteFunction;
  reach?: Reach;
}

export interface LocatedModule {
  outline: ModuleOutline;
  located: LocatedSite[];
}

const TAG = '@cacheToDisk';

function tagOffsets(text: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(TAG); at !== -1; at = text.indexOf(TAG, at + TAG.length)) out.push(at);
  return out;
}

export function outlineModule(tsi: TypeScript, file: ts.SourceFile): LocatedModule {
  const text = file.text;
  const tags = tagOffsets(text);
  const claimed = new Set<number>();
  const located: LocatedSite[] = [];

  /** Every tagged `/** *\/` block before `node`; more than one is an error core reports. */
  function tagComments(node: ts.Node): FunctionSite['comment'][] {
    if (!tags.some((at) => at >= node.pos && at < node.end)) return [];
    const start = node.getStart(file);
    if (!tags.some((at) => at >= node.pos && at < start)) return [];
    const found: FunctionSite['comment'][] = [];
    // Leading ranges start after the first line break; a comment on the line of the previous
    // token (`{ /** @cacheToDisk */ m() {} }`) is reported as that token's trailing comment.
    const ranges = [...tsi.getTrailingCommentRanges(text, node.pos) ?? [], ...tsi.getLeadingCommentRanges(text, node.pos) ?? []];
    for (const range of ranges) {
      if (range.kind !== tsi.SyntaxKind.MultiLineCommentTrivia || claimed.has(range.pos)) continue;
      const comment = text.slice(range.pos, range.end);
      if (isTagComment(comment)) {
        claimed.add(range.pos);
        found.push({ text: comment, start: range.pos });
      }
    }
    return found;
  }

  function visit(node: ts.Node, names: string[], reach: Reach | undefined): void {
    for (const comment of tagComments(node)) located.push(locate(tsi, file, node, comment, names, reach));
    const inner = innerContext(tsi, node, names, reach);
    tsi.forEachChild(node, (child) => visit(child, inner.names, inner.reachOf(child)));
  }

  tsi.forEachChild(file, (child) => visit(child, [], undefined));

  return {
    outline: {
      file: file.fileName,
      source: text,
      declarations: topLevelDeclarations(tsi, file),
      imports: moduleImports(tsi, file),
      sites: located.map((entry) => entry.site),
    },
    located,
  };
}

function locate(
  tsi: TypeScript,
  file: ts.SourceFile,
  owner: ts.Node,
  comment: FunctionSite['comment'],
  names: string[],
  reach: Reach | undefined,
): LocatedSite {
  const target = taggedTarget(tsi, owner);
  const fn = target.fn;
  const kind: FunctionKind = fn ? kindOf(tsi, fn) : 'not-a-function';
  const node = fn ?? target.node;
  const site: FunctionSite = {
    qualifiedName: [...names, target.name].join('.'),
    kind,
    async: fn !== undefined && hasModifier(fn, tsi.SyntaxKind.AsyncKeyword),
    range: [ownStart(tsi, file, node), node.end],
    comment,
    params: [],
    captures: [],
  };
  if (!fn || kind === 'generator' || kind === 'accessor' || kind === 'constructor') return { site };
  const siteFunction = fn as SiteFunction;
  site.params = paramsOf(tsi, siteFunction);
  site.captures = findCaptures(tsi, siteFunction, target.selfName);
  return { site, node: siteFunction, reach: reachOf(tsi, siteFunction, owner, reach) };
}

interface TaggedTarget {
  /** The node the error points at when it is not a function. */
  node: ts.Node;
  fn?: ts.FunctionLikeDeclaration;
  name: string;
  /** The binding the function's own name creates in its enclosing scope; never a capture. */
  selfName?: string;
}

function taggedTarget(tsi: TypeScript, owner: ts.Node): TaggedTarget {
  const SK = tsi.SyntaxKind;
  if (tsi.isVariableStatement(owner)) {
    const first = owner.declarationList.declarations[0];
    if (first) {
      const target = taggedTarget(tsi, first);
      // A variable that holds no function is reported at its statement (`const …;`), as the
      // Babel front end reports it: both point at the declaration's first own token.
      return target.fn ? target : { ...target, node: owner };
    }
  }
  if (tsi.isVariableDeclaration(owner)) {
    const name = tsi.isIdentifier(owner.name) ? owner.name.text : owner.name.getText();
    const init = owner.initializer && skipOuterExpressions(tsi, owner.initializer);
    if (init && (tsi.isArrowFunction(init) || tsi.isFunctionExpression(init))) {
      return { node: owner, fn: init, name, selfName: name };
    }
    return { node: owner, name };
  }
  if (tsi.isFunctionDeclaration(owner)) {
    const name = owner.name?.text ?? 'default';
    if (!owner.body) return { node: owner, name };
    return { node: owner, fn: owner, name, ...(owner.name ? { selfName: name } : {}) };
  }
  if (tsi.isMethodDeclaration(owner) || tsi.isAccessor(owner) || tsi.isConstructorDeclaration(owner)) {
    const name = owner.name ? memberName(tsi, owner.name) : 'constructor';
    if (!owner.body) return { node: owner, name };
    return { node: owner, fn: owner, name };
  }
  const declared = (owner as { name?: ts.Node }).name;
  const name = declared && (tsi.isIdentifier(declared) || tsi.isPrivateIdentifier(declared) || tsi.isStringLiteral(declared))
    ? declared.text
    : owner.kind === SK.ExportAssignment ? 'default' : '(anonymous)';
  return { node: owner, name };
}

function kindOf(tsi: TypeScript, fn: ts.FunctionLikeDeclaration): FunctionKind {
  if (tsi.isGetAccessor(fn) || tsi.isSetAccessor(fn)) return 'accessor';
  if (tsi.isConstructorDeclaration(fn)) return 'constructor';
  if (fn.asteriskToken) return 'generator';
  if (tsi.isFunctionDeclaration(fn)) return 'function-declaration';
  if (tsi.isFunctionExpression(fn)) return 'function-expression';
  if (tsi.isArrowFunction(fn)) return 'arrow';
  if (tsi.isObjectLiteralExpression(fn.parent)) return 'object-method';
  return hasModifier(fn, tsi.SyntaxKind.StaticKeyword) ? 'static-method' : 'method';
}

/** The first token that belongs to the function itself: past `export`, `default` and decorators. */
function ownStart(tsi: TypeScript, file: ts.SourceFile, node: ts.Node): number {
  const SK = tsi.SyntaxKind;
  const modifiers = tsi.canHaveModifiers(node) ? tsi.getModifiers(node) ?? [] : [];
  const decorators = tsi.canHaveDecorators(node) ? tsi.getDecorators(node) ?? [] : [];
  let after = -1;
  for (const m of [...modifiers, ...decorators]) {
    if (m.kind === SK.ExportKeyword || m.kind === SK.DefaultKeyword || m.kind === SK.Decorator) after = Math.max(after, m.end);
  }
  return after === -1 ? node.getStart(file) : skipTrivia(file.text, after);
}

function skipTrivia(text: string, pos: number): number {
  while (pos < text.length) {
    const ch = text.charCodeAt(pos);
    if (ch === 32 || (ch >= 9 && ch <= 13) || ch === 0xa0 || ch === 0xfeff || ch === 0x2028 || ch === 0x2029) pos++;
    else if (text.startsWith('//', pos)) pos = lineEnd(text, pos);
    else if (text.startsWith('/*', pos)) {
      const close = text.indexOf('*/', pos + 2);
      pos = close === -1 ? text.length : close + 2;
    } else break;
  }
  return pos;
}

function lineEnd(text: string, pos: number): number {
  const match = /[\n\r\u2028\u2029]/.exec(text.slice(pos));
  return match ? pos + match.index : text.length;
}

function paramsOf(tsi: TypeScript, fn: ts.FunctionLikeDeclaration): ParamOutline[] {
  return fn.parameters.map((p) => ({ name: tsi.isIdentifier(p.name) ? p.name.text : null, rest: p.dotDotDotToken !== undefined }));
}

export function isThisParameter(tsi: TypeScript, p: ts.ParameterDeclaration): boolean {
  return tsi.isIdentifier(p.name) && p.name.escapedText === 'this';
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  return modifiers?.some((m) => m.kind === kind) ?? false;
}

function skipOuterExpressions(tsi: TypeScript, node: ts.Expression): ts.Expression {
  let current = node;
  while (tsi.isParenthesizedExpression(current) || tsi.isAsExpression(current) || tsi.isSatisfiesExpression(current)
    || tsi.isTypeAssertionExpression(current) || tsi.isNonNullExpression(current)) {
    current = current.expression;
  }
  return current;
}

/** `m`, `#m`, `'a-b'` → `a-b`, `0`; a computed name keeps its source text in brackets. */
function memberName(tsi: TypeScript, name: ts.PropertyName): string {
  if (tsi.isIdentifier(name) || tsi.isPrivateIdentifier(name) || tsi.isStringLiteral(name) || tsi.isNumericLiteral(name)) {
    return name.text;
  }
  return name.getText();
}

/** A member name usable in a link path; undefined when the member cannot be named from outside. */
function reachableName(tsi: TypeScript, name: ts.PropertyName): string | undefined {
  if (tsi.isIdentifier(name) || tsi.isStringLiteral(name) || tsi.isNumericLiteral(name)) return name.text;
  return undefined;
}

interface Context {
  names: string[];
  reachOf(child: ts.Node): Reach | undefined;
}

/** Names and reach for the children of `node`: what qualifies and links a site found below it. */
function innerContext(tsi: TypeScript, node: ts.Node, names: string[], reach: Reach | undefined): Context {
  const none = (): undefined => undefined;
  const inStatementList = (n: ts.Node) => isStatementList(tsi, n.parent);

  if (tsi.isFunctionDeclaration(node)) {
    return { names: [...names, node.name?.text ?? 'default'], reachOf: none };
  }
  if (tsi.isClassDeclaration(node) || tsi.isClassExpression(node)) {
    const own = tsi.isClassDeclaration(node) ? node.name?.text ?? 'default' : namedByParent(tsi, node) ? undefined : node.name?.text;
    const classReach = tsi.isClassDeclaration(node)
      ? node.name && inStatementList(node) ? { root: node.name, path: [], after: node } : undefined
      : reach;
    return {
      names: own ? [...names, own] : names,
      reachOf: (child) => {
        if (!classReach || !tsi.isMethodDeclaration(child)) return undefined;
        const member = reachableName(tsi, child.name);
        if (member === undefined) return undefined;
        const prefix = hasModifier(child, tsi.SyntaxKind.StaticKeyword) ? [] : ['prototype'];
        return { ...classReach, path: [...classReach.path, ...prefix, member] };
      },
    };
  }
  if (tsi.isVariableStatement(node)) {
    return { names, reachOf: () => undefined };
  }
  if (tsi.isVariableDeclarationList(node)) {
    const statement = node.parent;
    const linkable = tsi.isVariableStatement(statement) && inStatementList(statement);
    return {
      names,
      reachOf: (child) => linkable && tsi.isVariableDeclaration(child) && tsi.isIdentifier(child.name)
        ? { root: child.name, path: [], after: statement as ts.VariableStatement }
        : undefined,
    };
  }
  if (tsi.isVariableDeclaration(node)) {
    const own = tsi.isIdentifier(node.name) ? node.name.text : undefined;
    return {
      names: own && node.initializer && isNamedValue(tsi, node.initializer) ? [...names, own] : names,
      reachOf: (child) => (child === node.initializer ? reach : undefined),
    };
  }
  if (tsi.isObjectLiteralExpression(node)) {
    return {
      names,
      reachOf: (child) => {
        if (!reach || !(tsi.isPropertyAssignment(child) || tsi.isMethodDeclaration(child))) return undefined;
        const member = reachableName(tsi, child.name);
        return member === undefined ? undefined : { ...reach, path: [...reach.path, member] };
      },
    };
  }
  if (tsi.isPropertyAssignment(node)) {
    const value = skipOuterExpressions(tsi, node.initializer);
    return {
      names: isNamedValue(tsi, value) ? [...names, memberName(tsi, node.name)] : names,
      reachOf: (child) => (child === node.initializer ? reach : undefined),
    };
  }
  if (tsi.isMethodDeclaration(node) || tsi.isAccessor(node)) {
    return { names: [...names, memberName(tsi, node.name)], reachOf: none };
  }
  if (tsi.isParenthesizedExpression(node) || tsi.isAsExpression(node) || tsi.isSatisfiesExpression(node)) {
    return { names, reachOf: (child) => (child === node.expression ? reach : undefined) };
  }
  if (tsi.isModuleDeclaration(node) && tsi.isIdentifier(node.name)) {
    return { names: [...names, node.name.text], reachOf: none };
  }
  if (tsi.isExportAssignment(node)) {
    return { names: [...names, 'default'], reachOf: none };
  }
  return { names, reachOf: none };
}

/** A value whose name the enclosing `const x =` or `key:` already contributed. */
function namedByParent(tsi: TypeScript, node: ts.Node): boolean {
  let parent = node.parent;
  while (tsi.isParenthesizedExpression(parent) || tsi.isAsExpression(parent) || tsi.isSatisfiesExpression(parent)) parent = parent.parent;
  return tsi.isVariableDeclaration(parent) || tsi.isPropertyAssignment(parent);
}

function isNamedValue(tsi: TypeScript, node: ts.Expression): boolean {
  const value = skipOuterExpressions(tsi, node);
  return tsi.isArrowFunction(value) || tsi.isFunctionExpression(value) || tsi.isClassExpression(value)
    || tsi.isObjectLiteralExpression(value);
}

export function isStatementList(tsi: TypeScript, node: ts.Node | undefined): boolean {
  return node !== undefined && (tsi.isSourceFile(node) || tsi.isBlock(node) || tsi.isModuleBlock(node)
    || tsi.isCaseClause(node) || tsi.isDefaultClause(node));
}

function reachOf(tsi: TypeScript, fn: SiteFunction, owner: ts.Node, reach: Reach | undefined): Reach | undefined {
  if (tsi.isFunctionDeclaration(fn)) {
    if (!isStatementList(tsi, fn.parent)) return undefined;
    return fn.name ? { root: fn.name, path: [] } : { path: [] };
  }
  if (tsi.isVariableStatement(owner) || tsi.isVariableDeclaration(owner)) {
    const declaration = tsi.isVariableStatement(owner) ? owner.declarationList.declarations[0] : owner;
    const statement = declaration?.parent.parent;
    if (!declaration || !tsi.isIdentifier(declaration.name) || !statement || !tsi.isVariableStatement(statement)
      || !isStatementList(tsi, statement.parent)) {
      return undefined;
    }
    return { root: declaration.name, path: [], after: statement };
  }
  return reach;
}

function topLevelDeclarations(tsi: TypeScript, file: ts.SourceFile): DeclarationOutline[] {
  const SK = tsi.SyntaxKind;
  const out: DeclarationOutline[] = [];
  for (const statement of file.statements) {
    if (hasModifier(statement, SK.DeclareKeyword)) continue;
    let names: string[] = [];
    if (tsi.isFunctionDeclaration(statement) || tsi.isClassDeclaration(statement)) {
      names = statement.name ? [statement.name.text] : [];
    } else if (tsi.isVariableStatement(statement)) {
      names = statement.declarationList.declarations.flatMap((d) => bindingNames(tsi, d.name));
    } else if (tsi.isEnumDeclaration(statement)) {
      names = [statement.name.text];
    } else if (tsi.isModuleDeclaration(statement) && tsi.isIdentifier(statement.name)) {
      names = [statement.name.text];
    } else {
      continue;
    }
    if (names.length > 0) out.push({ names, range: [statement.getStart(file), statement.end] });
  }
  return out;
}

export function bindingNames(tsi: TypeScript, name: ts.BindingName): string[] {
  if (tsi.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (tsi.isOmittedExpression(element) ? [] : bindingNames(tsi, element.name)));
}

function moduleImports(tsi: TypeScript, file: ts.SourceFile): ImportOutline[] {
  const out: ImportOutline[] = [];
  for (const statement of file.statements) {
    if (tsi.isImportEqualsDeclaration(statement)) {
      const ref = statement.moduleReference;
      if (tsi.isExternalModuleReference(ref) && tsi.isStringLiteral(ref.expression)) {
        out.push({ local: statement.name.text, specifier: ref.expression.text, imported: '*' });
      }
      continue;
    }
    if (!tsi.isImportDeclaration(statement) || !tsi.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (!clause) continue;
    if (clause.name) out.push({ local: clause.name.text, specifier, imported: 'default' });
    const bindings = clause.namedBindings;
    if (bindings && tsi.isNamespaceImport(bindings)) {
      out.push({ local: bindings.name.text, specifier, imported: '*' });
    } else if (bindings) {
      for (const element of bindings.elements) {
        out.push({ local: element.name.text, specifier, imported: (element.propertyName ?? element.name).text });
      }
    }
  }
  return out;
}
