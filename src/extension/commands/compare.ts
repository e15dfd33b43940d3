import * as vscode from 'vscode';
import { optimizerDefinitions, optimizerFamilies } from '../../core/optimizers';
import { formatNumber, PANEL_NUMBER } from '../../shared/format';
import type { Playground } from '../runs/persistence';
import type { RunLauncher } from '../runs/RunLauncher';
import type { RunCompletion, RunTarget } from '../runs/types';
import { compareControls, compareLr, configIdentity, dropRepeats, LR_ORIGIN_TEXT, parseLr, pytorchDefaultLr, type CompareLr } from './compareLr';
import { pickTarget } from './pickTarget';

/** One optimizer of a comparison: its type and, optionally, the lr it runs at. */
export interface CompareChoice {
  readonly type: string;
  readonly lr?: number;
}

/** The lrs typed in the picker this session, per optimizer (the next Compare offers them again). */
const chosenLrs = new Map<string, number>();

/**
 * `Compare…` — run several optimizers on the same objective, starting point and schedule,
 * overlaid in the panel, each at its own lr (compareLr.ts: typed in the picker, else the
 * panel's for the panel's optimizer, else its PyTorch default). A run whose config is already
 * on screen is not run again. `types` (from tests and scripts) skips the picker: optimizer
 * names or `{ type, lr }`.
 */
export async function compare(launcher: RunLauncher, playground: Playground, uri?: unknown, objective?: unknown, types?: unknown): Promise<RunCompletion[] | undefined> {
  const target = await pickTarget(uri, objective, vscode.l10n.t('Choose the objective to compare optimizers on'));
  if (!target) return undefined;
  const base = playground.controls;
  const given = Array.isArray(types) ? types.flatMap(toChoice) : undefined;
  const chosen = given ?? (await pickOptimizers(target, base.optimizer.type, (type) => compareLr(type, base, chosenLrs)));
  if (!chosen || chosen.length === 0) return undefined;
  const runs = chosen.map((choice) => {
    const lr = choice.lr ?? compareLr(choice.type, base, chosenLrs).lr;
    const controls = compareControls(base, choice.type, lr);
    return { choice, controls, plan: launcher.plan(target, controls) };
  });
  const steps = dropRepeats(
    runs,
    (r) => (r.plan.ok ? configIdentity(r.plan.config) : `invalid:${r.choice.type}`),
    (r) => (r.plan.ok && r.plan.repeats > 0 ? r.plan.label : null),
  );
  const skipped = steps.flatMap((s) => (s.run ? [] : [`${s.item.plan.ok ? s.item.plan.label : s.item.choice.type}: ${s.why}`]));
  if (skipped.length > 0) void vscode.window.showInformationMessage(`LR Lab: not run again — ${skipped.join('; ')}.`);
  return Promise.all(
    steps.map((s) =>
      s.run
        ? launcher.run(target, s.item.controls, { adoptControls: false })
        : Promise.resolve<RunCompletion>({ status: 'refused', runId: null, target, meta: null, outcome: null, reason: `not run again: ${s.why}` }),
    ),
  );
}

function toChoice(x: unknown): CompareChoice[] {
  if (typeof x === 'string') return [{ type: x }];
  if (x && typeof x === 'object' && typeof (x as CompareChoice).type === 'string') {
    const { type, lr } = x as CompareChoice;
    return [typeof lr === 'number' && Number.isFinite(lr) && lr > 0 ? { type, lr } : { type }];
  }
  return [];
}

interface OptimizerItem extends vscode.QuickPickItem {
  readonly type: string;
}

const SET_LR: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Set the lr this optimizer runs at' };

/**
 * The picker: optimizers grouped by family, each with the lr it will run at and where that lr
 * comes from; ✎ on an item types another lr for it. Resolves to the chosen optimizers (with
 * their lrs), or undefined when dismissed.
 */
function pickOptimizers(target: RunTarget, current: string, lrOf: (type: string) => CompareLr): Promise<CompareChoice[] | undefined> {
  const picker = vscode.window.createQuickPick<OptimizerItem>();
  picker.canSelectMany = true;
  picker.matchOnDescription = true;
  picker.title = `Compare optimizers on ${target.objective}`;
  picker.placeholder = 'Each runs at its own lr (✎ to set one); runs already on screen are not repeated';
  const build = (selected: ReadonlySet<string>): void => {
    const items: (OptimizerItem | vscode.QuickPickItem)[] = [];
    for (const [family, types] of Object.entries(groupByFamily())) {
      items.push({ label: family, kind: vscode.QuickPickItemKind.Separator });
      for (const type of types) {
        const definition = optimizerDefinitions[type as keyof typeof optimizerDefinitions];
        const { lr, origin } = lrOf(type);
        items.push({ type, label: type, description: `lr ${formatNumber(lr, PANEL_NUMBER)} · ${LR_ORIGIN_TEXT[origin]}`, detail: `${definition.title}: ${definition.summary}`, buttons: [SET_LR] } as OptimizerItem);
      }
    }
    picker.items = items as OptimizerItem[];
    picker.selectedItems = picker.items.filter((i) => selected.has(i.type));
  };
  build(new Set([current, 'sgd', 'adam']));
  return new Promise((resolve) => {
    let editing = false;
    picker.onDidTriggerItemButton(async ({ item }) => {
      const selected = new Set(picker.selectedItems.map((i) => i.type));
      selected.add(item.type);
      editing = true;
      const typed = await vscode.window.showInputBox({
        title: `lr for ${item.type}`,
        value: String(lrOf(item.type).lr),
        prompt: `The lr ${item.type} runs at in this comparison (PyTorch's default: ${formatNumber(pytorchDefaultLr(item.type), PANEL_NUMBER)})`,
        validateInput: (text) => {
          const r = parseLr(text);
          return r.ok ? null : r.error;
        },
      });
      editing = false;
      const r = typed === undefined ? null : parseLr(typed);
      if (r?.ok) chosenLrs.set(item.type, r.lr);
      build(selected);
      picker.show();
    });
    picker.onDidAccept(() => {
      const chosen = picker.selectedItems.map((i) => ({ type: i.type, lr: lrOf(i.type).lr }));
      picker.hide();
      resolve(chosen);
    });
    picker.onDidHide(() => {
      if (editing) return; // the lr input box took the picker's place; it comes back
      picker.dispose();
      resolve(undefined);
    });
    picker.show();
  });
}

function groupByFamily(): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const type of Object.keys(optimizerDefinitions)) (groups[optimizerFamilies[type as keyof typeof optimizerFamilies]] ??= []).push(type);
  return groups;
}
