/**
 * One parse of a TypeScript file and what the code actions read from it: learning-rate sites,
 * objectives, the names in use, the file's style. Everything past the parse is computed on
 * first use, so asking "is there anything under the cursor?" costs one parse per version.
 */
import type * as TS from 'typescript';
import { discoverObjectives, type DiscoveredObjective } from '../../core/loader';
import { detectStyle, restyle, GENERATED_STYLE, type FileStyle } from './fileStyle';
import { scanLrSites, type LrSiteScan } from './lrSites';
import { parseSource, ts } from './typescript';

export class SourceAnalysis {
  readonly sf: TS.SourceFile;
  private scanned: LrSiteScan | undefined;
  private detectedStyle: FileStyle | undefined;
  private discovered: DiscoveredObjective[] | undefined;
  private functions: ReadonlyMap<string, string> | undefined;

  /**
   * `fallbackIndent`: the indentation unit to use when no line of the file is indented (the
   * editor's setting). `findObjectives`: where objectives come from (the extension passes its
   * per-version cache, so the file is not parsed twice for them).
   */
  constructor(
    readonly text: string,
    readonly fileName: string,
    private readonly fallbackIndent = '  ',
    private readonly findObjectives: (() => DiscoveredObjective[]) | undefined = undefined,
  ) {
    this.sf = parseSource(text, fileName);
  }

  get scan(): LrSiteScan {
    this.scanned ??= scanLrSites(this.sf);
    return this.scanned;
  }

  get style(): FileStyle {
    this.detectedStyle ??= detectStyle(this.sf, this.fallbackIndent);
    return this.detectedStyle;
  }

  /** The objectives the file exports (static discovery, as the CodeLens finds them). */
  get objectives(): readonly DiscoveredObjective[] {
    if (!this.discovered) {
      try {
        this.discovered = this.findObjectives ? this.findObjectives() : discoverObjectives(this.text, this.fileName);
      } catch {
        this.discovered = [];
      }
    }
    return this.discovered;
  }

  /** Every identifier in the file: generated names avoid them all. */
  get reservedNames(): ReadonlySet<string> {
    return this.scan.identifiers;
  }

  /**
   * The file's top-level function declarations by name, in the generator's style (single
   * quotes), so the generator can reuse a kernel the file already has instead of adding a copy.
   */
  get topLevelFunctions(): ReadonlyMap<string, string> {
    if (!this.functions) {
      const t = ts();
      const map = new Map<string, string>();
      for (const statement of this.sf.statements) {
        if (t.isFunctionDeclaration(statement) && statement.name && statement.body) map.set(statement.name.text, restyle(statement.getText(this.sf), GENERATED_STYLE, this.style));
      }
      this.functions = map;
    }
    return this.functions;
  }

  /** The top-level statement containing `offset` (null between statements). */
  statementAt(offset: number): TS.Statement | null {
    return this.sf.statements.find((s) => s.getStart(this.sf) <= offset && offset < s.getEnd()) ?? null;
  }

  /** Offset of the start of the line `offset` is on. */
  lineStart(offset: number): number {
    const { line } = this.sf.getLineAndCharacterOfPosition(offset);
    return this.sf.getLineStarts()[line]!;
  }

  /** Offset of the end of the line `offset` is on (before its line break). */
  lineEnd(offset: number): number {
    const { line } = this.sf.getLineAndCharacterOfPosition(offset);
    const starts = this.sf.getLineStarts();
    const next = line + 1 < starts.length ? starts[line + 1]! : this.text.length;
    let end = next;
    if (end > 0 && this.text[end - 1] === '\n') end--;
    if (end > 0 && this.text[end - 1] === '\r') end--;
    return end;
  }

  /** Whether the line `offset` is on holds only whitespace. */
  isBlankLine(offset: number): boolean {
    return /^\s*$/.test(this.text.slice(this.lineStart(offset), this.lineEnd(offset)));
  }
}
