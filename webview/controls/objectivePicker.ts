/**
 * The objective picker: the objectives of the panel's file (selecting one asks the host to
 * switch to it); disabled while there is nothing to choose.
 */
import * as l10n from '@vscode/l10n';
import type { PanelContext } from '../../src/shared/protocol';
import { h, labelledField, replaceChildren } from '../dom';

export class ObjectivePicker {
  /** The labelled field, for the form's first row. */
  readonly field: HTMLElement;
  private readonly select = h('select', { id: 'objective', 'aria-label': l10n.t('Objective') });

  constructor(selected: (name: string) => void) {
    this.field = labelledField(l10n.t('Objective'), this.select, 'wide');
    this.select.addEventListener('change', () => {
      if (this.select.value) selected(this.select.value);
    });
  }

  setContext(context: PanelContext): void {
    const names = context.objectives.length ? context.objectives : context.objective ? [context.objective.name] : [];
    if (names.length === 0) replaceChildren(this.select, h('option', { value: '' }, l10n.t('no objective')));
    else replaceChildren(this.select, ...names.map((name) => h('option', { value: name }, name)));
    if (context.objective) this.select.value = context.objective.name;
    this.select.title = context.objective ? `${context.objective.label} › ${context.objective.name}` : l10n.t('No objective');
    this.select.disabled = names.length < 2;
  }
}
