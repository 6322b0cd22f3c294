// Builds ModuleOutlines by hand for core tests, the way an adapter would: each string is one
// top-level statement; a statement led by a `/** … @cacheToDisk … */` block also yields a site.
// Covers the forms the tests use (function declarations, `const` arrows and function
// expressions, classes, plain variables), not the language.
import type { FunctionSite, ImportOutline, ModuleOutline } from '../../core/outline';

const LEADING_DOC = /^\/\*\*[^]*?\*\/\s*/;
const DECLARED_NAME = /^(?:export\s+(?:default\s+)?)?(?:async\s+)?(?:function\*?|class|const|let|var|enum)\s+([\w$]+)/;
const EXPORT = /^(?:export\s+(?:default\s+)?)?/;
const VARIABLE = /^(?:const|let|var)\s+[\w$]+\s*=\s*/;

export function outlineOf(file: string, statements: string[], imports: ImportOutline[] = []): ModuleOutline {
  const outline: ModuleOutline = { file, source: '', declarations: [], imports, sites: [] };
  for (const statement of statements) {
    const offset = outline.source.length;
    outline.source += `${statement}\n\n`;
    if (statement.startsWith('import ')) continue;
    const doc = LEADING_DOC.exec(statement)?.[0] ?? '';
    const code = statement.slice(doc.length);
    const name = DECLARED_NAME.exec(code)?.[1];
    const end = offset + statement.length;
    outline.declarations.push({ names: name ? [name] : [], range: [offset + doc.length, end] });
    if (!doc.includes('@cacheToDisk') || !name) continue;

    let start = offset + doc.length + EXPORT.exec(code)![0].length;
    const variable = VARIABLE.exec(outline.source.slice(start));
    if (variable) start += variable[0].length;
    const fn = outline.source.slice(start, end);
    const site: FunctionSite = {
      qualifiedName: name,
      kind: !variable ? 'function-declaration' : /^(?:async\s+)?function\b/.test(fn) ? 'function-expression' : 'arrow',
      async: /^async\b/.test(fn),
      range: [start, statement.endsWith(';') ? end - 1 : end],
      comment: { text: doc.trimEnd(), start: offset },
      params: [],
      captures: [],
    };
    outline.sites.push(site);
  }
  return outline;
}
