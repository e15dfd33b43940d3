/** `lrlab explain OPTIMIZER|SCHEDULE`: the formula card — rule, symbols, differences, flavours, worked examples. */
import * as l10n from '@vscode/l10n';
import { allCards, cardFor } from '../../core/explain/card';
import { choiceFlag, parseCommand, usageError } from '../args';
import { EXIT } from '../exitCodes';
import type { CliIO } from '../io';
import { renderCardText } from '../output/card';
import { commandHelp } from './help';

const EXPLAIN_OPTIONS = {
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function explainCommand(args: readonly string[], io: CliIO): number {
  const { values, positionals } = parseCommand('explain', args, EXPLAIN_OPTIONS);
  if (values.help) {
    io.out(commandHelp('explain'));
    return EXIT.ok;
  }
  const format = values.format === undefined ? 'text' : choiceFlag('format', values.format, ['text', 'json'] as const);
  if (positionals.length > 1) throw usageError(l10n.t('lrlab explain takes one optimizer or schedule, got {0}: {1}', positionals.length, positionals.join(' ')));
  const name = positionals[0];
  if (name === undefined) {
    if (format === 'json') io.out(`${JSON.stringify(allCards(), null, 2)}\n`);
    else throw usageError(l10n.t('lrlab explain needs an optimizer or schedule: lrlab explain adam (see lrlab help optimizers | schedules)'));
    return EXIT.ok;
  }
  const card = cardFor(name);
  io.out(format === 'json' ? `${JSON.stringify(card, null, 2)}\n` : renderCardText(card));
  return EXIT.ok;
}
