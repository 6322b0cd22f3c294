// `cache-to-disk doctor`: a tag that no plugin ever saw fails silently (plain `tsc` 7 ignores
// `plugins` and exits 0; tsx and bundlers never run TypeScript transformers). This lists the
// tagged functions of the project's sources, says for each whether the cache has ever seen it
// (a function folder exists for its id), and for the unseen ones names the likely cause and the
// fix for the toolchain found in package.json, tsconfig.json and the config files. With a shared
// tier configured, it also checks that Redis answers and that its client is installed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Command, CommandContext, Report } from '../command';
import { CliError } from '../errors';
import { printable } from '../format';
import { checkRemote, remoteCheckText } from '../remote-check';
import { renderTable } from '../table';
import { findings, readToolchain, type Finding, type Toolchain } from '../toolchain';
import { taggedFunctions } from '../tagged-functions';
import { functionId, packageRoot } from '../../core';
import { functionDir } from '../../runtime/store/layout';
import { isRealDir } from '../../runtime/store/walk';

export interface DoctorFunction {
  id: string;
  /** Project-relative, `/`-separated. */
  file: string;
  line: number;
  column: number;
  seen: boolean;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const DECLARATION = /\.d\.[cm]?ts$/;
// Output folders hold compiled copies of the sources, JSDoc included, under other paths.
const OUTPUT_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage']);

export const doctor: Command = {
  name: 'doctor',
  args: '',
  summary: 'tagged functions in this project that the cache has never seen, with the likely cause and fix',
  maxArgs: 0,
  writes: false,
  async run(context: CommandContext): Promise<Report> {
    const project = packageRoot(context.cwd);
    if (project === null) {
      throw new CliError('CTD_CLI_NO_PROJECT', `no package.json in ${context.cwd} or above it. Run doctor inside the project whose sources hold the tags.`);
    }
    const toolchain = readToolchain(project);
    const progress = context.progress('reading sources');
    const functions = sourceFiles(project, toolchain).flatMap((file) => {
      progress.tick();
      return functionsOf(file, project, context);
    });
    progress.done();
    const unseen = functions.filter((f) => !f.seen);
    const problems = unseen.length > 0 ? findings(project, toolchain) : [];
    const remote = context.remote === undefined ? undefined : await checkRemote(context.remote);
    return {
      json: { project, dir: context.dir, ...(remote === undefined ? {} : { remote }), tools: toolchain.tools, functions, problems },
      text: textOf(project, context.dir, remote === undefined ? '' : remoteCheckText(remote), toolchain, functions, problems),
    };
  },
};

function functionsOf(file: string, project: string, context: CommandContext): DoctorFunction[] {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return taggedFunctions(source).map(({ qualifiedName, line, column }) => {
    const id = functionId(file, qualifiedName);
    return {
      id,
      file: relative(project, file).split(sep).join('/'),
      line,
      column,
      seen: context.exists && isRealDir(functionDir(context.root, id)),
    };
  });
}

/** Source files under the project, without node_modules, output folders (`outDir` too) and dot-folders. */
function sourceFiles(project: string, toolchain: Toolchain): string[] {
  const skip = new Set([...OUTPUT_DIRS].map((d) => join(project, d)));
  if (toolchain.outDir !== undefined) skip.add(join(project, toolchain.outDir));
  const files: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules' && !skip.has(path)) walk(path);
      } else if (entry.isFile() && SOURCE.test(entry.name) && !DECLARATION.test(entry.name)) {
        files.push(path);
      }
    }
  };
  walk(project);
  return files;
}

function textOf(project: string, dir: string, remote: string, toolchain: Toolchain, functions: DoctorFunction[], problems: Finding[]): string {
  const tools = Object.entries(toolchain.tools).map(([name, version]) => `${name} ${version}`).join(', ');
  const head = `Project ${project}\nCache   ${dir}\n${remote}Tools   ${tools || '(none found in package.json)'}\n\n`;
  if (functions.length === 0) return `${head}No tagged functions (/** @cacheToDisk */) in the sources.\n`;
  const rows = functions.map((f) => [printable(f.id), `${printable(f.file)}:${f.line}:${f.column}`, f.seen ? 'yes' : 'never']);
  const table = renderTable([{ title: 'FUNCTION' }, { title: 'WHERE' }, { title: 'SEEN' }], rows);
  const unseen = functions.filter((f) => !f.seen).length;
  const summary = `\n${functions.length} tagged ${functions.length === 1 ? 'function' : 'functions'}, ${unseen} never seen by this cache.\n`;
  if (unseen === 0) return head + table + summary;
  const advice =
    problems.length === 0
      ? 'A function the cache has never seen has not been called yet since the cache was created, or was built without the plugin. The toolchain found looks right: call it once and run doctor again.\n'
      : problems.map((p) => `Likely cause: ${p.cause}\nFix: ${p.fix}\n`).join('\n');
  return `${head}${table}${summary}\n${advice}`;
}
