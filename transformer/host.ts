// What ts-patch hands a "program" transformer, typed here so the published declarations do not
// depend on ts-patch's own type package. `ts` is the compiler instance that is running the build:
// every value this front end uses comes from it, never from an `import` of `typescript`, so a
// project's TypeScript 5.x or 6.x is the one that parses, prints and reports.
import type * as ts from 'typescript';
import type { FunctionSite, ModuleOutline } from '../core/outline';
import type { SiteDescriptor } from '../core/descriptor';

export type TypeScript = typeof ts;

export interface TransformerExtras {
  ts: TypeScript;
  /** Appends to the diagnostics `tspc` prints after emit; any entry makes it exit non-zero. */
  addDiagnostic?: (diagnostic: ts.Diagnostic) => number;
}

/** One tagged function as the build saw it: handed to {@link TransformerOptions.report}. */
export interface SiteReport {
  /** Absolute path of the source file. */
  file: string;
  site: FunctionSite;
  descriptor: SiteDescriptor;
  /** The whole outline of the module the site belongs to (the same object for every site of a file). */
  outline: ModuleOutline;
}

/** The plugin entry in `compilerOptions.plugins`. */
export interface TransformerOptions {
  transform?: string;
  /**
   * Called once per tagged function of every file that compiles without errors. Only reachable
   * from code that builds the Program itself (a tsconfig.json cannot hold a function); the test
   * harness uses it to compare the two front ends.
   */
  report?: (entry: SiteReport) => void;
}
