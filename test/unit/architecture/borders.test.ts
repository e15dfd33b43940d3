/**
 * The borders between runtimes, checked on the import graph (importGraph.ts) in `npm test`:
 *
 *   shared    ← imports nothing of ours; only zod/mini and @vscode/l10n (it is bundled into the page and the worker)
 *   core      ← shared; Node and its packages; never vscode, extension, cli, webview or the DOM
 *   cli       ← core, shared; never vscode or extension
 *   extension ← core, shared, vscode; never cli or webview
 *   webview   ← shared and browser packages; never core, extension, cli, vscode or Node
 *
 * and no import cycle anywhere (type-only imports included). A failure names the file, the
 * line and the rule.
 */
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { readSource, importCycles, sourceFiles, type ImportEdge, type SourceFacts } from './importGraph';

type Room = 'shared' | 'core' | 'cli' | 'extension' | 'webview';

const ROOMS: readonly Room[] = ['shared', 'core', 'cli', 'extension', 'webview'];

function roomOf(file: string): Room | null {
  if (file.startsWith('webview/')) return 'webview';
  const match = /^src\/(shared|core|cli|extension)\//.exec(file);
  return match ? (match[1] as Room) : null;
}

/** Which of our rooms each room may import. */
const MAY_IMPORT: Readonly<Record<Room, readonly Room[]>> = {
  shared: ['shared'],
  core: ['core', 'shared'],
  cli: ['cli', 'core', 'shared'],
  extension: ['extension', 'core', 'shared'],
  webview: ['webview', 'shared'],
};

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const BROWSER_PACKAGES = /^(chart\.js|chartjs-plugin-zoom|hammerjs)(\/|$)/;

/** Which packages each room may import (null: any that is not forbidden below). */
function packageProblem(room: Room, pkg: string): string | null {
  const node = NODE_BUILTINS.has(pkg);
  switch (room) {
    case 'shared':
      // @vscode/l10n: the strings' one lookup, with a Node and a browser build (configured by each runtime).
      return pkg === 'zod/mini' || pkg === '@vscode/l10n' ? null : `src/shared imports only zod/mini and @vscode/l10n (it runs in the page, the worker and Node), not "${pkg}"`;
    case 'webview':
      if (node) return `the page cannot import the Node built-in "${pkg}"`;
      if (pkg === 'vscode') return 'the page cannot import vscode (it talks to the host by messages)';
      return null;
    case 'core':
      if (pkg === 'vscode') return 'src/core cannot import vscode: the engine runs in the CLI and the worker too';
      if (BROWSER_PACKAGES.test(pkg)) return `src/core cannot import the browser package "${pkg}"`;
      return null;
    case 'cli':
      if (pkg === 'vscode') return 'src/cli cannot import vscode';
      if (BROWSER_PACKAGES.test(pkg)) return `src/cli cannot import the browser package "${pkg}"`;
      return null;
    case 'extension':
      if (BROWSER_PACKAGES.test(pkg)) return `src/extension cannot import the browser package "${pkg}" (the page bundles it)`;
      return null;
  }
}

/** Every broken rule of one file, as "file:line: why". */
export function borderProblems(file: string, facts: SourceFacts): string[] {
  const room = roomOf(file);
  if (!room) return [];
  const problems: string[] = [];
  const at = (edge: ImportEdge, why: string): void => {
    problems.push(`${edge.from}:${edge.line}: imports "${edge.specifier}": ${why}`);
  };
  for (const edge of facts.imports) {
    if (edge.pkg !== null) {
      const why = packageProblem(room, edge.pkg);
      if (why) at(edge, why);
      continue;
    }
    const target = roomOf(edge.file!);
    if (target === null) at(edge, `${room} may import only from ${MAY_IMPORT[room].join(', ')}, not outside src/ and webview/`);
    else if (!MAY_IMPORT[room].includes(target)) at(edge, `${room} may import only from ${MAY_IMPORT[room].join(', ')}, not ${target}`);
  }
  if (room !== 'webview') {
    for (const ref of facts.references) if (ref === 'lib:dom' || ref.startsWith('lib:dom.')) problems.push(`${file}: /// <reference ${ref.replace(':', '="')}" />: only the page may use the DOM`);
  }
  return problems;
}

describe('borders between runtimes', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('webview')];
  const facts = new Map(files.map((f) => [f, readSource(f)]));

  it('every source file lives in a room', () => {
    assert.deepEqual(files.filter((f) => roomOf(f) === null), []);
    for (const room of ROOMS) assert.ok(files.some((f) => roomOf(f) === room), `no file in ${room}`);
  });

  it('each room imports only what its runtime may (no vscode or DOM in core, nothing host-only in the page, shared at the bottom)', () => {
    const problems = files.flatMap((f) => borderProblems(f, facts.get(f)!));
    assert.deepEqual(problems, [], `imports across a border:\n  ${problems.join('\n  ')}`);
  });

  it('there is no import cycle', () => {
    const cycles = importCycles(facts);
    assert.deepEqual(cycles, [], `import cycles:\n  ${cycles.map((c) => c.join(' → ')).join('\n  ')}`);
  });

  it('the rules catch a wrong-way import (a check that cannot fail would prove nothing)', () => {
    const edge = (from: string, specifier: string, file: string | null): ImportEdge => ({ from, specifier, file, pkg: file === null ? specifier : null, typeOnly: true, line: 1 });
    const fake = (_from: string, ...imports: ImportEdge[]): SourceFacts => ({ imports, references: [] });
    assert.match(borderProblems('src/core/a.ts', fake('src/core/a.ts', edge('src/core/a.ts', 'vscode', null)))[0]!, /src\/core cannot import vscode/);
    assert.match(borderProblems('src/core/a.ts', fake('src/core/a.ts', edge('src/core/a.ts', '../extension/x', 'src/extension/x.ts')))[0]!, /core may import only from core, shared, not extension/);
    assert.match(borderProblems('src/shared/a.ts', fake('src/shared/a.ts', edge('src/shared/a.ts', '../core/x', 'src/core/x.ts')))[0]!, /shared may import only from shared, not core/);
    assert.match(borderProblems('webview/a.ts', fake('webview/a.ts', edge('webview/a.ts', '../src/extension/x', 'src/extension/x.ts')))[0]!, /webview may import only from webview, shared, not extension/);
    assert.match(borderProblems('webview/a.ts', fake('webview/a.ts', edge('webview/a.ts', 'node:fs', null)))[0]!, /Node built-in/);
    assert.match(borderProblems('src/core/a.ts', { imports: [], references: ['lib:dom'] })[0]!, /only the page may use the DOM/);
    const cycle = new Map([
      ['a.ts', fake('a.ts', edge('a.ts', './b', 'b.ts'))],
      ['b.ts', fake('b.ts', { ...edge('b.ts', './a', 'a.ts'), typeOnly: false })],
    ]);
    assert.deepEqual(importCycles(cycle), [['a.ts', 'b.ts']]);
  });
});
