/**
 * One shared WebAssembly memory per thread for the accelerated steps, and a first-fit
 * allocator of blocks in it. The memory is shared (backed by a SharedArrayBuffer) for two
 * reasons: helper threads update the same arrays, and a shared memory never moves when it
 * grows, so Float64Array views made earlier stay valid as later runs allocate more.
 */
import { WASM_MAX_PAGES, WASM_PAGE_BYTES, webAssembly, type WasmMemory } from './wasm';

/** Blocks start on 64-byte boundaries (cache lines; SIMD loads are 16 bytes). */
export const BLOCK_ALIGN = 64;

interface FreeBlock {
  offset: number;
  bytes: number;
}

export class SharedHeap {
  readonly memory: WasmMemory;
  /** Free blocks sorted by offset, never adjacent (adjacent ones are merged). */
  private readonly free: FreeBlock[] = [];
  private pages: number;

  constructor() {
    if (webAssembly === undefined) throw new Error('no WebAssembly');
    this.pages = 1;
    this.memory = new webAssembly.Memory({ initial: this.pages, maximum: WASM_MAX_PAGES, shared: true });
    // Address 0 stays unused, so no block starts at the null address.
    this.free.push({ offset: BLOCK_ALIGN, bytes: WASM_PAGE_BYTES - BLOCK_ALIGN });
  }

  /** Bytes the memory holds now (allocated or free). */
  get size(): number {
    return this.pages * WASM_PAGE_BYTES;
  }

  /** Bytes currently free. */
  get freeBytes(): number {
    let total = 0;
    for (const block of this.free) total += block.bytes;
    return total;
  }

  /**
   * Byte address of a zeroed block of at least `bytes` (rounded up to BLOCK_ALIGN), or null when
   * the 4 GiB address space cannot hold it (or the system refuses to grow the memory).
   */
  allocate(bytes: number): number | null {
    const size = roundUp(Math.max(bytes, 1), BLOCK_ALIGN);
    let index = this.free.findIndex((block) => block.bytes >= size);
    if (index < 0) {
      if (!this.grow(size)) return null;
      index = this.free.findIndex((block) => block.bytes >= size);
      if (index < 0) return null;
    }
    const block = this.free[index]!;
    const offset = block.offset;
    if (block.bytes === size) this.free.splice(index, 1);
    else {
      block.offset += size;
      block.bytes -= size;
    }
    // A reused block holds an earlier run's numbers; state buffers start at zero.
    new Uint8Array(this.memory.buffer, offset, size).fill(0);
    return offset;
  }

  /** Give back a block from allocate (same `bytes`). */
  release(offset: number, bytes: number): void {
    const size = roundUp(Math.max(bytes, 1), BLOCK_ALIGN);
    let index = 0;
    while (index < this.free.length && this.free[index]!.offset < offset) index++;
    const before = this.free[index - 1];
    const after = this.free[index];
    if ((before && before.offset + before.bytes > offset) || (after && offset + size > after.offset)) {
      throw new Error(`accel heap: block ${offset} (+${size}) overlaps a free block (released twice?)`);
    }
    if (before && before.offset + before.bytes === offset) {
      before.bytes += size;
      if (after && before.offset + before.bytes === after.offset) {
        before.bytes += after.bytes;
        this.free.splice(index, 1);
      }
    } else if (after && offset + size === after.offset) {
      after.offset = offset;
      after.bytes += size;
    } else {
      this.free.splice(index, 0, { offset, bytes: size });
    }
  }

  /** Grow so that a free block of `size` bytes exists at the end; false when it cannot. */
  private grow(size: number): boolean {
    const last = this.free[this.free.length - 1];
    const tailFree = last && last.offset + last.bytes === this.size ? last.bytes : 0;
    // At least double (fewer grow calls as runs get larger), within the 4 GiB limit.
    const needed = Math.ceil((size - tailFree) / WASM_PAGE_BYTES);
    const pages = Math.min(WASM_MAX_PAGES - this.pages, Math.max(needed, this.pages));
    if (pages < needed) return false;
    const start = this.size;
    try {
      this.memory.grow(pages);
    } catch {
      return false;
    }
    this.pages += pages;
    const added = pages * WASM_PAGE_BYTES;
    if (tailFree > 0) last!.bytes += added;
    else this.free.push({ offset: start, bytes: added });
    return true;
  }
}

export function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}
