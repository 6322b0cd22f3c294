// What builds or runs a project, read from its package.json, tsconfig.json and config files, and
// which of those routes leave a tag unseen (TOOLCHAINS.md §4, §6, §8): plain `tsc` 7 ignores
// compilerOptions.plugins and exits 0, `tsc` < 7 ignores them without ts-patch, tsx and bundlers
// never run TypeScript transformers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Toolchain {
  /** Each tool package.json declares, by name: its installed version, else the declared range. */
  tools: Record<string, string>;
  /** tsconfig.json `compilerOptions.outDir`, relative to the project. */
  outDir: string | undefined;
}

export interface Finding {
  code: string;
  cause: string;
  fix: string;
}

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  babel?: unknown;
}

const TOOLS = ['typescript', 'ts-patch', '@babel/core', 'tsx', 'vite', 'esbuild', 'rollup', 'rolldown', 'webpack', '@rspack/core', 'ts-node', 'jest', 'babel-jest'];
const BUNDLERS: Record<string, { config: RegExp; call: string; example: string }> = {
  vite: { config: /^vite\.config\.[cm]?[jt]s$/, call: 'cacheToDisk.vite()', example: "plugins: [cacheToDisk.vite()] in vite.config.ts" },
  rollup: { config: /^rollup\.config\.[cm]?[jt]s$/, call: 'cacheToDisk.rollup()', example: 'plugins: [cacheToDisk.rollup()] in rollup.config.mjs' },
  rolldown: { config: /^rolldown\.config\.[cm]?[jt]s$/, call: 'cacheToDisk.rolldown()', example: 'plugins: [cacheToDisk.rolldown()] in rolldown.config.mjs' },
  webpack: { config: /^webpack\.config\.[cm]?[jt]s$/, call: 'cacheToDisk.webpack()', example: 'plugins: [cacheToDisk.webpack()] in webpack.config.js' },
  '@rspack/core': { config: /^rspack\.config\.[cm]?[jt]s$/, call: 'cacheToDisk.rspack()', example: 'plugins: [cacheToDisk.rspack()] in rspack.config.js' },
  esbuild: { config: /^(esbuild|build)\.[cm]?[jt]s$/, call: 'cacheToDisk.esbuild()', example: 'plugins: [cacheToDisk.esbuild()] in the esbuild.build() call of your build script' },
};
const BABEL_CONFIG = /^(babel\.config\.[cm]?(js|json|ts)|\.babelrc(\.[cm]?(js|json))?)$/;

/** The tools a project uses and its outDir. */
export function readToolchain(project: string): Toolchain {
  const pkg = readPackage(project);
  const declared = { ...pkg.optionalDependencies, ...pkg.dependencies, ...pkg.devDependencies };
  const tools: Record<string, string> = {};
  // Only what the project declares: a package manager hoists tools' own dependencies (vite's
  // esbuild) into node_modules too, and those are not routes the project builds through.
  for (const name of TOOLS) {
    if (declared[name] !== undefined) tools[name] = installedVersion(project, name) ?? declared[name]!;
  }
  const outDir = compilerOptions(project).outDir;
  return { tools, outDir: typeof outDir === 'string' ? outDir : undefined };
}

