/**
 * The packages `npm run package -- --all` made (the `package` stage of npm test runs it first):
 * one .vsix per VS Code target with that platform's esbuild binary, a universal one with
 * esbuild-wasm, each within the size budget, with a listing that renders on the marketplace.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pngSize, Vsix } from './vsix';

const repoRoot = path.join(__dirname, '..', '..');
const MIB = 1024 * 1024;

/**
 * The size budget of every package. Most of it is TypeScript (the compiler, 9.1 MB, and its lib
 * .d.ts files, 2.6 MB: discovery, the type check and the autodiff transform run it) and esbuild's
 * binary (9–12 MB, or its 14 MB WebAssembly build in the universal package); LR Lab's own bundles
 * are under 1 MB. Measured: 6.04 MiB (universal) to 7.04 MiB (win32-x64) to download, 22.8–26.3 MiB
 * installed (docs/ARCHITECTURE.md, "Packaging", per target; the stage prints them on every run).
 */
export const BUDGET = { vsixMiB: 8, unpackedMiB: 30 } as const;

type Spec = { esbuild: string; binary: string; wasm?: undefined } | { wasm: true; esbuild?: undefined; binary?: undefined };
interface Packaging {
  TARGETS: Record<string, Spec>;
  vsixPath(target: string): string;
}

