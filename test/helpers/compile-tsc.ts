// Compiles a tree of TypeScript cases with the real ts-patch, in-process: one Program for every
// file under `root`, the cache-to-disk transformer on or off, CommonJS or ES module output.
//
// @example
// const { files, diagnostics, sites } = compileTsc({ root, module: 'esm', outDir: join(root, 'out') });
// sites[0] → { file, site: FunctionSite, descriptor: SiteDescriptor, outline: ModuleOutline } as the transformer saw it
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type * as ts from 'typescript';
import type { SiteReport } from '../../transformer/host';

export interface CompileTscOptions {
  /** Directory holding the cases; every .ts/.mts/.cts below it (not node_modules, not .d.ts) is a root file. */
  root: string;
  /** Root files to compile instead of every file under `root`. */
  files?: string[];
  /** Run the cache-to-disk transformer. @default true */
  plugin?: boolean;
  /** @default 'cjs' */
  module?: 'cjs' | 'esm';
  /** Where emitted files are written (`root`-relative layout kept); nothing is written when absent. */
  outDir?: string;
  /** Merged over the defaults (ES2022, declarations and source maps on). */
  compilerOptions?: ts.CompilerOptions;
}

export interface TscDiagnostic {
  /** `root`-relative, `/`-separated; absent for global diagnostics. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** `TS2322`, or the CTD1xx code of a cache-to-disk error. */
  code: string;
  message: string;
}

export interface TscResult {
  /** Emitted text by output path relative to `outDir` (or to the virtual output root). */
  files: Record<string, string>;
  /** Syntax, type and transformer diagnostics, in that order. */
  diagnostics: TscDiagnostic[];
  /** One entry per tagged function of every file the transformer rewrote; `outline` is its file's whole module outline. */
  sites: SiteReport[];
}

const CTD_CODE = /^(CTD\d+) /;

/** Parsed lib and @types files, shared by every compile of this process: they never change. */
const sharedFiles = new Map<string, ts.SourceFile | undefined>();

export function compileTsc(options: CompileTscOptions): TscResult {
  const tsp = require('ts-patch/compiler') as typeof ts;
  const sites: SiteReport[] = [];
  const outDir = options.outDir ?? join(options.root, '.tsc-out');
  const compilerOptions: ts.CompilerOptions = {
    target: tsp.ScriptTarget.ES2022,
    module: options.module === 'esm' ? tsp.ModuleKind.ES2022 : tsp.ModuleKind.CommonJS,
    moduleResolution: options.module === 'esm' ? tsp.ModuleResolutionKind.Bundler : tsp.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    declaration: true,
    sourceMap: true,
    rootDir: options.root,
    outDir,
    typeRoots: [join(dirname(require.resolve('@types/node/package.json')), '..')],
    types: ['node'],
    ...options.compilerOptions,
    plugins: options.plugin === false
      ? []
      : [{ transform: require.resolve('cache-to-disk/transformer'), report: (entry: SiteReport) => sites.push(entry) } as unknown as ts.PluginImport],
  };
  const rootNames = (options.files ?? sourceFiles(options.root)).map((f) => resolve(options.root, f));
  const host = tsp.createCompilerHost(compilerOptions);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (!/[\\/]node_modules[\\/]/.test(fileName)) return getSourceFile(fileName, languageVersion, ...rest);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!sharedFiles.has(key)) sharedFiles.set(key, getSourceFile(fileName, languageVersion, ...rest));
    return sharedFiles.get(key);
  };
  const program = tsp.createProgram({ rootNames, options: compilerOptions, host });
  const files: Record<string, string> = {};
  const emit = program.emit(undefined, (path, text) => {
    files[relative(outDir, path).split('\\').join('/')] = text;
    if (options.outDir) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  });
  const all = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...emit.diagnostics];
  return { files, diagnostics: all.map((d) => describe(tsp, options.root, d)), sites };
}

function describe(tsp: typeof ts, root: string, d: ts.Diagnostic): TscDiagnostic {
  const message = tsp.flattenDiagnosticMessageText(d.messageText, '\n');
  const ctd = CTD_CODE.exec(message);
  const out: TscDiagnostic = { code: ctd ? ctd[1]! : `TS${d.code}`, message: ctd ? message.slice(ctd[0].length) : message };
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    Object.assign(out, { file: relative(root, d.file.fileName).split('\\').join('/'), line: line + 1, column: character + 1 });
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : sourceFiles(path);
    return /\.[mc]?ts$/.test(entry.name) && !/\.d\.[mc]?ts$/.test(entry.name) ? [path] : [];
  });
}
