/**
 * Reads a .vsix (a zip) without unpacking it: the central directory's entries (name, sizes, Unix
 * mode) and an entry's bytes. Only what the packaging tests need (no zip64, no encryption).
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export interface VsixEntry {
  readonly name: string;
  readonly compressedBytes: number;
  readonly bytes: number;
  /** Unix permission bits (0 when the archive did not record them). */
  readonly mode: number;
  readonly method: number;
  readonly localHeaderOffset: number;
}

export class Vsix {
  private readonly data: Buffer;
  readonly entries: readonly VsixEntry[];

  constructor(readonly file: string) {
    this.data = readFileSync(file);
    this.entries = this.readCentralDirectory();
  }

  get fileBytes(): number {
    return this.data.length;
  }

  /** The sum of the entries' unpacked sizes (what an install puts on disk). */
  get unpackedBytes(): number {
    return this.entries.reduce((sum, e) => sum + e.bytes, 0);
  }

  entry(name: string): VsixEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  text(name: string): string {
    return this.bytes(name).toString('utf8');
  }

  bytes(name: string): Buffer {
    const e = this.entry(name);
    if (!e) throw new Error(`${this.file} has no ${name}`);
    const nameLength = this.data.readUInt16LE(e.localHeaderOffset + 26);
    const extraLength = this.data.readUInt16LE(e.localHeaderOffset + 28);
    const start = e.localHeaderOffset + 30 + nameLength + extraLength;
    const raw = this.data.subarray(start, start + e.compressedBytes);
    return e.method === 8 ? inflateRawSync(raw) : raw;
  }

  private readCentralDirectory(): VsixEntry[] {
    const d = this.data;
    // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
    let end = -1;
    for (let i = d.length - 22; i >= Math.max(0, d.length - 22 - 0xffff); i--) {
      if (d.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new Error(`${this.file} is not a zip (no end of central directory)`);
    const count = d.readUInt16LE(end + 10);
    let at = d.readUInt32LE(end + 16);
    const entries: VsixEntry[] = [];
    for (let n = 0; n < count; n++) {
      if (d.readUInt32LE(at) !== 0x02014b50) throw new Error(`${this.file}: bad central directory entry ${n}`);
      const nameLength = d.readUInt16LE(at + 28);
      const extraLength = d.readUInt16LE(at + 30);
      const commentLength = d.readUInt16LE(at + 32);
      entries.push({
        method: d.readUInt16LE(at + 10),
        compressedBytes: d.readUInt32LE(at + 20),
        bytes: d.readUInt32LE(at + 24),
        mode: (d.readUInt32LE(at + 38) >>> 16) & 0o7777,
        localHeaderOffset: d.readUInt32LE(at + 42),
        name: d.toString('utf8', at + 46, at + 46 + nameLength),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }
}

/** Width and height of a PNG file (its IHDR chunk). */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.readUInt32BE(0) !== 0x89504e47 || bytes.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
