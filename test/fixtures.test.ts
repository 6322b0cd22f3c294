// The fixture suite (STYLE "Fixture tests that drive both front ends"): every case under fixtures/
// is compiled by the real ts-patch and the real Babel, from one temporary tree per module kind,
// and each layer is a named test so a failure says which one broke — outline parity, key parity,
// errors, baseline, snapshots, declarations, behaviour, cross-build, edit variants.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { suite, test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CompileError } from '../core/messages';
import type { FunctionSite, ModuleOutline } from '../core/outline';
import * as ts from 'typescript';
import { compileBabel } from './helpers/compile-babel';
import { compileTsc } from './helpers/compile-tsc';
import { normalizeFile, normalizeText } from './helpers/normalize';
import { runNode } from './helpers/run-node';
import { createTempProject, REPO_ROOT, type CasePackage, type TempProject } from './helpers/temp-project';

const FIXTURES = join(REPO_ROOT, 'fixtures');
const CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const UPDATE = process.env.UPDATE === '1';
/** `FIXTURE=forms/class` runs only the cases whose path contains the text, as Babel's TEST_ONLY. */
const ONLY = process.env.FIXTURE;
const FRONTENDS: readonly Frontend[] = ['tsc', 'babel'];
const MODULES: readonly ModuleKind[] = ['cjs', 'esm'];
/** The module kind whose emitted code is kept as output.<frontend>.js for review. */
const SNAPSHOT_MODULE: ModuleKind = 'esm';
/** The one module the plugin may add to a file's imports. */
const RUNTIME_ENTRY = 'cache-to-disk/runtime';

// ---------------------------------------------------------------------------------------------
// The two front ends, behind one shape: what each compiled file produced.

type Frontend = 'tsc' | 'babel';
type ModuleKind = 'cjs' | 'esm';

interface ReportedSite {
  id: string;
  fingerprint: string;
  /** The site's entry in the module outline, as the front end located it. */
  outline: FunctionSite;
}

interface FileResult {
  /** The emitted JavaScript; absent when the file did not compile. */
  code?: string;
  /** The emitted `.d.ts` (tsc only). */
  declarations?: string;
  /** The plugin's errors, as data. */
  errors: Pick<CompileError, 'file' | 'line' | 'column' | 'code' | 'message'>[];
  /** Any other diagnostic of the compiler, as text. */
  diagnostics: string[];
  sites: ReportedSite[];
  /** The whole module outline the front end reported with the file's sites; absent when it reported none. */
  outline?: ModuleOutline;
}

interface Build {
  /** By absolute source path. */
  files: Map<string, FileResult>;
  /** What the compiler reported outside every given file. */
  problems: string[];
}

interface CompileRequest {
  frontend: Frontend;
  module: ModuleKind;
  plugin: boolean;
  root: string;
  files: string[];
  options: Record<string, unknown>;
}

function compileFixtures(request: CompileRequest): Build {
  return request.frontend === 'babel' ? babelBuild(request) : tscBuild(request);
}

function tscBuild(request: CompileRequest): Build {
  const converted = ts.convertCompilerOptionsFromJson(request.options, request.root);
  if (converted.errors.length > 0) {
    throw new Error(`"tsconfig" in options.json: ${converted.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`);
  }
  const result = compileTsc({
    root: request.root,
    files: request.files,
    module: request.module,
    plugin: request.plugin,
    compilerOptions: converted.options,
  });
  const files = new Map<string, FileResult>();
  for (const file of request.files) {
    const base = relative(request.root, file).split(sep).join('/').replace(/\.ts$/, '');
    const code = result.files[`${base}.js`];
    const declarations = result.files[`${base}.d.ts`];
    files.set(file, {
      ...(code !== undefined ? { code } : {}),
      ...(declarations !== undefined ? { declarations } : {}),
      errors: [],
      diagnostics: [],
      sites: [],
    });
  }
  const problems: string[] = [];
  for (const d of result.diagnostics) {
    const text = `${d.file ?? '(no file)'}:${d.line ?? 0}:${d.column ?? 0} ${d.code} ${d.message}`;
    const target = d.file === undefined ? undefined : files.get(join(request.root, d.file));
    if (!target) problems.push(text);
    else if (/^CTD\d+$/.test(d.code)) target.errors.push({ file: d.file!, line: d.line!, column: d.column!, code: d.code, message: d.message });
    else target.diagnostics.push(text);
  }
  for (const site of result.sites) {
    const target = files.get(site.file);
    if (!target) problems.push(`a site was reported for ${site.file}, which is not a root file`);
    else {
      target.sites.push({ id: site.descriptor.id, fingerprint: site.descriptor.fingerprint, outline: site.site });
      target.outline = site.outline;
    }
  }
  return { files, problems };
}

