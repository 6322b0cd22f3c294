// core's compile errors → a Babel code-frame error, so the build fails with the same words the
// TypeScript front end prints (core/messages) at the same line:column, plus Babel's code frame.
import type { BabelFile } from '@babel/core';
import { formatCompileError, type CompileError } from '../core';

/** What Babel's File offers but its published types leave out. */
interface CodeFrameFile {
  buildCodeFrameError(node: { loc: { start: { line: number; column: number } } } | null, message: string): Error;
}

/** The thrown error: Babel prefixes the file name; `errors` keeps each error as data for tools. */
export interface CacheToDiskBuildError extends Error {
  code: string;
  errors: CompileError[];
}

/**
 * One error for the whole file: every problem is listed, the first one gets the code frame.
 * Babel keeps a `code` it finds on the error instead of its generic BABEL_TRANSFORM_ERROR.
 */
export function compileFailure(file: BabelFile, errors: readonly CompileError[]): CacheToDiskBuildError {
  const first = errors[0]!;
  const message = errors.map(formatCompileError).join('\n');
  // Babel's locations have 0-based columns; core's are 1-based.
  const at = { loc: { start: { line: first.line, column: first.column - 1 } } };
  const error = (file as unknown as CodeFrameFile).buildCodeFrameError(at, message);
  return Object.assign(error, { code: first.code, errors: [...errors] });
}

/** Every functionId is relative to the file's package root, so a nameless input cannot be compiled. */
export function missingFilename(file: BabelFile): Error {
  return (file as unknown as CodeFrameFile).buildCodeFrameError(
    null,
    'cache-to-disk: this code mentions @cacheToDisk but Babel was given no `filename`, so its functions cannot be named. Pass `filename` (the path of the source file) to Babel.',
  );
}
