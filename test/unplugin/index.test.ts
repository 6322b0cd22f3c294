// cache-to-disk/unplugin in the real bundlers: each builds one small tagged TypeScript project,
// the bundle runs in a fresh Node process (a miss), then the tspc build of the same sources runs
// on the same cache directory and must hit — the keys are the transformer's, byte for byte.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTsc } from '../helpers/compile-tsc';
import { createProject, REPO, runNode, tempDir, type Project } from '../babel-plugin/project';

const plugin = require('cache-to-disk/unplugin') as typeof import('../../unplugin/index');
const fromRepo = (name: string): any => require(require.resolve(name, { paths: [REPO] }));

const FILES = {
  'src/square.ts': `const FACTOR: number = 1;

/** @cacheToDisk */
export function square(n: number): number {
  return n * n * FACTOR;
}

export class Geometry {
  /** @cacheToDisk 3 */
  async area(w: number, h: number): Promise<number> {
    return w * h;
  }
}
`,
  'src/plain.ts': `export const untouched = (s: string): string => s.toUpperCase();\n`,
  'src/main.ts': `import { cacheInfo } from 'cache-to-disk';
import { square, Geometry } from './square';
import { untouched } from './plain';

async function main(): Promise<void> {
  const g = new Geometry();
  if (square(4) !== 16 || (await g.area(2, 3)) !== 6 || untouched('a') !== 'A') throw new Error('wrong result');
  console.log(JSON.stringify({ square: cacheInfo(square), area: cacheInfo(g.area) }));
}
void main();
`,
};

const MISS = { hits: 0, misses: 1, nocache: 0 };
const HIT = { hits: 1, misses: 0, nocache: 0 };
const EXTERNAL = /^cache-to-disk(\/|$)/;

/** A TypeScript step for bundlers that have none (Rollup, webpack), placed after ours. */
const STRIP_TS = `const { transformSync } = require(${JSON.stringify(require.resolve('esbuild', { paths: [REPO] }))});
module.exports = function (source) { return transformSync(source, { loader: 'ts', sourcefile: this.resourcePath }).code; };
`;

let project: Project;
let fingerprints: string[];

test.before(() => {
  project = createProject({ ...FILES, 'strip-ts.cjs': STRIP_TS });
  const tsc = compileTsc({ root: project.root, files: ['src/main.ts', 'src/square.ts', 'src/plain.ts'], module: 'cjs', outDir: join(project.root, 'tsc') });
  assert.equal(tsc.diagnostics, []);
  fingerprints = tsc.sites.map((s) => s.descriptor.fingerprint);
  assert.is(fingerprints.length, 2);
});

test.after(() => project.remove());

/** Runs `bundle` (a miss for both functions), then the tspc build on the same cache (hits). */
function missThenTscHit(bundle: string): void {
  const text = readFileSync(join(project.root, bundle), 'utf8');
  for (const fingerprint of fingerprints) assert.ok(text.includes(fingerprint), `${bundle} lacks fingerprint ${fingerprint}`);
  const cache = tempDir('ctd-unplugin-cache-');
  try {
    assert.equal(runNode(project.root, bundle, cache.path), { square: MISS, area: MISS });
    assert.equal(runNode(project.root, 'tsc/src/main.js', cache.path), { square: HIT, area: HIT });
  } finally {
    cache.remove();
  }
}

