// What test-all.mjs reads from a stage's output: the tests it counted, and — for a stage that
// failed — one line saying why, for the summary (a bare "harness failed" sends people digging
// through the log; the first mocha failure, the installer's error or the stage's last words
// tell them where to look).

// ANSI colour codes, stripped before reading.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Reasons longer than this are cut (the full text is in the stage's output above the summary). */
const MAX_REASON = 300;

export function stripAnsi(text) {
  return text.replace(ANSI, '');
}

/** Tests passed/failed as the stage's runner reports them (mocha, or node's test runner); undefined when it reports none. */
export function countTests(output) {
  const text = stripAnsi(output);
  const sum = (re) => {
    let total;
    for (const m of text.matchAll(re)) total = (total ?? 0) + Number(m[1]);
    return total;
  };
  const passed = sum(/^\s*(\d+) passing\b/gm) ?? sum(/^\s*(?:ℹ|#) pass (\d+)\s*$/gm);
  const failed = sum(/^\s*(\d+) failing\b/gm) ?? sum(/^\s*(?:ℹ|#) fail (\d+)\s*$/gm);
  if (passed === undefined && failed === undefined) return undefined;
  return { passed: passed ?? 0, failed: failed ?? 0 };
}

function cut(text) {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}

/** mocha's first failure: "  1) suite\n       test:\n     Error: message" → "suite › test: Error: message". */
function firstMochaFailure(text) {
  const m = /^ {2}1\) (.+)\n((?: {5,}.+\n)*?)(?: {5,}(.+):\n)\s*\n?\s*(.+)$/m.exec(text);
  if (!m) return undefined;
  const titles = [m[1], ...m[2].split('\n').map((l) => l.trim()).filter(Boolean), m[3]].map((t) => t.replace(/:$/, ''));
  return `${titles.join(' › ')}: ${m[4].trim()}`;
}

/** The harness installer's own words: its FAILED line, and the first error line of the log it quotes. */
function harnessFailure(text) {
  const failed = /\[harness:install\] FAILED: (.+)/.exec(text);
  if (!failed) return undefined;
  const what = failed[1].replace(/; (?:its )?last lines .*$/, '').replace(/ failed \((?:exit )?[^)]*\)$/, ' failed');
  const after = text.slice(failed.index);
  const cause = /^(?:npm error |npm ERR! )?((?:ERROR|Error|error)\b.*)$/m.exec(after.split('\n').slice(1).join('\n'));
  return cause ? `${what}: ${cause[1]}` : failed[1];
}

/**
 * One line on why a stage failed: mocha's count and first failure, the harness installer's
 * error, a timeout, else the last line the stage printed.
 */
export function failureReason(output, { result, limit, detail } = {}) {
  const text = stripAnsi(output);
  if (result === 'TIMEOUT') return cut(`still running after its limit of ${limit} s: stopped (a hang?); last output: ${lastLine(text) ?? 'none'}`);
  const harness = harnessFailure(text);
  if (harness) return cut(harness);
  const counts = countTests(text);
  if (counts && counts.failed > 0) {
    const first = firstMochaFailure(text);
    return cut(`${counts.failed} failing${first ? `; first: ${first}` : ''}`);
  }
  const last = lastLine(text);
  return cut(last ? `${last}${detail ? ` (${detail})` : ''}` : (detail ?? 'failed without output'));
}

function lastLine(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^\[test-all\]/.test(l));
  return lines[lines.length - 1];
}
