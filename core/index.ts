// What the front ends and the runtime use from core/. Each line names the module that owns it.
export { analyzeModule, type AnalyzedSite, type ModuleAnalysis } from './analyze';
export { formatCompileError, messages, type CompileError, type Message } from './messages';
export { mentionsTag } from './mentions-tag';
export { isTagComment, findTags, parseTagComment, TAG_NAME, type Tag, type TagComment, type TagProblem } from './tag';
export { fingerprintFunctionText, FINGERPRINT_FORMAT } from './fingerprint';
export { functionId, packageRoot } from './function-id';
export { tokenize, type Token, type TokenKind } from './tokens';
export { lineColumn } from './line-column';
export { parseDuration, daysToMs, DEFAULT_DAYS, DEFAULT_MAX_AGE_MS } from './duration';
export { keyPrefix, entryKey, KEY_FORMAT } from './key';
export { sha256Hex } from './hash';
export type { SiteDescriptor } from './descriptor';
export type {
  DeclarationOutline,
  FunctionKind,
  FunctionSite,
  ImportOutline,
  ModuleOutline,
  ParamOutline,
} from './outline';
