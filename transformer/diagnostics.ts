// core's compile errors as TypeScript diagnostics, so tspc prints them like its own errors
// (`src/a.ts:3:1 - error CTD102: …`) and exits non-zero.
import type * as ts from 'typescript';
import type { CompileError } from '../core';
import type { TransformerExtras, TypeScript } from './host';

/** Reports each error once per program, however often the file is emitted. */
export function diagnosticReporter(tsi: TypeScript, extras: TransformerExtras): (file: ts.SourceFile, errors: CompileError[]) => void {
  const reported = new Set<string>();
  return (file, errors) => {
    const fresh = errors.filter((e) => {
      const key = `${file.fileName}\0${e.start}\0${e.code}`;
      if (reported.has(key)) return false;
      reported.add(key);
      return true;
    });
    if (fresh.length === 0) return;
    if (!extras.addDiagnostic) {
      throw new Error(fresh.map((e) => `${e.file}:${e.line}:${e.column} ${e.code} ${e.message}\n${e.hint}`).join('\n'));
    }
    for (const error of fresh) extras.addDiagnostic(toDiagnostic(tsi, file, error));
  };
}

function toDiagnostic(tsi: TypeScript, file: ts.SourceFile, error: CompileError): ts.Diagnostic {
  return {
    category: tsi.DiagnosticCategory.Error,
    // tsc prints `error TS<code>`; the numeric part of CTD1xx keeps that line searchable.
    code: Number(error.code.replace(/\D/g, '')),
    file,
    start: error.start,
    length: tokenLength(file.text, error.start),
    messageText: `${error.code} ${error.message} — ${error.hint}`,
    source: 'cache-to-disk',
  };
}

/** Underline the word at the error, as tsc does for its own diagnostics. */
function tokenLength(text: string, start: number): number {
  const match = /^(?:@?[\p{ID_Continue}$]+|\S)/u.exec(text.slice(start, start + 200));
  return match ? match[0].length : 0;
}
