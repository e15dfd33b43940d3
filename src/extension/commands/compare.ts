import * as vscode from 'vscode';
import { optimizerDefinitions, optimizerFamilies } from '../../core/optimizers';
import { QUICK_SWEEP_COUNT, quickSweepLrs } from '../../core/sweep';
import { formatNumber, PANEL_NUMBER } from '../../shared/format';
import type { ControlValues } from '../../shared/protocol';
import type { Playground } from '../runs/persistence';
import type { RunLauncher } from '../runs/RunLauncher';
import type { RunCompletion, RunTarget } from '../runs/types';
import { compareControls, compareLr, configIdentity, dropRepeats, lrOriginText, parseLr, pytorchDefaultLr, type CompareLr } from './compareLr';
import { sweepBestLrs, type QuickSweepDeps, type SweptLr } from './compareSweep';
import { pickTarget } from './pickTarget';

/** One optimizer of a comparison: its type and, optionally, the lr it runs at ('sweep': the best of a quick lr sweep). */
export interface CompareChoice {
  readonly type: string;
  readonly lr?: number | 'sweep';
}

/** The lrs typed in the picker this session, per optimizer (the next Compare offers them again). */
const chosenLrs = new Map<string, number>();
/** Whether the picker's "best lr of a quick sweep" was on last time (the next Compare starts so). */
let sweepMode = false;

/**
 * `Compare…` — run several optimizers on the same objective, starting point and schedule,
 * overlaid in the panel, each at its own lr (compareLr.ts: typed in the picker, else the
 * panel's for the panel's optimizer, else its PyTorch default; or, when asked, the best of a
 * quick lr sweep, compareSweep.ts). A run whose config is already on screen is not run again.
 * `types` (from tests and scripts) skips the picker: optimizer names or `{ type, lr }`, lr a
 * number or 'sweep'.
 */
export async function compare(launcher: RunLauncher, playground: Playground, sweeper: QuickSweepDeps & { readonly ui: { isTrusted(): boolean } }, uri?: unknown, objective?: unknown, types?: unknown): Promise<RunCompletion[] | undefined> {
  const target = await pickTarget(uri, objective, vscode.l10n.t('Choose the objective to compare optimizers on'));
  if (!target) return undefined;
  const base = playground.controls;
  const given = Array.isArray(types) ? types.flatMap(toChoice) : undefined;
  const chosen = given ?? (await pickOptimizers(target, base.optimizer.type, (type) => compareLr(type, base, chosenLrs)));
  if (!chosen || chosen.length === 0) return undefined;
  // In Restricted Mode nothing is swept (it runs the objective): the runs below are refused with the reason.
  const swept = sweeper.ui.isTrusted() ? await sweptLrs(launcher, sweeper, target, base, chosen) : new Map<string, SweptLr>();
  if (!swept) return undefined;
  const runs = chosen.map((choice) => {
    const lr = typeof choice.lr === 'number' ? choice.lr : choice.lr === 'sweep' ? (swept.get(choice.type)?.lr ?? pytorchDefaultLr(choice.type)) : compareLr(choice.type, base, chosenLrs).lr;
    const controls = compareControls(base, choice.type, lr);
    return { choice, controls, plan: launcher.plan(target, controls) };
  });
  const steps = dropRepeats(
    runs,
    (r) => (r.plan.ok ? configIdentity(r.plan.config) : `invalid:${r.choice.type}`),
    (r) => (r.plan.ok && r.plan.repeats > 0 ? r.plan.label : null),
  );
  const skipped = steps.flatMap((s) => (s.run ? [] : [`${s.item.plan.ok ? s.item.plan.label : s.item.choice.type}: ${s.why}`]));
  if (skipped.length > 0) void vscode.window.showInformationMessage(vscode.l10n.t('LR Lab: not run again — {0}.', skipped.join('; ')));
  return Promise.all(
    steps.map((s) =>
      s.run
        ? launcher.run(target, s.item.controls, { adoptControls: false })
        : Promise.resolve<RunCompletion>({ status: 'refused', runId: null, target, meta: null, outcome: null, reason: vscode.l10n.t('not run again: {0}', s.why) }),
    ),
  );
}

/**
 * The best lr of a quick sweep for each choice that asks for one (by type), and a message
 * saying what was found; undefined when the user cancelled the sweep.
 */
async function sweptLrs(launcher: RunLauncher, sweeper: QuickSweepDeps, target: RunTarget, base: ControlValues, chosen: readonly CompareChoice[]): Promise<Map<string, SweptLr> | undefined> {
  const types = [...new Set(chosen.filter((c) => c.lr === 'sweep').map((c) => c.type))];
  if (types.length === 0) return new Map();
  const subjects = types.map((type) => ({
    type,
    defaultLr: pytorchDefaultLr(type),
    configAt: (lr: number) => {
      const plan = launcher.plan(target, compareControls(base, type, lr));
      return plan.ok ? plan.config : null;
    },
  }));
  const results = await sweepBestLrs(sweeper, target, subjects);
  if (!results) return undefined;
  const lines = results.map((r) =>
    r.lr !== null
      ? vscode.l10n.t('{0} at lr {1} (final loss {2})', r.type, formatNumber(r.lr, PANEL_NUMBER), formatNumber(r.finalLoss ?? NaN, PANEL_NUMBER))
      : vscode.l10n.t("{0}: no lr of the sweep ended cleanly (all diverged or failed); it runs at PyTorch's default {1}", r.type, formatNumber(pytorchDefaultLr(r.type), PANEL_NUMBER)),
  );
  void vscode.window.showInformationMessage(vscode.l10n.t('LR Lab: the best lr of a quick sweep — {0}.', lines.join('; ')));
  return new Map(results.map((r) => [r.type, r]));
}

