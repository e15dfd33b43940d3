/** Flags several commands share, declared once for parseArgs (spread into a command's options). */

/** Where a run starts and how it samples: as `lrlab run` reads them. */
export const START_FLAGS = {
  objective: { type: 'string' },
  seed: { type: 'string' },
  x0: { type: 'string' },
  'batch-size': { type: 'string' },
  gradient: { type: 'string' },
} as const;

/** Limits of the worker running the objective. */
export const LIMIT_FLAGS = {
  'time-limit': { type: 'string' },
  'eval-time-limit': { type: 'string' },
  'memory-limit': { type: 'string' },
} as const;

/** What to print and where. */
export const OUTPUT_FLAGS = {
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What a command that reports on a file without writing a file reads (`lrlab list`, `check`, `gradient`): its format, the worker's limits, help. */
export const REPORT_FLAGS = {
  format: { type: 'string' },
  ...LIMIT_FLAGS,
  help: { type: 'boolean', short: 'h' },
} as const;
