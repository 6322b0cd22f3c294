// One module's pipeline, from what a front end located to what it must emit: validate each site's
// kind, parse its tag, collect its dependencies, fingerprint it, name it, resolve `ignore=`, and
// position every error. Both front ends call this and nothing else, so they cannot disagree
// except in the outline they pass in.
import type { SiteDescriptor } from './descriptor';
import { dependencyResolver } from './dependencies';
import { fingerprintSite } from './fingerprint';
import { functionId } from './function-id';
import { lineColumn } from './line-column';
import { messages, type CompileError, type Message } from './messages';
import type { FunctionKind, FunctionSite, ModuleOutline } from './outline';
import { findTags, parseTagComment, type Tag } from './tag';
import { tokenize, type Token } from './tokens';

export type { CompileError } from './messages';

export interface AnalyzedSite {
  site: FunctionSite;
  descriptor: SiteDescriptor;
}

export interface ModuleAnalysis {
  /** The sites to rewrite, in outline order. */
  sites: AnalyzedSite[];
  /** Every error, in source order; a site with an error is not in `sites`. */
  errors: CompileError[];
}

const REJECTED_KINDS: Partial<Record<FunctionKind, (name: string) => Message>> = {
  generator: messages.generator,
  accessor: messages.accessor,
  constructor: messages.constructor,
  'not-a-function': messages.notAFunction,
};

/** Kinds whose `this` is the receiver of the call; arrows and static methods never key `this`. */
const RECEIVER_KINDS = new Set<FunctionKind>(['method', 'object-method', 'function-declaration', 'function-expression']);

/**
 * Analyses every site of one module.
 *
 * @example
 * const { sites, errors } = analyzeModule(outline);
 * for (const e of errors) report(formatCompileError(e));
 * for (const { site, descriptor } of sites) rewrite(site, JSON.stringify(descriptor));
 */
export function analyzeModule(outline: ModuleOutline): ModuleAnalysis {
  const errors: CompileError[] = [];
  const report = ({ code, message, hint }: Message, start: number): void => {
    errors.push({ code, message, hint, file: outline.file, start, ...lineColumn(outline.source, start) });
  };
  const dependenciesOf = dependencyResolver(outline);
  const taggedRanges = new Set<string>();
  const sites: AnalyzedSite[] = [];

  for (const site of outline.sites) {
    const tagOffsets = findTags(site.comment.text);
    if (tagOffsets.length === 0) continue;

    const rangeKey = site.range.join(':');
    if (taggedRanges.has(rangeKey)) {
      report(messages.duplicateTag(), site.comment.start + tagOffsets[0]!);
      continue;
    }
    taggedRanges.add(rangeKey);

    const rejected = REJECTED_KINDS[site.kind];
    if (rejected) {
      report(rejected(site.qualifiedName), site.range[0]);
      continue;
    }

    const { tag, problems } = parseTagComment(site.comment.text);
    for (const problem of problems) report(problem, site.comment.start + problem.offset);
    if (!tag) continue;

    const tokens = tokenize(outline.source, site.range[0], site.range[1]);
    const reachesSiblings = site.kind !== 'arrow' && tokens.some(isReceiverKeyword);
    const dependencies = dependenciesOf(tokens, reachesSiblings ? site.range : undefined);
    const fingerprint = fingerprintSite(site.async, tokens, dependencies);
    const descriptor = describe(outline.file, site, tag, tokens, fingerprint, report);
    if (descriptor) sites.push({ site, descriptor });
  }

  errors.sort((a, b) => a.start - b.start);
  return { sites, errors };
}

/** The descriptor of one valid site, or `undefined` after reporting an `ignore=` name that matches nothing. */
function describe(
  file: string,
  site: FunctionSite,
  tag: Tag,
  tokens: readonly Token[],
  fingerprint: string,
  report: (message: Message, start: number) => void,
): SiteDescriptor | undefined {
  const receiver = RECEIVER_KINDS.has(site.kind);
  // A TypeScript `this` parameter is a type annotation, not an argument: it never counts.
  const params = site.params[0]?.name === 'this' ? site.params.slice(1) : site.params;
  const ignoredCaptures = new Set<string>();
  const ignoreArgs = new Set<number>();
  let ignoreThis = false;
  let ignoreRestFrom: number | undefined;

  for (const { name, offset } of tag.ignore) {
    const index = params.findIndex((p) => p.name === name);
    const matchesThis = name === 'this' && receiver;
    const matchesCapture = site.captures.includes(name);
    if (index === -1 && !matchesThis && !matchesCapture) {
      const valid = [
        ...(receiver ? ['this'] : []),
        ...params.flatMap((p) => (p.name === null ? [] : [p.name])),
        ...site.captures,
      ];
      report(messages.unknownIgnoreName(name, valid), site.comment.start + offset);
      return undefined;
    }
    if (matchesThis) ignoreThis = true;
    if (matchesCapture) ignoredCaptures.add(name);
    if (index !== -1) {
      if (params[index]!.rest) ignoreRestFrom = index;
      else ignoreArgs.add(index);
    }
  }

  const descriptor: SiteDescriptor = {
    id: functionId(file, site.qualifiedName),
    fingerprint,
    maxAge: tag.maxAge,
  };
  if (site.async) descriptor.async = true;
  if (receiver && !ignoreThis && usesThis(tokens)) descriptor.keyThis = true;
  if (ignoreArgs.size > 0) descriptor.ignoreArgs = [...ignoreArgs].sort((a, b) => a - b);
  if (ignoreRestFrom !== undefined) descriptor.ignoreRestFrom = ignoreRestFrom;
  const captures = site.captures.filter((name) => !ignoredCaptures.has(name));
  if (captures.length > 0) descriptor.captures = captures;
  return descriptor;
}

/** Whether the function mentions `this` (not as a property name: `a.this`). */
function usesThis(tokens: readonly Token[]): boolean {
  return tokens.some((t, i) => t.text === 'this' && isReceiverKeyword(t, i, tokens));
}

/**
 * `this` or `super` used as a value: the function may reach sibling members through it. Neither a
 * property name (`a.this`) nor a TypeScript `this` parameter (`(this: Db, id)`), which only types
 * the receiver: keying it would make `ns.f()` encode the namespace object.
 */
function isReceiverKeyword(token: Token, index: number, tokens: readonly Token[]): boolean {
  if (token.kind !== 'keyword' || (token.text !== 'this' && token.text !== 'super')) return false;
  const previous = tokens[index - 1]?.text;
  return previous !== '.' && !(previous === '(' && tokens[index + 1]?.text === ':');
}
