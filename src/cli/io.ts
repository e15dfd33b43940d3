/** Where a command writes: stdout for results, stderr for one-line errors and notes. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** The working directory paths are shown relative to. */
  readonly cwd: string;
}

export const processIO: CliIO = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
};
