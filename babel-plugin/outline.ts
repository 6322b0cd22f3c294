// Babel AST → ModuleOutline. Runs on Program enter, before @babel/preset-typescript strips types
// and before a module transform rewrites imports, so every offset is `node.start`/`node.end` into
// the text Babel parsed (`file.code`). core/ derives every token, hash and message from that text;
// this file only locates things.
import type { NodePath, types as t } from '@babel/core';
import { isTagComment } from '../core';
import type {
  DeclarationOutline,
  FunctionKind,
  FunctionSite,
  ImportOutline,
  ModuleOutline,
  ParamOutline,
} from '../core';

type Binding = NonNullable<ReturnType<NodePath['scope']['getBinding']>>;

/** The outline, and for each site the path of the node it describes (keyed by `range[0]`). */
export interface LocatedModule {
  outline: ModuleOutline;
  paths: Map<number, NodePath>;
}

/** TypeScript nodes whose identifiers name types, never values: nothing inside them is captured. */
const TYPE_ONLY = new Set([
  'TSTypeAnnotation',
  'TSTypeParameterDeclaration',
  'TSTypeParameterInstantiation',
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSDeclareFunction',
  'TSDeclareMethod',
  'TSExpressionWithTypeArguments',
  'TSClassImplements',
  'TSInterfaceHeritage',
  'TSIndexSignature',
]);

export function locateModule(program: NodePath<t.Program>, file: string, source: string): LocatedModule {
  const sites: FunctionSite[] = [];
  const paths = new Map<number, NodePath>();
  program.traverse({
    enter(path) {
      const comment = tagComment(path.node, source);
      if (!comment) return;
      const target = siteTarget(path);
      const site = describeSite(target, comment, source);
      sites.push(site);
      paths.set(site.range[0], target);
    },
  });
  sites.sort((a, b) => a.comment.start - b.comment.start);
  return {
    outline: {
      file,
      source,
      declarations: declarations(program.node),
      imports: imports(program.node),
      sites,
    },
    paths,
  };
}

/**
 * The `/** *\/` block directly before a node, when it carries the tag. Line comments and plain
 * blocks between it and the node do not count as "directly preceding" text, matching what tsc's
 * leading-comment ranges give the other front end.
 */
function tagComment(node: t.Node, source: string): FunctionSite['comment'] | undefined {
  const blocks = (node.leadingComments ?? []).filter((c) => c.type === 'CommentBlock' && c.value.startsWith('*'));
  const last = blocks[blocks.length - 1];
  if (!last || last.start == null || last.end == null) return undefined;
  const text = source.slice(last.start, last.end);
  return isTagComment(text) ? { text, start: last.start } : undefined;
}

/**
 * The node a comment describes. Babel attaches a leading comment to the outermost node that
 * starts after it, so `export function f`, `export const f = () =>` and `const f = () =>` carry it
 * on the export or variable statement (TOOLCHAINS §5); the site is the function inside.
 */
function siteTarget(path: NodePath): NodePath {
  let target: NodePath = path;
  if (target.isExportNamedDeclaration() || target.isExportDefaultDeclaration()) {
    const declaration = target.get('declaration') as NodePath;
    if (declaration.node) target = declaration;
  }
  if (target.isVariableDeclaration()) {
    const first = target.get('declarations')[0];
    const init = first?.get('init');
    if (init?.node && first!.get('id').isIdentifier() && (init.isArrowFunctionExpression() || init.isFunctionExpression())) {
      return init;
    }
  }
  return target;
}

function describeSite(path: NodePath, comment: FunctionSite['comment'], source: string): FunctionSite {
  const node = path.node;
  const kind = kindOf(path);
  const isFunction = kind !== 'not-a-function' && path.isFunction();
  return {
    qualifiedName: qualifiedName(path, source),
    kind,
    async: isFunction && (node as t.Function).async === true,
    range: [firstOwnToken(node, source), node.end!],
    comment,
    params: isFunction ? (node as t.Function).params.map(paramOutline) : [],
    captures: isFunction ? captures(path as NodePath<t.Function>) : [],
  };
}