/** Every route that would compile or run the project's tagged files without a cache-to-disk plugin. */
export function findings(project: string, toolchain: Toolchain): Finding[] {
  const pkg = readPackage(project);
  const scripts = Object.values(pkg.scripts ?? {}).join('\n');
  const rootFiles = safeReaddir(project);
  const configText = (pattern: RegExp): string => rootFiles.filter((f) => pattern.test(f)).map((f) => readText(join(project, f))).join('\n');
  const plugins = compilerOptions(project).plugins;
  const transformerInTsconfig = Array.isArray(plugins) && JSON.stringify(plugins).includes('cache-to-disk/transformer');
  const babelRoute = `${configText(BABEL_CONFIG)}${JSON.stringify(pkg.babel ?? '')}`.includes('cache-to-disk/babel-plugin');
  const bundlerConfigs = configText(/\.config\.[cm]?[jt]s$|^(esbuild|build)\.[cm]?[jt]s$/);
  const unpluginRoute = bundlerConfigs.includes('cache-to-disk/unplugin') || scripts.includes('cache-to-disk/unplugin');
  const registerRoute = scripts.includes('cache-to-disk/register');
  const tsMajor = major(toolchain.tools.typescript);
  const usesTsPatch = /\btspc\b|ts-patch install|ts-patch\/compiler/.test(scripts) || /ts-patch/.test(readText(join(project, 'jest.config.js')));
  const result: Finding[] = [];

  if (tsMajor !== undefined && tsMajor >= 7 && !babelRoute && !unpluginRoute && !registerRoute) {
    result.push({
      code: 'CTD_DOCTOR_TSC7',
      cause: `typescript ${toolchain.tools.typescript} is the native compiler: its tsc ignores compilerOptions.plugins and exits 0, so no tagged function was rewritten.`,
      fix:
        'compile through Babel: npm i -D @babel/core @babel/preset-typescript @babel/cli, add "plugins": ["cache-to-disk/babel-plugin"] to babel.config.json and build with `babel src --out-dir dist --extensions .ts`; ' +
        '(or keep the TypeScript 6 compiler for builds: npm i -D typescript@6 ts-patch, and build with `tspc`).',
    });
  } else if (transformerInTsconfig && !usesTsPatch) {
    result.push({
      code: 'CTD_DOCTOR_NO_TS_PATCH',
      cause: 'tsconfig.json lists cache-to-disk/transformer in compilerOptions.plugins, but no script runs ts-patch: plain `tsc` ignores that list and exits 0.',
      fix: 'npm i -D ts-patch and build with `tspc` instead of `tsc` (or add "prepare": "ts-patch install -s" to the scripts).',
    });
  }
  if (toolchain.tools.tsx !== undefined && !registerRoute) {
    result.push({
      code: 'CTD_DOCTOR_TSX',
      cause: 'tsx compiles with esbuild, which never runs TypeScript transformers or Babel plugins: files run through tsx keep their tags unrewritten.',
      fix: 'run with `node --import cache-to-disk/register --import tsx <entry>` (cache-to-disk first; tagged files must be ES modules: "type": "module" or .mts).',
    });
  }
  for (const [name, bundler] of Object.entries(BUNDLERS)) {
    if (toolchain.tools[name] === undefined || unpluginRoute) continue;
    if (name === 'esbuild' && (toolchain.tools.vite !== undefined || toolchain.tools.tsx !== undefined) && !rootFiles.some((f) => bundler.config.test(f))) continue;
    result.push({
      code: 'CTD_DOCTOR_BUNDLER',
      cause: `${name} is installed and no bundler config uses cache-to-disk/unplugin: a bundle built by ${name} from the TypeScript sources has its tags unrewritten.`,
      fix: `import cacheToDisk from 'cache-to-disk/unplugin' and add ${bundler.example} (${bundler.call} runs before ${name}'s own TypeScript step).`,
    });
  }
  if (result.length === 0 && !transformerInTsconfig && !babelRoute && !unpluginRoute && !registerRoute) {
    result.push({
      code: 'CTD_DOCTOR_NO_PLUGIN',
      cause: 'no cache-to-disk plugin is configured: tsconfig.json has no cache-to-disk/transformer entry and no Babel, bundler or register setup names cache-to-disk.',
      fix: tsMajor !== undefined && tsMajor < 7
        ? 'add "plugins": [{ "transform": "cache-to-disk/transformer" }] to compilerOptions in tsconfig.json, npm i -D ts-patch, and build with `tspc`.'
        : 'add "plugins": ["cache-to-disk/babel-plugin"] to your Babel config, or run with `node --import cache-to-disk/register <entry>`.',
    });
  }
  return result;
}

function readPackage(project: string): PackageJson {
  try {
    return JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return {};
  }
}

function installedVersion(project: string, name: string): string | undefined {
  const text = readText(join(project, 'node_modules', name, 'package.json'));
  if (text === '') return undefined;
  try {
    return (JSON.parse(text) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function major(version: string | undefined): number | undefined {
  const match = version === undefined ? null : /(\d+)/.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** tsconfig.json's compilerOptions (JSON with comments and trailing commas); `extends` is not followed. */
function compilerOptions(project: string): Record<string, unknown> {
  const text = readText(join(project, 'tsconfig.json'));
  if (text === '') return {};
  try {
    const json = JSON.parse(stripJsonComments(text)) as { compilerOptions?: Record<string, unknown> };
    return json.compilerOptions ?? {};
  } catch {
    return {};
  }
}

function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else {
      out += c;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function readText(path: string): string {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  } catch {
    return '';
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