function babelBuild(request: CompileRequest): Build {
  const compiled = compileBabel({
    root: request.root,
    files: request.files,
    module: request.module,
    plugin: request.plugin,
    babel: request.options,
  });
  const files = new Map<string, FileResult>();
  for (const file of compiled) {
    files.set(file.file, {
      ...(file.code !== undefined ? { code: file.code } : {}),
      errors: file.errors,
      diagnostics: file.diagnostics,
      sites: file.sites.map((s) => ({ id: s.functionId, fingerprint: s.fingerprint, outline: s.site })),
      ...(file.sites[0] ? { outline: file.sites[0].outline } : {}),
    });
  }
  return { files, problems: [] };
}

// ---------------------------------------------------------------------------------------------
// The fixture tree: cases, their files and their merged options.

interface Options {
  frontends: Frontend[];
  modules: ModuleKind[];
  runs: number;
  minNode?: string;
  tsconfig?: Record<string, unknown>;
  babel?: Record<string, unknown>;
  why?: string;
}

interface Variant {
  /** `same-comment`, `changed-helper`. */
  name: string;
  text: string;
  /** For `changed-*`: the qualified names its first line says change. */
  changes?: string[];
}

interface Case {
  /** `forms/class-method`. */
  path: string;
  dir: string;
  options: Options;
  inputName: string;
  input: string;
  hasExec: boolean;
  expect?: unknown[];
  errorLine?: string;
  untagged: boolean;
  variants: Variant[];
}

const FIXED_FILES = new Set([
  'exec.ts', 'expect.json', 'keys.json', 'options.json', 'error.txt', 'output.tsc.js', 'output.babel.js',
]);
const OPTION_KEYS = new Set(['frontends', 'modules', 'runs', 'minNode', 'tsconfig', 'babel', 'why']);