function kindOf(path: NodePath): FunctionKind {
  const node = path.node;
  switch (node.type) {
    case 'FunctionDeclaration':
      return node.generator ? 'generator' : 'function-declaration';
    // Only a variable's initialiser is taggable: elsewhere (an argument, a property value) the
    // function is not reachable by a stable name.
    case 'FunctionExpression':
      if (!isVariableInit(path)) return 'not-a-function';
      return node.generator ? 'generator' : 'function-expression';
    case 'ArrowFunctionExpression':
      return isVariableInit(path) ? 'arrow' : 'not-a-function';
    case 'ClassMethod':
    case 'ClassPrivateMethod':
      if (node.kind === 'constructor') return 'constructor';
      if (node.kind === 'get' || node.kind === 'set') return 'accessor';
      if (node.generator) return 'generator';
      return node.static ? 'static-method' : 'method';
    case 'ObjectMethod':
      if (node.kind === 'get' || node.kind === 'set') return 'accessor';
      return node.generator ? 'generator' : 'object-method';
    default:
      return 'not-a-function';
  }
}

function isVariableInit(path: NodePath): boolean {
  const parent = path.parent;
  return parent.type === 'VariableDeclarator' && path.key === 'init' && parent.id.type === 'Identifier';
}

/**
 * Where the node's own text starts: Babel starts a decorated class member at its first
 * decorator, which is not part of the function.
 */
function firstOwnToken(node: t.Node, source: string): number {
  const decorators = 'decorators' in node ? node.decorators : undefined;
  const last = decorators?.[decorators.length - 1];
  return last?.end != null ? skipTrivia(source, last.end) : node.start!;
}

function skipTrivia(source: string, from: number): number {
  let i = from;
  for (;;) {
    if (/\s/.test(source[i] ?? '')) i++;
    else if (source.startsWith('//', i)) i = lineEnd(source, i);
    else if (source.startsWith('/*', i)) i = source.indexOf('*/', i + 2) + 2;
    else return i;
  }
}

function lineEnd(source: string, from: number): number {
  const match = /[\n\r\u2028\u2029]/.exec(source.slice(from));
  return match ? from + match.index : source.length;
}

function paramOutline(param: t.Node): ParamOutline {
  const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
  const rest = inner.type === 'RestElement';
  const target = inner.type === 'RestElement' ? inner.argument : inner.type === 'AssignmentPattern' ? inner.left : inner;
  return { name: target.type === 'Identifier' ? target.name : null, rest };
}

/**
 * `outer.inner`, `Client.fetchUser`, `obj.method`, `default`: the names of the functions,
 * classes, methods and object literals that enclose the node, outermost first. Anonymous
 * enclosing callbacks contribute nothing.
 */
function qualifiedName(path: NodePath, source: string): string {
  const parts: string[] = [];
  for (let p: NodePath | null = path; p && !p.isProgram(); p = p.parentPath) {
    const name = p === path ? ownName(p, source) ?? targetName(p, source) : ownName(p, source);
    if (name !== undefined) parts.push(name);
  }
  return parts.reverse().join('.');
}

function ownName(path: NodePath, source: string): string | undefined {
  const node = path.node;
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
      return node.id?.name ?? 'default';
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassExpression':
    case 'ObjectExpression':
      return holderName(path, source) ?? ('id' in node && node.id ? node.id.name : undefined);
    case 'ClassMethod':
    case 'ClassPrivateMethod':
    case 'ObjectMethod':
    case 'TSDeclareMethod':
      return keyName(node.key, node.computed ?? false, source);
    default:
      return undefined;
  }
}

/**
 * The name of a tagged node that is not a function (for the error message): a variable, a class
 * field, an enum, a property or default export, else its first line of text.
 */
function targetName(path: NodePath, source: string): string {
  const node = path.node;
  switch (node.type) {
    case 'VariableDeclaration': {
      const id = node.declarations[0]?.id;
      if (id?.type === 'Identifier') return id.name;
      break;
    }
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
      return keyName(node.key, 'computed' in node ? node.computed : false, source);
    case 'TSEnumDeclaration':
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
      return node.id.name;
  }
  const holder = holderName(path, source);
  if (holder !== undefined) return holder;
  const text = source.slice(node.start!, node.end!);
  return text.slice(0, lineEnd(text, 0)).slice(0, 40);
}

