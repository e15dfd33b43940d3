/**
 * A formula card (issue 19): what the panel's card and `lrlab explain` show for one optimizer or
 * schedule, built by the engine (src/core/explain) from its registry. Prose is English data
 * here, so the host can translate it before it is sent.
 */
import * as z from 'zod/mini';

const text = z.string();

/** One symbol of the formula and the option it stands for. */
export const cardSymbol = z.object({
  /** LaTeX of the symbol (`\beta_1`); empty for a switch without a symbol (`amsgrad`). */
  tex: text,
  /** The symbol as plain text (`β₁`), for the terminal. */
  text,
  option: text,
  /** For a pair option (`betas`): which entry. */
  index: z.optional(z.number()),
  /** PyTorch's default (null: PyTorch's None, or derived from the run). */
  default: z.unknown(),
  doc: text,
});

export const cardFlavor = z.object({
  flavor: text,
  library: text,
  reference: text,
  formula: text,
  note: text,
  /** The library's defaults where they differ from PyTorch's. */
  defaults: z.record(z.string(), z.unknown()),
});

/** A textbook number the example shows to be wrong, and why. */
export const cardClaim = z.object({ source: text, claimed: text, correct: text, why: text });

export const cardExample = z.object({
  title: text,
  /** The inputs in one line: options, θ₀, gradients. */
  setup: text,
  columns: z.array(text),
  rows: z.array(z.array(text)),
  claims: z.array(cardClaim),
});

export const card = z.object({
  kind: z.enum(['optimizer', 'schedule']),
  type: text,
  title: text,
  summary: text,
  reference: text,
  /** The rule in plain text (the registry's `formula`, as `lrlab help` prints it). */
  formula: text,
  /** The rule in LaTeX, one display line each. */
  tex: z.array(text),
  symbols: z.array(cardSymbol),
  /** The TSDoc's "Differs from" paragraph (optimizers). */
  differsFrom: z.optional(text),
  flavors: z.array(cardFlavor),
  examples: z.array(cardExample),
});

export type Card = z.infer<typeof card>;
export type CardSymbol = z.infer<typeof cardSymbol>;
export type CardFlavor = z.infer<typeof cardFlavor>;
export type CardExample = z.infer<typeof cardExample>;
export type CardClaim = z.infer<typeof cardClaim>;
