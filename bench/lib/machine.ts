/** What the numbers were measured on. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly v8: string;
  /** 1-minute load average when the run started and ended (other work on the machine). */
  readonly loadAverage: { readonly start: number; readonly end: number | null };
  readonly torch: string | null;
  readonly chromium: string | null;
}

export function describeMachine(torch: string | null): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} (${distribution()})`,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: { start: round2(os.loadavg()[0]!), end: null },
    torch,
    chromium: chromiumVersion(),
  };
}

export function loadAverage(): number {
  return round2(os.loadavg()[0]!);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function distribution(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function chromiumVersion(): string | null {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