function readOptions(file: string, problems: string[]): Partial<Options> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${rel(file)}: ${(error as Error).message}`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`${rel(file)}: must hold a JSON object`);
    return {};
  }
  const options = parsed as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) problems.push(`${rel(file)}: unknown option "${key}" (known: ${[...OPTION_KEYS].join(', ')})`);
  }
  const listOf = <T extends string>(key: string, allowed: readonly T[]): void => {
    const value = options[key];
    if (value === undefined) return;
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => allowed.includes(v as T))) {
      problems.push(`${rel(file)}: "${key}" must be a non-empty list of ${allowed.join(' / ')}`);
    }
  };
  listOf('frontends', FRONTENDS);
  listOf('modules', MODULES);
  if (options.runs !== undefined && !(Number.isInteger(options.runs) && (options.runs as number) >= 1)) {
    problems.push(`${rel(file)}: "runs" must be a positive integer`);
  }
  if (options.minNode !== undefined && !(typeof options.minNode === 'string' && /^\d+(\.\d+){0,2}$/.test(options.minNode))) {
    problems.push(`${rel(file)}: "minNode" must be a version such as "22.12"`);
  }
  for (const key of ['tsconfig', 'babel']) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      problems.push(`${rel(file)}: "${key}" must be an object of options`);
    }
  }
  // A restriction is explained where it is made; cases below a restricted group inherit both.
  if (Array.isArray(options.frontends) && options.frontends.length < FRONTENDS.length && typeof options.why !== 'string') {
    problems.push(`${rel(file)}: "frontends" is restricted to ${options.frontends.join(', ')} without a "why"`);
  }
  return options as Partial<Options>;
}

function walk(dir: string, inherited: Options, cases: Case[], problems: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true });
  const local = readOptions(join(dir, 'options.json'), problems);
  const options: Options = { ...inherited, ...local };
  if (dir === FIXTURES && !(local.frontends && local.modules && local.runs)) {
    problems.push('options.json: the root options must set "frontends", "modules" and "runs", the defaults of every case');
  }
  const names = entries.filter((e) => e.isFile()).map((e) => e.name);
  const input = names.find((n) => n === 'input.ts' || n === 'input.js');

  if (!input) {
    for (const name of names) {
      if (name !== 'options.json') problems.push(`${rel(join(dir, name))}: a folder without input.ts holds only options.json and case folders`);
    }
    const subdirs = entries.filter((e) => e.isDirectory());
    if (subdirs.length === 0 && dir !== FIXTURES) problems.push(`${rel(dir)}: empty folder (a case needs input.ts)`);
    for (const sub of subdirs) walk(join(dir, sub.name), options, cases, problems);
    return;
  }
  const parsed = readCase(dir, input, names, options, problems);
  for (const sub of entries.filter((e) => e.isDirectory())) problems.push(`${rel(join(dir, sub.name))}: a case folder holds no folders`);
  if (parsed) cases.push(parsed);
}

function readCase(dir: string, inputName: string, names: string[], options: Options, problems: string[]): Case | undefined {
  const before = problems.length;
  const path = rel(dir);
  const ext = inputName.slice('input'.length);
  const variantPattern = new RegExp(`^(same|changed)-[a-z0-9-]+\\${ext}$`);
  for (const name of names) {
    if (name !== inputName && !FIXED_FILES.has(name) && !variantPattern.test(name)) {
      problems.push(`${path}/${name}: unknown file name (a case holds ${inputName}, ${[...FIXED_FILES].join(', ')}, same-*${ext}, changed-*${ext})`);
    }
  }
  if (names.includes('input.ts') && names.includes('input.js')) problems.push(`${path}: both input.ts and input.js`);

  const has = (name: string) => names.includes(name);
  const untagged = path.split('/')[0] === 'untagged';
  const variantNames = names.filter((n) => variantPattern.test(n)).sort();
  if (has('error.txt')) {
    for (const other of ['exec.ts', 'expect.json', 'keys.json', 'output.tsc.js', 'output.babel.js', ...variantNames]) {
      if (has(other)) problems.push(`${path}: error.txt makes this an error case, which cannot also hold ${other}`);
    }
  }
  if (untagged) {
    for (const other of ['error.txt', 'keys.json', 'output.tsc.js', 'output.babel.js', ...variantNames]) {
      if (has(other)) problems.push(`${path}: an untagged case is compared with the unplugged build and cannot hold ${other}`);
    }
  }
  if (has('expect.json') && !has('exec.ts')) problems.push(`${path}: expect.json without exec.ts`);

  let expect: unknown[] | undefined;
  if (has('expect.json')) {
    try {
      const parsed = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as unknown;
      if (!Array.isArray(parsed) || (options.runs !== undefined && parsed.length !== options.runs)) {
        problems.push(`${path}/expect.json: must be a list of ${options.runs} reports, one per run`);
      } else expect = parsed;
    } catch (error) {
      problems.push(`${path}/expect.json: ${(error as Error).message}`);
    }
  }

  let errorLine: string | undefined;
  if (has('error.txt')) {
    const lines = readFileSync(join(dir, 'error.txt'), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length !== 1) problems.push(`${path}/error.txt: must hold exactly one line`);
    else errorLine = lines[0]!;
  }

  const variants: Variant[] = variantNames.map((name) => {
    const text = readFileSync(join(dir, name), 'utf8');
    const variant: Variant = { name: name.slice(0, -ext.length), text };
    if (name.startsWith('changed-')) {
      const match = /^\/\/ changes: *(.+)\r?\n/.exec(text);
      if (!match) problems.push(`${path}/${name}: the first line must be "// changes: name1, name2"`);
      else variant.changes = match[1]!.split(',').map((s) => s.trim()).filter(Boolean).sort();
    }
    return variant;
  });

  if (problems.length > before) return undefined;
  return {
    path,
    dir,
    options,
    inputName,
    input: readFileSync(join(dir, inputName), 'utf8'),
    hasExec: has('exec.ts'),
    ...(expect ? { expect } : {}),
    ...(errorLine !== undefined ? { errorLine } : {}),
    untagged,
    variants,
  };
}

function rel(path: string): string {
  return relative(FIXTURES, path).split(sep).join('/') || '.';
}

// ---------------------------------------------------------------------------------------------
// Builds: one temporary tree per module kind; each front end compiles it with the plugin on and
// off, in one invocation per option set.

/** What a source file of the tree is to its case: the input, the exec, or an edit variant. */
type SourceRole = 'input' | 'exec' | Variant;

interface Tree {
  project: TempProject;
  /** Absolute source path → the case it belongs to and the role of the file. */
  sources: Map<string, { case: Case; role: SourceRole }>;
}

const variantPath = (c: Case, v: Variant) => `${c.path}--${v.name}`;

function createTree(module: ModuleKind, cases: Case[]): Tree {
  const packages: CasePackage[] = [];
  for (const c of cases) {
    const files: Record<string, string> = { [`src/${c.inputName}`]: c.input };
    if (c.hasExec) files['src/exec.ts'] = readFileSync(join(c.dir, 'exec.ts'), 'utf8');
    packages.push({ path: c.path, files });
    // Each variant is its own package holding src/input.*, so its ids equal the input's ids.
    for (const v of c.variants) packages.push({ path: variantPath(c, v), files: { [`src/${c.inputName}`]: v.text } });
  }
  const project = createTempProject(module === 'esm' ? 'module' : 'commonjs', packages);
  const sources: Tree['sources'] = new Map();
  for (const c of cases) {
    sources.set(join(project.dir(c.path), 'src', c.inputName), { case: c, role: 'input' });
    if (c.hasExec) sources.set(join(project.dir(c.path), 'src', 'exec.ts'), { case: c, role: 'exec' });
    for (const v of c.variants) sources.set(join(project.dir(variantPath(c, v)), 'src', c.inputName), { case: c, role: v });
  }
  return { project, sources };
}

const trees = new Map<ModuleKind, Tree>();
const buildCache = new Map<string, Promise<Build>>();
const cleanups: Array<() => void> = [];
process.on('exit', () => cleanups.forEach((cleanup) => cleanup()));

function tree(module: ModuleKind): Tree {
  let t = trees.get(module);
  if (!t) {
    t = createTree(module, allCases);
    trees.set(module, t);
    const { project } = t;
    cleanups.push(() => project.remove());
  }
  return t;
}

/**
 * The build of every case with one front end, module kind and plugin setting, made once and
 * shared by every test that needs it. Cases with their own tsconfig / Babel options are compiled
 * in a separate invocation per distinct option set.
 */
function build(frontend: Frontend, module: ModuleKind, plugin: boolean): Promise<Build> {
  const key = `${frontend}/${module}/${plugin ? 'on' : 'off'}`;
  let cached = buildCache.get(key);
  if (!cached) {
    cached = (async () => {
      const t = tree(module);
      const batches = new Map<string, string[]>();
      for (const [file, source] of t.sources) {
        const { options } = source.case;
        if (!options.frontends.includes(frontend) || !options.modules.includes(module)) continue;
        if (!plugin && !unpluggedBuildNeeded(source.case, source.role, frontend, module)) continue;
        const extra = JSON.stringify((frontend === 'tsc' ? source.case.options.tsconfig : source.case.options.babel) ?? {});
        batches.set(extra, [...(batches.get(extra) ?? []), file]);
      }
      const parts: Build[] = [];
      for (const [extra, files] of batches) {
        parts.push(compileFixtures({ frontend, module, plugin, root: t.project.root, files, options: JSON.parse(extra) as Record<string, unknown> }));
      }
      return mergeBuilds(parts);
    })();
    cached.catch(() => undefined);
    buildCache.set(key, cached);
  }
  return cached;
}

/**
 * The unplugged build is the baseline of untagged cases, and the declaration baseline of tagged
 * ones: `.d.ts` files must not change (SPEC §3), which one module kind shows.
 */
function unpluggedBuildNeeded(c: Case, role: SourceRole, frontend: Frontend, module: ModuleKind): boolean {
  if (role !== 'input') return false;
  if (c.untagged) return true;
  return frontend === 'tsc' && module === SNAPSHOT_MODULE && c.errorLine === undefined;
}

function mergeBuilds(parts: Build[]): Build {
  if (parts.length === 1) return parts[0]!;
  const merged: Build = { files: new Map(), problems: [] };
  for (const part of parts) {
    for (const [file, result] of part.files) merged.files.set(file, result);
    merged.problems.push(...part.problems);
  }
  return merged;
}

interface CaseBuild {
  frontend: Frontend;
  module: ModuleKind;
  root: string;
  result: FileResult;
}

/** One case's input as one build saw it; fails the calling test when the build failed outright. */
async function caseBuild(c: Case, frontend: Frontend, module: ModuleKind, plugin = true, file = c.inputName, pkg = c.path): Promise<CaseBuild> {
  let b: Build;
  try {
    b = await build(frontend, module, plugin);
  } catch (error) {
    throw new Error(`the ${frontend} front end could not compile the fixtures (${module}, plugin ${plugin ? 'on' : 'off'}): ${(error as Error).message}`);
  }
  const t = tree(module);
  const source = join(t.project.dir(pkg), 'src', file);
  if (b.problems.length > 0) {
    throw new Error(`the ${frontend} build (${module}) reported problems no case owns:\n${normalizeText(b.problems.join('\n'), t.project.root)}`);
  }
  const result = b.files.get(source);
  if (!result) throw new Error(`the ${frontend} build (${module}) returned nothing for ${normalizeText(source, t.project.root)}`);
  return { frontend, module, root: t.project.root, result };
}

/**
 * One file's errors in error.txt's form: `input.ts:L:C CODE message`, the path relative to the
 * case's src/ folder. Front ends print the hint after the message in their own way (the Babel
 * plugin on the next line, the transformer after a dash on the same one), so when the expected
 * line is known and the text starts with it, whatever follows is the hint and is cut off.
 */
function errorLines(cb: CaseBuild, expected?: string): string[] {
  return cb.result.errors.map((e) => {
    const full = `${e.file.split(/[\\/]/).pop()}:${e.line}:${e.column} ${e.code} ${e.message}`;
    return expected !== undefined && full.startsWith(expected) ? expected : full.split('\n')[0]!;
  });
}

/** Compared one by one, so a mismatch names the field and diffs only it. */
const OUTLINE_FIELDS = ['file', 'source', 'declarations', 'imports', 'sites'] as const;

/** One field of the build's module outline as comparable text: the temporary root as `<ROOT>`. */
function outlineField(cb: CaseBuild, field: (typeof OUTLINE_FIELDS)[number]): string {
  const outline = cb.result.outline;
  if (!outline) return `(${cb.frontend}/${cb.module} reported no module outline)`;
  const value = outline[field];
  return normalizeText(typeof value === 'string' ? value : JSON.stringify(value, null, 2), cb.root);
}

function keysOf(cb: CaseBuild): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const s of cb.result.sites) keys[s.id] = s.fingerprint;
  return keys;
}

function buildsOf(c: Case): Array<[Frontend, ModuleKind]> {
  return c.options.frontends.flatMap((f) => c.options.modules.map((m) => [f, m] as [Frontend, ModuleKind]));
}

function assertNoErrors(cb: CaseBuild): void {
  const errors = [...errorLines(cb), ...cb.result.diagnostics];
  assert.ok(errors.length === 0, `${cb.frontend}/${cb.module} reported:\n${normalizeText(errors.join('\n'), cb.root)}`);
}

// ---------------------------------------------------------------------------------------------
// Snapshots: created on first run outside CI, compared afterwards, refreshed with UPDATE=1.

function matchSnapshot(file: string, actual: string): void {
  const shown = rel(file);
  if (!existsSync(file)) {
    if (CI) assert.unreachable(`${shown} is missing; snapshots are never written in CI. Run the suite locally and commit the file.`);
    writeFileSync(file, actual);
    return;
  }
  const expected = readFileSync(file, 'utf8');
  if (expected === actual) return;
  if (UPDATE && !CI) {
    writeFileSync(file, actual);
    return;
  }
  assert.fixture(actual, expected, `${shown} differs from this build (UPDATE=1 refreshes it once the change is intended)`);
}

// ---------------------------------------------------------------------------------------------
// Runs: each exec on a fresh cache directory, queued by run-node at two processes at a time.

const cacheRoot = mkdtempSync(join(tmpdir(), 'ctd-fixture-caches-'));
cleanups.push(() => rmSync(cacheRoot, { recursive: true, force: true }));
let cacheDirs = 0;

const execFiles = new Map<string, Promise<string>>();

/** Writes one build's input.js and exec.js next to each other, once, and returns exec.js. */
function execFile(c: Case, frontend: Frontend, module: ModuleKind): Promise<string> {
  const key = `${c.path}|${frontend}|${module}`;
  let file = execFiles.get(key);
  if (!file) {
    file = (async () => {
      const exec = await caseBuild(c, frontend, module, true, 'exec.ts');
      const input = await caseBuild(c, frontend, module);
      for (const [name, cb] of [[c.inputName, input], ['exec.ts', exec]] as const) {
        if (cb.result.code === undefined) {
          const errors = [...errorLines(cb), ...cb.result.diagnostics].join('\n');
          throw new Error(`${frontend}/${module} emitted no code for ${name}:\n${normalizeText(errors, cb.root)}`);
        }
      }
      const out = join(c.path, 'out', frontend);
      const t = tree(module);
      t.project.write(join(out, 'input.js'), input.result.code!);
      return t.project.write(join(out, 'exec.js'), exec.result.code!);
    })();
    execFiles.set(key, file);
  }
  return file;
}

const runCache = new Map<string, Promise<unknown[]>>();

function newCacheDir(): string {
  return join(cacheRoot, String(++cacheDirs));
}

/**
 * Starts every planned sequence of a case: `sequence[i]`'s exec runs as run i+1 on one cache
 * directory. Sequences that begin with the same build share their first run; each continues on
 * its own copy of the directory that run left behind, which is the state a second process sees.
 */
function startSequences(c: Case): void {
  const groups = new Map<string, Array<[ModuleKind, Frontend[]]>>();
  for (const planned of plannedSequences(c)) {
    const key = `${planned[0]}|${planned[1][0]}`;
    groups.set(key, [...(groups.get(key) ?? []), planned]);
  }
  for (const group of groups.values()) {
    const [module, [first]] = group[0]!;
    const firstRun = (async () => {
      const cacheDir = newCacheDir();
      const report = await runNode(await execFile(c, first!, module), { cacheDir, run: 1, module });
      return { cacheDir, report };
    })();
    for (const [, sequence] of group) {
      const reports = (async () => {
        const shared = await firstRun;
        const cacheDir = newCacheDir();
        if (existsSync(shared.cacheDir)) cpSync(shared.cacheDir, cacheDir, { recursive: true, preserveTimestamps: true });
        const all = [shared.report];
        for (let i = 1; i < sequence.length; i++) {
          all.push(await runNode(await execFile(c, sequence[i]!, module), { cacheDir, run: i + 1, module }));
        }
        return all;
      })();
      reports.catch(() => undefined);
      runCache.set(`${c.path}|${module}|${sequence.join(',')}`, reports);
    }
  }
}

/**
 * The reports of one sequence. Every sequence of every case is started the first time any is
 * awaited, so run-node's queue stays full while the tests before them check outlines and keys.
 */
function sequenceResult(c: Case, module: ModuleKind, sequence: Frontend[]): Promise<unknown[]> {
  if (runCache.size === 0) allCases.forEach(startSequences);
  return runCache.get(`${c.path}|${module}|${sequence.join(',')}`)!;
}

function nodeSupports(c: Case): boolean {
  if (!c.options.minNode) return true;
  const want = c.options.minNode.split('.').map(Number);
  const have = process.versions.node.split('.').map(Number);
  for (let i = 0; i < want.length; i++) if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) > want[i]!;
  return true;
}

function plannedSequences(c: Case): Array<[ModuleKind, Frontend[]]> {
  if (!c.hasExec || c.errorLine !== undefined || !nodeSupports(c)) return [];
  const planned: Array<[ModuleKind, Frontend[]]> = [];
  for (const [f, m] of buildsOf(c)) planned.push([m, Array.from({ length: c.options.runs }, () => f)]);
  if (crossBuilds(c)) {
    for (const sequence of CROSS_SEQUENCES) planned.push([c.options.modules[0]!, sequence]);
  }
  return planned;
}

/**
 * Both orders, on the case's first module kind only: the keys are constants baked in at compile
 * time and key parity already compares them across module kinds, so a second kind would only
 * double the processes.
 */
const CROSS_SEQUENCES: Frontend[][] = [['tsc', 'babel'], ['babel', 'tsc']];

function crossBuilds(c: Case): boolean {
  return c.options.frontends.length === FRONTENDS.length && c.options.runs >= 2;
}

// ---------------------------------------------------------------------------------------------
// The tests.

const treeProblems: string[] = [];
const allCases: Case[] = [];
walk(FIXTURES, {} as Options, allCases, treeProblems);
if (ONLY) allCases.splice(0, allCases.length, ...allCases.filter((c) => c.path.includes(ONLY)));

test('the fixture tree is well-formed', () => {
  assert.ok(treeProblems.length === 0, `\n${treeProblems.join('\n')}`);
  assert.ok(allCases.length > 0, `no cases found under fixtures/${ONLY ? ` matching FIXTURE=${ONLY}` : ''}`);
});
test.run();

// A case whose merged options are incomplete is reported by the tree test above, not run.
for (const c of allCases) if (c.options.frontends && c.options.modules && c.options.runs) registerCase(c);

function registerCase(c: Case): void {
  const s = suite(`fixtures/${c.path}`);
  const both = c.options.frontends.length === FRONTENDS.length;
  const tagged = c.errorLine === undefined && !c.untagged;

  if (both && tagged) {
    s('outline parity', async () => {
      const [ref, ...others] = await Promise.all(buildsOf(c).map(([f, m]) => caseBuild(c, f, m)));
      const shape = (cb: CaseBuild) => normalizeText(JSON.stringify(cb.result.sites.map((x) => x.outline), null, 2), cb.root);
      assert.ok(ref!.result.sites.length > 0, `${ref!.frontend}/${ref!.module} found no tagged function in ${c.inputName}`);
      for (const other of others) {
        assert.fixture(shape(other), shape(ref!), `the outline of ${other.frontend}/${other.module} differs from ${ref!.frontend}/${ref!.module}`);
        for (const field of OUTLINE_FIELDS) {
          assert.fixture(
            outlineField(other, field),
            outlineField(ref!, field),
            `the module outline's ${field} of ${other.frontend}/${other.module} differs from ${ref!.frontend}/${ref!.module}`,
          );
        }
      }
    });
  }

  if (tagged) {
    s('key parity', async () => {
      const builds = await Promise.all(buildsOf(c).map(([f, m]) => caseBuild(c, f, m)));
      const [ref, ...others] = builds;
      for (const other of others) {
        assert.equal(keysOf(other), keysOf(ref!), `functionIds / fingerprints of ${other.frontend}/${other.module} differ from ${ref!.frontend}/${ref!.module}`);
      }
      matchSnapshot(join(c.dir, 'keys.json'), `${JSON.stringify(keysOf(ref!), null, 2)}\n`);
    });
  }

  s('errors', async () => {
    // Every build's lines side by side, so one diff shows which front ends and kinds disagree.
    const actual: Record<string, string[]> = {};
    const expected: Record<string, string[]> = {};
    for (const [f, m] of buildsOf(c)) {
      const files = [await caseBuild(c, f, m), ...(c.hasExec ? [await caseBuild(c, f, m, true, 'exec.ts')] : [])];
      actual[`${f}/${m}`] = files.flatMap((cb) => [
        ...errorLines(cb, c.errorLine),
        ...cb.result.diagnostics.map((d) => normalizeText(d, cb.root)),
      ]);
      expected[`${f}/${m}`] = c.errorLine === undefined ? [] : [c.errorLine];
    }
    assert.equal(actual, expected, c.errorLine === undefined ? 'no build may report an error' : 'each build must report exactly the error of error.txt');
  });

  if (c.untagged) {
    s('baseline', async () => {
      for (const [f, m] of buildsOf(c)) {
        const on = await caseBuild(c, f, m, true);
        const off = await caseBuild(c, f, m, false);
        assertNoErrors(on);
        assert.equal(on.result.sites.length, 0, `${f}/${m} reported tagged functions in an untagged file`);
        assert.ok(off.result.code !== undefined, `${f}/${m} without the plugin emitted nothing`);
        assert.fixture(on.result.code ?? '', off.result.code!, `${f}/${m}: the output with the plugin must equal the output without it, byte for byte`);
      }
    });
  }

  if (tagged && c.options.modules.includes(SNAPSHOT_MODULE)) {
    s('snapshots', async () => {
      for (const f of c.options.frontends) {
        const cb = await caseBuild(c, f, SNAPSHOT_MODULE);
        assert.ok(cb.result.code !== undefined, `${f} emitted no code`);
        const allowed = new Set([...moduleSpecifiers(c.input), RUNTIME_ENTRY]);
        const foreign = moduleSpecifiers(cb.result.code!).filter((spec) => !allowed.has(spec));
        assert.equal(foreign, [], `${f}: the emitted code may load ${RUNTIME_ENTRY} and what the source imports, nothing else`);
        matchSnapshot(join(c.dir, `output.${f}.js`), normalizeFile(normalizeText(cb.result.code!, cb.root)));
      }
    });
  }

  if (tagged && c.options.frontends.includes('tsc') && c.options.modules.includes(SNAPSHOT_MODULE)) {
    s('declarations', async () => {
      const on = await caseBuild(c, 'tsc', SNAPSHOT_MODULE, true);
      const off = await caseBuild(c, 'tsc', SNAPSHOT_MODULE, false);
      assert.ok(off.result.declarations !== undefined, 'tsc emitted no declarations without the plugin');
      assert.fixture(on.result.declarations ?? '', off.result.declarations!, 'the .d.ts with the plugin must equal the .d.ts without it (SPEC §3)');
    });
  }

  if (c.hasExec && c.errorLine === undefined && nodeSupports(c)) {
    for (const [f, m] of buildsOf(c)) {
      s(`behaviour ${f}/${m}`, async () => {
        const reports = await sequenceResult(c, m, Array.from({ length: c.options.runs }, () => f));
        if (c.expect) assert.equal(reports, c.expect, `reports of runs 1..${c.options.runs} (actual) against expect.json (expected)`);
      });
    }
    if (crossBuilds(c)) {
      const m = c.options.modules[0]!;
      for (const sequence of CROSS_SEQUENCES) {
        s(`cross-build ${sequence.join(' → ')} (${m})`, async () => {
          const reports = await sequenceResult(c, m, sequence);
          if (c.expect) {
            assert.equal(reports, c.expect.slice(0, 2), `run 1 on the ${sequence[0]} build filled the cache; run 2 on the ${sequence[1]} build must report the hits of expect.json`);
          }
        });
      }
    }
  }

  if (c.variants.length > 0) {
    s('edit variants', async () => {
      const module = c.options.modules[0]!;
      for (const f of c.options.frontends) {
        const input = await caseBuild(c, f, module);
        const inputKeys = namedKeys(keysOf(input));
        for (const v of c.variants) {
          const vb = await caseBuild(c, f, module, true, c.inputName, variantPath(c, v));
          assertNoErrors(vb);
          const keys = namedKeys(keysOf(vb));
          assert.equal(Object.keys(keys).sort(), Object.keys(inputKeys).sort(), `${f}: ${v.name} must tag the same functions as ${c.inputName}`);
          const changed = Object.keys(keys).filter((name) => keys[name] !== inputKeys[name]).sort();
          assert.equal(changed, v.changes ?? [], `${f}: functions whose key changed in ${v.name} (actual) against ${v.changes ? 'its "// changes:" line' : 'none, as a same-* variant'} (expected)`);
        }
      }
      if (c.options.frontends.length === FRONTENDS.length) {
        for (const v of c.variants) {
          const [a, b] = await Promise.all(FRONTENDS.map((f) => caseBuild(c, f, module, true, c.inputName, variantPath(c, v))));
          assert.equal(keysOf(b!), keysOf(a!), `${v.name}: keys of babel differ from tsc`);
        }
      }
    });
  }

  s.run();
}

function moduleSpecifiers(code: string): string[] {
  return ts.preProcessFile(code, true, true).importedFiles.map((f) => f.fileName);
}

/** `{ "src/input.ts#gross": fp }` → `{ gross: fp }`. */
function namedKeys(keys: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(keys).map(([id, fp]) => [id.slice(id.indexOf('#') + 1), fp]));
}