test('the hook: untagged code is skipped before Babel; tagged TypeScript stays TypeScript, with a map', async () => {
  const options = plugin.cacheToDisk.raw(undefined, { framework: 'rollup', versions: {} }) as {
    enforce?: string;
    transform: { handler(code: string, id: string): Promise<{ code: string; map: { sources: string[] } } | null> | null };
  };
  assert.is(options.enforce, 'pre');
  assert.is(options.transform.handler('export const a: number = 1;\n', '/p/src/a.ts'), null);
  const file = join(project.root, 'src/square.ts');
  const result = await options.transform.handler(FILES['src/square.ts'], file);
  assert.ok(result);
  assert.match(result!.code, 'import * as _ctd from "cache-to-disk/runtime"');
  assert.match(result!.code, 'n: number');
  for (const fingerprint of fingerprints) assert.match(result!.code, fingerprint);
  assert.equal(result!.map.sources.map((s) => s.replace(/^.*\//, '')), ['square.ts']);
  assert.is(await options.transform.handler('// mentions @cacheToDisk only in a line comment\nexport const b = 2;\n', file), null);
});

test('esbuild: bundle to CommonJS; keys equal tspc', async () => {
  await fromRepo('esbuild').build({
    entryPoints: [join(project.root, 'src/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: join(project.root, 'out-esbuild/main.cjs'),
    external: ['cache-to-disk', 'cache-to-disk/*'],
    plugins: [plugin.esbuild()],
    logLevel: 'silent',
  });
  missThenTscHit('out-esbuild/main.cjs');
});

test('Rollup: ES module bundle (TypeScript stripped by a later plugin); keys equal tspc', async () => {
  const strip = require(join(project.root, 'strip-ts.cjs')) as (this: { resourcePath: string }, source: string) => string;
  const bundle = await fromRepo('rollup').rollup({
    input: join(project.root, 'src/main.ts'),
    external: (id: string) => EXTERNAL.test(id),
    plugins: [
      plugin.rollup(),
      { name: 'resolve-ts', resolveId: (id: string, importer?: string) => (importer && id.startsWith('.') ? join(importer, '..', `${id}.ts`) : null) },
      { name: 'strip-ts', transform: (code: string, id: string) => (id.endsWith('.ts') ? strip.call({ resourcePath: id }, code) : null) },
    ],
  });
  await bundle.write({ file: join(project.root, 'out-rollup/main.mjs'), format: 'es' });
  await bundle.close();
  missThenTscHit('out-rollup/main.mjs');
});

test('Rolldown (its own TypeScript step): keys equal tspc', async () => {
  const { build } = fromRepo('rolldown');
  await build({
    input: join(project.root, 'src/main.ts'),
    platform: 'node',
    external: EXTERNAL,
    plugins: [plugin.rolldown()],
    output: { file: join(project.root, 'out-rolldown/main.mjs'), format: 'es' },
    logLevel: 'silent',
  });
  missThenTscHit('out-rolldown/main.mjs');
});

test('Vite build (SSR entry, Vite strips TypeScript after the pre plugin); keys equal tspc', async () => {
  const { build } = fromRepo('vite');
  await build({
    root: project.root,
    configFile: false,
    logLevel: 'silent',
    plugins: [plugin.vite()],
    build: {
      ssr: join(project.root, 'src/main.ts'),
      outDir: join(project.root, 'out-vite'),
      emptyOutDir: true,
      rollupOptions: { external: EXTERNAL, output: { entryFileNames: 'main.mjs', format: 'es' } },
    },
  });
  missThenTscHit('out-vite/main.mjs');
});

test('webpack (TypeScript loader after the pre loader); keys equal tspc', async () => {
  const webpack = fromRepo('webpack');
  const stats = await new Promise<any>((resolve, reject) => {
    webpack(
      {
        mode: 'none',
        target: 'node',
        context: project.root,
        entry: './src/main.ts',
        devtool: 'source-map',
        output: { path: join(project.root, 'out-webpack'), filename: 'main.js', library: { type: 'commonjs2' } },
        resolve: { extensions: ['.ts', '.js'] },
        externals: [({ request }: { request?: string }, callback: (error?: Error, result?: string) => void) =>
          request && EXTERNAL.test(request) ? callback(undefined, `commonjs ${request}`) : callback()],
        module: { rules: [{ test: /\.ts$/, use: join(project.root, 'strip-ts.cjs') }] },
        plugins: [plugin.webpack()],
      },
      (error: Error | null, result: any) => (error ? reject(error) : resolve(result)),
    );
  });
  assert.not.ok(stats.hasErrors(), stats.toString('errors-only'));
  missThenTscHit('out-webpack/main.js');
  const map = JSON.parse(readFileSync(join(project.root, 'out-webpack/main.js.map'), 'utf8')) as { sources: string[] };
  assert.ok(map.sources.some((s) => s.endsWith('src/square.ts')), map.sources.join(', '));
});

test.run();