/** The name an expression is stored under: a variable, a property, or the default export. */
function holderName(path: NodePath, source: string): string | undefined {
  const parent = path.parent;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'ExportDefaultDeclaration') return 'default';
  if ((parent.type === 'ObjectProperty' || parent.type === 'ClassProperty') && path.key === 'value') {
    return keyName(parent.key, parent.computed, source);
  }
  return undefined;
}

function keyName(key: t.Node, computed: boolean, source: string): string {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateName') return `#${key.id.name}`;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  return `[${source.slice(key.start!, key.end!)}]`;
}

/**
 * Names the function reads or writes as values that resolve, through Babel's scopes, to a
 * binding of an enclosing function (or of a block inside one). Module-level bindings are covered
 * by the fingerprint instead, globals by nothing; the function's own name is not a capture.
 */
function captures(fn: NodePath<t.Function>): string[] {
  const names = new Set<string>();
  const own = fn.scope;
  const visit = (path: NodePath<t.Identifier | t.JSXIdentifier>): void => {
    const name = path.node.name;
    const binding = path.scope.getBinding(name);
    if (!binding || isOwnBinding(binding, fn) || isInside(binding.scope, own)) return;
    if (binding.scope.getFunctionParent() === null) return;
    names.add(name);
  };
  fn.traverse({
    enter(path) {
      if (TYPE_ONLY.has(path.node.type) || path.isTSType()) path.skip();
    },
    ReferencedIdentifier: visit,
    BindingIdentifier: visit,
  });
  return [...names].sort();
}

function isOwnBinding(binding: Binding, fn: NodePath<t.Function>): boolean {
  const declared = binding.path.node;
  return declared === fn.node || (declared.type === 'VariableDeclarator' && declared.init === fn.node);
}

function isInside(scope: NodePath['scope'], ancestor: NodePath['scope']): boolean {
  for (let s: NodePath['scope'] | undefined = scope; s; s = s.parent) if (s === ancestor) return true;
  return false;
}

/** Top-level functions, classes, variables and enums; `export` included, leading comments not. */
function declarations(program: t.Program): DeclarationOutline[] {
  const result: DeclarationOutline[] = [];
  for (const statement of program.body) {
    const inner =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? statement.declaration
        : statement;
    const names = inner ? declaredNames(inner) : [];
    if (names.length > 0) result.push({ names, range: [statement.start!, statement.end!] });
  }
  return result;
}

function declaredNames(node: t.Node): string[] {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
      return node.id ? [node.id.name] : [];
    case 'TSEnumDeclaration':
      return [node.id.name];
    case 'VariableDeclaration':
      return node.declarations.flatMap((d) => patternNames(d.id));
    default:
      return [];
  }
}

/** Binding names of a declarator's target, in source order. */
function patternNames(node: t.Node | null | undefined): string[] {
  if (!node) return [];
  switch (node.type) {
    case 'Identifier':
      return [node.name];
    case 'ObjectPattern':
      return node.properties.flatMap((p) => patternNames(p.type === 'RestElement' ? p : p.value));
    case 'ArrayPattern':
      return node.elements.flatMap((e) => patternNames(e));
    case 'AssignmentPattern':
      return patternNames(node.left);
    case 'RestElement':
      return patternNames(node.argument);
    default:
      return [];
  }
}

function imports(program: t.Program): ImportOutline[] {
  return program.body.flatMap((statement) => {
    if (statement.type !== 'ImportDeclaration') return [];
    const specifier = statement.source.value;
    return statement.specifiers.map((s): ImportOutline => ({
      local: s.local.name,
      specifier,
      imported:
        s.type === 'ImportDefaultSpecifier'
          ? 'default'
          : s.type === 'ImportNamespaceSpecifier'
            ? '*'
            : s.imported.type === 'Identifier'
              ? s.imported.name
              : s.imported.value,
    }));
  });
}
