// Import rules between the top-level folders, checked on the TypeScript sources:
//   core/                    Node built-ins only
//   runtime/                 core/ leaf modules (not the analysis pipeline) and nothing else of ours;
//                            never typescript or @babel
//   transformer/             core/ only, never babel-plugin/; typescript as types only (the host's
//                            instance arrives through ts-patch's extras)
//   babel-plugin/            core/ only, never transformer/
//   cli/                     runtime/ and core/
//   unplugin/, register/     babel-plugin/ and core/
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from './helpers/temp-project';

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

interface Rule {
  /** Folders of ours this folder may import from (its own is always allowed). */
  ours: string[];
  /** Modules of ours that are off limits even inside an allowed folder. */
  forbiddenModules?: string[];
  /** Packages that must not be imported at all. */
  forbiddenPackages?: RegExp[];
  /** Packages that may be imported for their types only. */
  typeOnlyPackages?: RegExp[];
  /** Only Node built-ins, no package at all. */
  builtinsOnly?: boolean;
  why: string;
}

const COMPILERS = [/^typescript(\/|$)/, /^@babel\//];

const RULES: Record<string, Rule> = {
  core: { ours: [], builtinsOnly: true, why: 'core/ imports only Node built-ins' },
  runtime: {
    ours: ['core'],
    forbiddenModules: ['core/index', 'core/analyze'],
    forbiddenPackages: COMPILERS,
    why: 'runtime/ imports core/ leaf modules and nothing else of ours, and never loads typescript or @babel',
  },
  transformer: {
    ours: ['core'],
    typeOnlyPackages: [/^typescript(\/|$)/],
    forbiddenPackages: [/^@babel\//],
    why: 'transformer/ imports core/, never babel-plugin/, and uses the host\'s typescript (types only)',
  },
  'babel-plugin': {
    ours: ['core'],
    forbiddenPackages: [/^typescript(\/|$)/],
    why: 'babel-plugin/ imports core/ and never transformer/',
  },
  cli: { ours: ['runtime', 'core'], why: 'cli/ imports runtime/ and core/' },
  unplugin: { ours: ['babel-plugin', 'core'], why: 'unplugin/ runs the Babel front end and core/' },
  register: { ours: ['babel-plugin', 'core'], why: 'register/ runs the Babel front end and core/' },
};

const OUR_FOLDERS = new Set([...Object.keys(RULES), 'test', 'bench', 'examples', 'fixtures']);
const BUILTINS = new Set(builtinModules);

/** Every module specifier of a source file, with whether the reference is type-only. */
function importsOf(fileName: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const add = (node: ts.Node, literal: ts.Expression | undefined, typeOnly: boolean): void => {
    if (literal && ts.isStringLiteralLike(literal)) {
      refs.push({ specifier: literal.text, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const allTypes = !!clause && (clause.isTypeOnly || (!clause.name && !!clause.namedBindings &&
        ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 &&
        clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(node)) {
      const allTypes = node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) &&
        node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      add(node, node.moduleSpecifier, allTypes);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression, true);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      const isResolve = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'require' && callee.name.text === 'resolve';
      if (isRequire || isResolve || callee.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

/** Where a specifier lands: a folder of ours and module path (`core/hash`), or a package name. */
function target(file: string, specifier: string): { ours: string } | { pkg: string } {
  if (specifier.startsWith('.')) {
    const path = relative(REPO_ROOT, resolve(dirname(file), specifier)).split(sep).join('/');
    return { ours: path.replace(/\.(js|ts|cjs|mjs)$/, '') };
  }
  if (specifier === 'cache-to-disk' || specifier.startsWith('cache-to-disk/')) {
    const sub = specifier === 'cache-to-disk' ? '.' : `./${specifier.slice('cache-to-disk/'.length)}`;
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | { default: string }> };
    const entry = manifest.exports[sub];
    const built = typeof entry === 'string' ? entry : entry?.default ?? specifier;
    return { ours: built.replace(/^\.\/dist\//, '').replace(/\.js$/, '') };
  }
  const parts = specifier.split('/');
  return { pkg: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]! };
}

/** The rule violations of one file of `folder`, as readable lines. */
function violations(folder: string, file: string, text: string): string[] {
  const rule = RULES[folder]!;
  const where = (ref: ImportRef) => `${relative(REPO_ROOT, file).split(sep).join('/')}:${ref.line}`;
  const found: string[] = [];
  for (const ref of importsOf(file, text)) {
    const spec = ref.specifier;
    if (spec.startsWith('node:') || BUILTINS.has(spec)) continue;
    const t = target(file, spec);
    if ('ours' in t) {
      const top = t.ours.split('/')[0]!;
      if (top === folder) continue;
      if (!OUR_FOLDERS.has(top) && !t.ours.startsWith('..')) {
        found.push(`${where(ref)} imports "${spec}" (${t.ours}), outside every known folder`);
      } else if (!rule.ours.includes(top)) {
        found.push(`${where(ref)} imports "${spec}" (${t.ours}): ${rule.why}`);
      } else if (rule.forbiddenModules?.includes(t.ours) && !ref.typeOnly) {
        found.push(`${where(ref)} imports "${spec}" (${t.ours}), which is not a leaf module: ${rule.why}`);
      }
      continue;
    }
    if (rule.builtinsOnly) {
      found.push(`${where(ref)} imports the package "${spec}": ${rule.why}`);
    } else if (rule.forbiddenPackages?.some((p) => p.test(spec))) {
      found.push(`${where(ref)} imports "${spec}": ${rule.why}`);
    } else if (!ref.typeOnly && rule.typeOnlyPackages?.some((p) => p.test(spec))) {
      found.push(`${where(ref)} imports "${spec}" as a value: ${rule.why}`);
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

test('the scanner sees every way of loading a module', () => {
  const file = join(REPO_ROOT, 'runtime', 'probe.ts');
  const text = [
    "import type { Node } from 'typescript';",
    "import { type Program } from 'typescript';",
    "import * as babel from '@babel/core';",
    "export { analyzeModule } from '../core/analyze';",
    "import { sha256Hex } from '../core/hash';",
    "const t = require('../transformer/index');",
    "void import('../babel-plugin');",
    "type X = import('typescript').SourceFile;",
    "import * as fs from 'node:fs';",
    "import 'cache-to-disk/transformer';",
  ].join('\n');
  const refs = importsOf(file, text);
  assert.equal(refs.map((r) => [r.specifier, r.typeOnly]), [
    ['typescript', true],
    ['typescript', true],
    ['@babel/core', false],
    ['../core/analyze', false],
    ['../core/hash', false],
    ['../transformer/index', false],
    ['../babel-plugin', false],
    ['typescript', true],
    ['node:fs', false],
    ['cache-to-disk/transformer', false],
  ]);
  const found = violations('runtime', file, text);
  assert.equal(found.length, 8, found.join('\n'));
  assert.ok(found.some((v) => v.includes('"@babel/core"')));
  assert.ok(found.some((v) => v.includes('core/analyze') && v.includes('not a leaf module')));
  assert.ok(found.some((v) => v.includes('cache-to-disk/transformer')));
  assert.equal(violations('core', join(REPO_ROOT, 'core', 'probe.ts'), "import { x } from 'acorn';").length, 1);
  assert.equal(violations('transformer', join(REPO_ROOT, 'transformer', 'probe.ts'), "import * as ts from 'typescript';").length, 1);
});

test('core/ exists and is scanned', () => {
  assert.ok(sourceFiles(join(REPO_ROOT, 'core')).length > 0, 'no TypeScript sources found under core/');
});

for (const folder of Object.keys(RULES)) {
  test(`${folder}/ follows its import rule`, () => {
    const found = sourceFiles(join(REPO_ROOT, folder)).flatMap((file) => violations(folder, file, readFileSync(file, 'utf8')));
    assert.ok(found.length === 0, `\n${found.join('\n')}`);
  });
}

test.run();
