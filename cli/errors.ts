// The command line's error classes. Each carries a stable `code`; the exit status follows the
// class: bad usage exits 2 (the conventional status for a usage error), everything else 1.

/** The command line was used wrongly: unknown command or option, a missing value, extra arguments. */
export class CliUsageError extends Error {
  readonly code: string;
  readonly exitCode = 2;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'CliUsageError';
    this.code = code;
  }
}

/** A well-formed command that could not do its job (a refused or unusable directory, no such function). */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode = 1;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}
