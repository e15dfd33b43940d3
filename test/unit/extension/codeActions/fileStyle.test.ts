import assert from 'node:assert/strict';
import { detectEol, detectIndent, detectQuote, parseSnippet, restyle, restyleCode, snippetText } from '../../../../src/extension/codeActions/fileStyle';
import { parseSource } from '../../../../src/extension/codeActions/typescript';

describe('codeActions/fileStyle: detection', () => {
  it('detectEol: the majority of line breaks; \\n without any', () => {
    assert.equal(detectEol('a\r\nb\r\nc\n'), '\r\n');
    assert.equal(detectEol('a\nb\nc\r\n'), '\n');
    assert.equal(detectEol('one line'), '\n');
  });

  it('detectIndent: tabs, 4 spaces, 2 spaces; JSDoc and template-literal lines do not count', () => {
    assert.equal(detectIndent('function a() {\n\tif (x) {\n\t\treturn 1;\n\t}\n}\n'), '\t');
    assert.equal(detectIndent('/**\n * doc\n * more\n */\nfunction a() {\n    if (x) {\n        y = `\n  a\n  b`;\n    }\n}\n'), '    ');
    assert.equal(detectIndent('const o = {\n  a: 1,\n  b: {\n    c: 2,\n  },\n};\n'), '  ');
    assert.equal(detectIndent('const a = 1;\n', '\t'), '\t', 'no indented line: the fallback');
    assert.equal(detectIndent('const r = /[/]{/;\nfunction f() {\n   return 1;\n}\n'), '   ', 'a regex with braces does not confuse the scan');
  });

  it('detectQuote: the majority of plain strings; strings with quotes and JSX attributes do not count', () => {
    assert.equal(detectQuote(parseSource(`import a from "a";\nconst b = "b";\nconst c = 'it"s';\n`, 'x.ts')), '"');
    assert.equal(detectQuote(parseSource(`const b = 'b';\nconst c = "it's";\n`, 'x.ts')), "'");
    assert.equal(detectQuote(parseSource(`const e = <div className="a" title="b">{'x'}</div>;\n`, 'x.tsx')), "'");
    assert.equal(detectQuote(parseSource('const n = 1;\n', 'x.ts')), "'");
  });
});

describe('codeActions/fileStyle: restyle', () => {
  const generated = [
    '/**',
    " * Doc with 'quotes' and two  spaces.",
    ' *   - indented doc line',
    ' */',
    'function f(mode: \'a\' | "b"): string {',
    '  if (mode === \'a\') {',
    "    return 'it\\'s \"a\"';",
    '  }',
    '  const t = `line1',
    '  line2 ${mode === \'a\' ? `in ${\'x\'}` : \'\'} end`;',
    '  return t + \'\\n\';',
    '}',
    '',
  ].join('\n');

  it('tabs, CRLF and double quotes: only indentation, line breaks and string quotes change', () => {
    const out = restyle(generated, { eol: '\r\n', indent: '\t', quote: '"' });
    assert.equal(
      out,
      [
        '/**',
        " * Doc with 'quotes' and two  spaces.",
        ' *   - indented doc line',
        ' */',
        'function f(mode: "a" | "b"): string {',
        '\tif (mode === "a") {',
        '\t\treturn "it\'s \\"a\\"";',
        '\t}',
        '\tconst t = `line1',
        '  line2 ${mode === "a" ? `in ${"x"}` : ""} end`;',
        '\treturn t + "\\n";',
        '}',
        '',
      ].join('\r\n'),
    );
  });

  it('4 spaces and single quotes: indentation only; the generated style itself: only quotes', () => {
    const out = restyle(generated, { eol: '\n', indent: '    ', quote: "'" });
    assert.ok(out.includes("\n    if (mode === 'a') {\n        return 'it\\'s \"a\"';\n    }\n"));
    assert.ok(out.includes('\n  line2 '), 'template literal text is left alone');
    assert.equal(restyle(generated, { eol: '\n', indent: '  ', quote: "'" }), generated.replace(`| "b"`, `| 'b'`), 'only the one double-quoted string changes');
  });

  it('restyleCode: the snippet follows the text (placeholders restyled inside, escapes kept)', () => {
    const text = "function g(): number {\n  return h(0.01, 'cos', `a${1}`);\n}\n";
    const snippet = "function g(): number {\n  return h(${1:0.01}, ${2:'cos'}, `a\\${1\\}`);\n\\}\n$0";
    assert.equal(snippetText(parseSnippet(snippet)!), text);
    const out = restyleCode(text, snippet, { eol: '\r\n', indent: '\t', quote: '"' });
    assert.equal(out.text, 'function g(): number {\r\n\treturn h(0.01, "cos", `a${1}`);\r\n}\r\n');
    assert.equal(out.snippet, 'function g(): number {\r\n\treturn h(${1:0.01}, ${2:"cos"}, `a\\${1\\}`);\r\n\\}\r\n$0');
    assert.equal(snippetText(parseSnippet(out.snippet!)!), out.text);
  });

  it('parseSnippet: null for what the generator never writes (nested tab stops, variables, a stray brace)', () => {
    assert.equal(parseSnippet('${1:a${2:b}}'), null);
    assert.equal(parseSnippet('$TM_FILENAME'), null);
    assert.equal(parseSnippet('a}'), null);
    assert.deepEqual(parseSnippet('a$1b'), [
      { kind: 'text', text: 'a' },
      { kind: 'placeholder', index: 1, text: '' },
      { kind: 'text', text: 'b' },
    ]);
  });

  it('restyleCode: a snippet whose text is not the code gives no snippet (plain text is used)', () => {
    assert.equal(restyleCode('a\n', 'b\n$0', { eol: '\n', indent: '\t', quote: '"' }).snippet, null);
  });
});