/** What a binary was built for, from its header: ELF, Mach-O or PE, and the CPU. */
function binaryPlatform(bytes: Buffer): string {
  if (bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes.readUInt16LE(18);
    return `elf-${({ 0x3e: 'x64', 0xb7: 'arm64', 0x28: 'arm' } as Record<number, string>)[machine] ?? machine}`;
  }
  if (bytes.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = bytes.readUInt32LE(4);
    return `macho-${({ 0x01000007: 'x64', 0x0100000c: 'arm64' } as Record<number, string>)[cpu] ?? cpu}`;
  }
  if (bytes.toString('ascii', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    const machine = bytes.readUInt16LE(pe + 4);
    return `pe-${({ 0x8664: 'x64', 0xaa64: 'arm64' } as Record<number, string>)[machine] ?? machine}`;
  }
  return 'unknown';
}

/** The binary format and CPU each target's esbuild must have. */
const EXPECTED_BINARY: Record<string, string> = {
  'win32-x64': 'pe-x64',
  'win32-arm64': 'pe-arm64',
  'linux-x64': 'elf-x64',
  'linux-arm64': 'elf-arm64',
  'linux-armhf': 'elf-arm',
  'alpine-x64': 'elf-x64',
  'alpine-arm64': 'elf-arm64',
  'darwin-x64': 'macho-x64',
  'darwin-arm64': 'macho-arm64',
};

describe('packages (npm run package -- --all)', function () {
  this.timeout(60_000);
  let packaging: Packaging;
  const sizes: string[] = [];

  before(async () => {
    packaging = (await import(path.join(repoRoot, 'scripts/harness/package.mjs'))) as Packaging;
  });

  after(() => {
    if (sizes.length > 0) console.log(`\n  budget: ≤ ${BUDGET.vsixMiB} MiB .vsix, ≤ ${BUDGET.unpackedMiB} MiB installed\n${sizes.map((s) => `  ${s}`).join('\n')}`);
  });

  it('there is one package per VS Code target and a universal one', () => {
    assert.deepEqual(Object.keys(packaging.TARGETS).sort(), [...Object.keys(EXPECTED_BINARY), 'universal'].sort());
    for (const target of Object.keys(packaging.TARGETS)) assert.ok(existsSync(packaging.vsixPath(target)), `${packaging.vsixPath(target)} is missing: run npm run package -- --all`);
  });

  for (const target of [...Object.keys(EXPECTED_BINARY), 'universal']) {
    describe(target, () => {
      let vsix: Vsix;
      let spec: Spec;
      const names = () => vsix.entries.map((e) => e.name);
      before(function () {
        spec = packaging.TARGETS[target]!;
        const file = packaging.vsixPath(target);
        if (!existsSync(file)) this.skip();
        vsix = new Vsix(file);
      });

      it(`is within the size budget (${BUDGET.vsixMiB} MiB .vsix, ${BUDGET.unpackedMiB} MiB installed)`, () => {
        sizes.push(`${target.padEnd(13)} ${(vsix.fileBytes / MIB).toFixed(2)} MiB .vsix, ${(vsix.unpackedBytes / MIB).toFixed(2)} MiB installed, ${vsix.entries.length} files`);
        assert.ok(vsix.fileBytes <= BUDGET.vsixMiB * MIB, `${target}: ${(vsix.fileBytes / MIB).toFixed(2)} MiB`);
        assert.ok(vsix.unpackedBytes <= BUDGET.unpackedMiB * MIB, `${target}: ${(vsix.unpackedBytes / MIB).toFixed(2)} MiB installed`);
      });

      it('says its target platform in the manifest', () => {
        const identity = /<Identity [^>]*\/>/.exec(vsix.text('extension.vsixmanifest'))?.[0] ?? '';
        if (spec.wasm) assert.doesNotMatch(identity, /TargetPlatform/);
        else assert.match(identity, new RegExp(`TargetPlatform="${target}"`));
      });

      it(target === 'universal' ? 'bundles with esbuild-wasm and carries no native binary' : "carries exactly its platform's esbuild binary, executable", () => {
        const esbuildPackages = [...new Set(names().filter((n) => n.startsWith('extension/node_modules/@esbuild/')).map((n) => n.split('/')[3]))];
        const shipped = JSON.parse(vsix.text('extension/package.json')) as { dependencies: Record<string, string> };
        if (spec.wasm) {
          assert.deepEqual(esbuildPackages, []);
          assert.ok(!names().some((n) => n.startsWith('extension/node_modules/esbuild/')));
          for (const file of ['lib/main.js', 'bin/esbuild', 'esbuild.wasm', 'wasm_exec.js', 'wasm_exec_node.js']) assert.ok(vsix.entry(`extension/node_modules/esbuild-wasm/${file}`), `esbuild-wasm/${file}`);
          assert.deepEqual(Object.keys(shipped.dependencies).sort(), ['esbuild-wasm', 'typescript']);
          return;
        }
        assert.deepEqual(esbuildPackages, [spec.esbuild!.split('/')[1]]);
        assert.ok(vsix.entry('extension/node_modules/esbuild/lib/main.js'));
        assert.ok(!names().some((n) => n.includes('esbuild-wasm')));
        const binary = vsix.entry(`extension/node_modules/${spec.esbuild}/${spec.binary}`);
        assert.ok(binary, `${spec.esbuild}/${spec.binary}`);
        if (!target.startsWith('win32')) assert.equal(binary.mode & 0o111, 0o111, `${spec.binary} mode ${binary.mode.toString(8)}`);
        assert.deepEqual(Object.keys(shipped.dependencies).sort(), ['esbuild', 'typescript']);
      });

      it('the binary is built for this target (format and CPU)', function () {
        if (spec.wasm) this.skip();
        const entry = vsix.entry(`extension/node_modules/${spec.esbuild}/${spec.binary}`)!;
        assert.equal(binaryPlatform(vsix.bytes(entry.name)), EXPECTED_BINARY[target]);
      });

      it('ships the bundles, the icon, the changelog and the trimmed TypeScript; no sources, maps or CLI', () => {
        for (const file of ['dist/extension.js', 'dist/worker.js', 'dist/typecheck.js', 'dist/webview.js', 'dist/accel.wasm', 'media/panel.css', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json', 'examples/quadratic.ts', 'media/walkthrough/run.svg', 'media/icon.svg', 'media/icon.png', 'changelog.md', 'readme.md', 'LICENSE.txt', 'node_modules/typescript/lib/typescript.js', 'node_modules/typescript/lib/lib.es2022.d.ts']) {
          assert.ok(vsix.entry(`extension/${file}`), `${target} lacks ${file}`);
        }
        // The walkthrough's example is the one source file that ships (lrlab.openExample copies it).
        const walkthroughExample = 'extension/examples/quadratic.ts';
        const stray = names().filter((n) => n !== walkthroughExample && /\.map$|\.ts$(?<!\.d\.ts)|^extension\/(src|test|webview|scripts|bench|examples)\/|dist\/cli\.js$|node_modules\/typescript\/lib\/(?!typescript\.js$|lib\.)/.test(n));
        assert.deepEqual(stray, []);
      });
    });
  }

  describe('the listing', () => {
    let vsix: Vsix;
    before(function () {
      const file = packaging.vsixPath('linux-x64');
      if (!existsSync(file)) this.skip();
      vsix = new Vsix(file);
    });

    it("the README's images are absolute https URLs of files in the repository (they render on the marketplace)", () => {
      const readme = vsix.text('extension/readme.md');
      const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
      assert.ok(images.length >= 4, `only ${images.length} images`);
      for (const url of images) {
        const m = /^https:\/\/github\.com\/lrlab\/lrlab\/raw\/HEAD\/(.+)$/.exec(url);
        assert.ok(m, `${url} is not an absolute URL into the repository`);
        assert.ok(existsSync(path.join(repoRoot, m[1]!)), `${url}: ${m[1]} is not in the repository`);
      }
    });

    it('the icon the manifest names is a 256 px PNG', () => {
      const manifest = vsix.text('extension.vsixmanifest');
      assert.match(manifest, /Path="extension\/media\/icon\.png"/);
      const local = readFileSync(path.join(repoRoot, 'media/icon.png'));
      assert.deepEqual(pngSize(local), { width: 256, height: 256 });
    });
  });
});