function toChoice(x: unknown): CompareChoice[] {
  if (typeof x === 'string') return [{ type: x }];
  if (x && typeof x === 'object' && typeof (x as CompareChoice).type === 'string') {
    const { type, lr } = x as CompareChoice;
    if (lr === 'sweep') return [{ type, lr }];
    return [typeof lr === 'number' && Number.isFinite(lr) && lr > 0 ? { type, lr } : { type }];
  }
  return [];
}

/** An optimizer of the picker, or (type '') its "best lr of a quick sweep" switch. */
interface OptimizerItem extends vscode.QuickPickItem {
  readonly type: string;
}

const SWEEP_SWITCH = '';

/**
 * The picker: on top, a switch "each at the best lr of a quick sweep"; below it, optimizers
 * grouped by family, each with the lr it will run at and where that lr comes from; ✎ on an item
 * types another lr for it (a typed lr wins over the sweep). Resolves to the chosen optimizers
 * (with their lrs, or 'sweep'), or undefined when dismissed.
 */
function pickOptimizers(target: RunTarget, current: string, lrOf: (type: string) => CompareLr): Promise<CompareChoice[] | undefined> {
  const picker = vscode.window.createQuickPick<OptimizerItem>();
  picker.canSelectMany = true;
  picker.matchOnDescription = true;
  // Several choices and a switch to make: a click elsewhere (the panel, the editor) must not throw them away.
  picker.ignoreFocusOut = true;
  picker.title = vscode.l10n.t('Compare optimizers on {0}', target.objective);
  picker.placeholder = vscode.l10n.t('Each runs at its own lr (✎ to set one); runs already on screen are not repeated');
  const setLr: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: vscode.l10n.t('Set the lr this optimizer runs at') };
  /** Where `type`'s lr comes from with the switch as it is. */
  const originOf = (type: string): CompareLr => {
    const own = lrOf(type);
    return sweepMode && own.origin !== 'yours' ? { lr: NaN, origin: 'sweep' } : own;
  };
  const describe = (type: string): string => {
    const { lr, origin } = originOf(type);
    if (origin !== 'sweep') return `${vscode.l10n.t('lr {0}', formatNumber(lr, PANEL_NUMBER))} · ${lrOriginText(origin)}`;
    const lrs = quickSweepLrs(pytorchDefaultLr(type));
    return vscode.l10n.t('lr: {0} ({1} … {2})', lrOriginText(origin), formatNumber(lrs[0]!, PANEL_NUMBER), formatNumber(lrs[lrs.length - 1]!, PANEL_NUMBER));
  };
  let building = false;
  const build = (selected: ReadonlySet<string>): void => {
    building = true;
    const items: OptimizerItem[] = [
      {
        type: SWEEP_SWITCH,
        label: `$(beaker) ${vscode.l10n.t('Each at the best lr of a quick sweep')}`,
        description: vscode.l10n.t('{0} lrs around its PyTorch default, with the panel’s schedule and steps, before the comparison', QUICK_SWEEP_COUNT),
      },
    ];
    for (const [family, types] of Object.entries(groupByFamily())) {
      items.push({ type: SWEEP_SWITCH, label: family, kind: vscode.QuickPickItemKind.Separator });
      for (const type of types) {
        const definition = optimizerDefinitions[type as keyof typeof optimizerDefinitions];
        items.push({ type, label: type, description: describe(type), detail: `${definition.title}: ${definition.summary}`, buttons: [setLr] });
      }
    }
    picker.items = items;
    picker.selectedItems = items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator && (i.type === SWEEP_SWITCH ? sweepMode : selected.has(i.type)));
    building = false;
  };
  const selectedTypes = (): Set<string> => new Set(picker.selectedItems.filter((i) => i.type !== SWEEP_SWITCH).map((i) => i.type));
  build(new Set([current, 'sgd', 'adam']));
  return new Promise((resolve) => {
    let editing = false;
    picker.onDidChangeSelection((items) => {
      if (building) return;
      const on = items.some((i) => i.type === SWEEP_SWITCH);
      if (on === sweepMode) return;
      // The switch changes every optimizer's description: rebuild, keeping the selection.
      sweepMode = on;
      build(selectedTypes());
    });
    picker.onDidTriggerItemButton(async ({ item }) => {
      const selected = selectedTypes();
      selected.add(item.type);
      editing = true;
      const typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('lr for {0}', item.type),
        value: String(Number.isFinite(lrOf(item.type).lr) ? lrOf(item.type).lr : pytorchDefaultLr(item.type)),
        prompt: vscode.l10n.t("The lr {0} runs at in this comparison (PyTorch's default: {1})", item.type, formatNumber(pytorchDefaultLr(item.type), PANEL_NUMBER)),
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
      const chosen = [...selectedTypes()].map((type): CompareChoice => {
        const { lr, origin } = originOf(type);
        return { type, lr: origin === 'sweep' ? 'sweep' : lr };
      });
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
