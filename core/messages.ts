// Every error the compile step can report, written once: both front ends print these words,
// at the position core/analyze computes, so a user sees the same text under tsc and Babel.

export interface Message {
  /** `CTD1xx`, stable across releases so users can search for it. */
  code: string;
  /** What happened. */
  message: string;
  /** What to do about it. */
  hint: string;
}

export interface CompileError extends Message {
  /** The file as the front end named it. */
  file: string;
  /** Offset into the source text. */
  start: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

const GRAMMAR = 'The tag reads `@cacheToDisk [DURATION] [ignore=NAME[,NAME...]]`, for example `@cacheToDisk 3 ignore=this,verbose`.';
const DURATIONS = 'Write a number of days (`3`, `0.5`, `0` for never) or a number with a unit (`30s`, `15m`, `12h`, `3d`).';
const REMOVE_TAG = 'Remove the @cacheToDisk tag, or move it to a function that can be cached.';

export const messages = {
  malformedDuration: (text: string): Message => ({
    code: 'CTD101',
    message: `"${text}" is not a duration.`,
    hint: DURATIONS,
  }),
  negativeDuration: (text: string): Message => ({
    code: 'CTD102',
    message: `The duration "${text}" is negative.`,
    hint: `${DURATIONS} Use 0 for entries that never expire.`,
  }),
  duplicateTag: (): Message => ({
    code: 'CTD103',
    message: 'The function carries more than one @cacheToDisk tag.',
    hint: 'Keep one tag and put the duration and ignore= list on it.',
  }),
  generator: (name: string): Message => ({
    code: 'CTD104',
    message: `"${name}" is a generator; its results cannot be cached.`,
    hint: `${REMOVE_TAG} To cache the values it yields, tag a function that collects them into an array.`,
  }),
  accessor: (name: string): Message => ({
    code: 'CTD105',
    message: `"${name}" is a getter or setter; accessors cannot be cached.`,
    hint: `${REMOVE_TAG} Turn the accessor into a method, or tag a method it calls.`,
  }),
  constructor: (name: string): Message => ({
    code: 'CTD106',
    message: `"${name}" is a constructor; constructors cannot be cached.`,
    hint: `${REMOVE_TAG} Tag a static factory method or a function the constructor calls.`,
  }),
  notAFunction: (name: string): Message => ({
    code: 'CTD107',
    message: `@cacheToDisk is on "${name}", which is not a function.`,
    hint: 'Put the tag on a function declaration, a `const`/`let`/`var` initialised with an arrow function or function expression, a class method or an object-literal method.',
  }),
  malformedIgnore: (text: string): Message => ({
    code: 'CTD108',
    message: `"${text}" is not a valid ignore list.`,
    hint: 'Write `ignore=` followed by comma-separated names with no spaces, for example `ignore=this,verbose`.',
  }),
  unknownIgnoreName: (name: string, valid: readonly string[]): Message => ({
    code: 'CTD109',
    message: `ignore= names "${name}", which is neither a parameter, a captured variable nor \`this\` of this function.`,
    hint: valid.length > 0
      ? `Names that can be ignored here: ${valid.join(', ')}.`
      : 'This function has no parameter, captured variable or `this` that can be ignored; remove the ignore= list.',
  }),
  unexpectedText: (text: string): Message => ({
    code: 'CTD110',
    message: `Unexpected "${text}" after @cacheToDisk.`,
    hint: `${GRAMMAR} Put any description on a line of its own.`,
  }),
};

/**
 * One error as both front ends print it: `file:line:column CODE message`, then the hint on the
 * next line.
 */
export function formatCompileError(error: CompileError): string {
  return `${error.file}:${error.line}:${error.column} ${error.code} ${error.message}\n${error.hint}`;
}
