/**
 * Emit lifted kernels into a user's file: dependencies first, each under a name that does not
 * collide with the file's own names (a numeric suffix, with every reference renamed too), or
 * not at all when the file already declares an identical copy.
 */
import { LrLabError } from '../errors';
import type { KernelTable } from './types';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A valid, non-reserved TypeScript identifier, or an LrLabError naming `what`. */
export function checkIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new LrLabError('invalidConfig', `${what} must be a plain identifier like learningRate (got ${JSON.stringify(name)})`);
  return name;
}

/** Hands out names that avoid the file's names and each other: `name`, else `name2`, `name3`, … */
export class NameAllocator {
  private readonly taken: Set<string>;

  constructor(reserved: ReadonlySet<string> = new Set()) {
    this.taken = new Set(reserved);
  }

  isTaken(name: string): boolean {
    return this.taken.has(name);
  }

  take(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}${n}`;
    this.taken.add(name);
    return name;
  }
}

export interface EmitOptions {
  /** Put `export` back on the kernels (optimizer code, where the user calls them); schedule kernels stay file-local. */
  readonly exported: boolean;
  /**
   * Declarations already in the user's file, by name (their text, JSDoc optional). A kernel whose
   * name is taken by an identical declaration (ignoring comments, `export` and whitespace) is
   * reused instead of emitted again under a new name.
   */
  readonly existingDeclarations?: ReadonlyMap<string, string>;
}

export interface EmittedKernels {
  /** The declarations, separated by blank lines (no trailing newline); '' when every kernel was reused. */
  readonly text: string;
  /** Original kernel name → the name to call it by in this file. */
  readonly names: ReadonlyMap<string, string>;
  /** The names the text declares (renamed), in order. */
  readonly declared: readonly string[];
}

/** `roots` and everything they depend on, dependencies first, each once. */
export function kernelClosure(table: KernelTable, roots: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (name: string): void => {
    if (out.includes(name)) return;
    const kernel = table[name];
    if (!kernel) throw new LrLabError('invalidConfig', `no kernel named ${name} in the generated kernel table (run npm run generate)`);
    for (const dependency of kernel.dependencies) visit(dependency);
    out.push(name);
  };
  for (const root of roots) visit(root);
  return out;
}

/** Comparable form of a declaration: no comments, no `export`, whitespace collapsed. */
function normalized(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\bexport\s+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The kernel's text with its references renamed and, when asked, `export` restored. */
function kernelText(table: KernelTable, name: string, names: ReadonlyMap<string, string>, exported: boolean): string {
  const kernel = table[name]!;
  const edits: { at: number; remove: number; insert: string }[] = kernel.references.map(([ref, at]) => ({ at, remove: ref.length, insert: names.get(ref) ?? ref }));
  if (exported) edits.push({ at: kernel.declarationStart, remove: 0, insert: 'export ' });
  edits.sort((a, b) => b.at - a.at);
  let text = kernel.text;
  for (const edit of edits) text = text.slice(0, edit.at) + edit.insert + text.slice(edit.at + edit.remove);
  return text;
}

/**
 * Emit `roots` with their dependencies. Names are taken from `allocator` (so they avoid the
 * file's reserved names and each other); a kernel is reused when the file already declares it
 * identically and all its dependencies are reused too.
 */
export function emitKernels(table: KernelTable, roots: readonly string[], allocator: NameAllocator, options: EmitOptions): EmittedKernels {
  const order = kernelClosure(table, roots);
  const names = new Map<string, string>();
  const emitted: string[] = [];
  for (const name of order) {
    const existing = options.existingDeclarations?.get(name);
    const kernel = table[name]!;
    const reusable =
      existing !== undefined &&
      allocator.isTaken(name) &&
      kernel.dependencies.every((d) => names.get(d) === d && !emitted.includes(d)) &&
      normalized(existing) === normalized(kernel.text);
    if (reusable) {
      names.set(name, name);
    } else {
      names.set(name, allocator.take(name));
      emitted.push(name);
    }
  }
  const texts = emitted.map((name) => kernelText(table, name, names, options.exported));
  return { text: texts.join('\n\n'), names, declared: emitted.map((name) => names.get(name)!) };
}
