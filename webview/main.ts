/**
 * The plot panel's entry point: it wires the rooms of the page, lays them out and says
 * `ready`. The host is the source of truth for runs, catalog, controls and context; this page
 * keeps only view state (log axes, hidden runs, drafts). Host messages go through one router
 * (./router.ts) where each room registers the kinds it handles; rooms that share a kind
 * (`init`) get it in the order they registered (views when they are made), and the page's own
 * `init` handler, which draws, comes last.
 *
 * Rooms: the controls (./controls/), the notice banner and error area (./banner.ts), the
 * TypeScript errors of a run's file (./typeCheckNotice.ts), the run
 * list (./runs/runList.ts), the runs model kept by ./runs/runMessages.ts, the formula cards
 * of the chosen optimizer and schedule (./cards/formulaCard.ts), and the views
 * (./view.ts: `curves`, the chart cards; the playground's `landscape`, `finder`, `sweep` and
 * `compare`).
 */
// First: configures the page's strings before any other module is evaluated.
import './l10n';
import * as l10n from '@vscode/l10n';
// From its own module, not the protocol's barrel, which would bundle the panel → host schemas too.
import { parseHostMessage } from '../src/shared/messages/hostToWebview';
import type { WebviewToHost } from '../src/shared/protocol';
import { PROTOCOL_VERSION } from '../src/shared/protocolVersion';
import { Banner, ErrorArea } from './banner';
import { FormulaCards } from './cards/formulaCard';
import { Controls } from './controls/controls';
import { h } from './dom';
import { renderPng } from './exportPng';
import { revealMessage, type Location } from './location';
import { MessageRouter } from './router';
import { RunList } from './runs/runList';
import { Legend } from './runs/legend';
import { keepRuns } from './runs/runMessages';
import { RunsModel, type SeriesKey } from './runs/runsModel';
import { RunVisibility } from './runs/visibility';
import { RedrawScheduler } from './scheduler';
import { ViewStateStore } from './state';
import { TypeCheckNotice } from './typeCheckNotice';
import { readTheme, runColor, watchTheme } from './theme';
import type { PanelView, ViewContext } from './view';
import { createCompareView } from './views/compare/compareView';
import { createCurvesView } from './views/curves/curvesView';
import { createFinderView } from './views/finder/finderView';
import { createStepInspectorView } from './views/inspector/stepInspectorView';
import { createLandscapeView } from './views/landscape/landscapeView';
import { registerPlaygroundCharts } from './views/playgroundCharts';
import { createSweepView } from './views/sweep/sweepView';
import { loadViewState, postToHost, saveViewState } from './vscodeApi';

function start(app: HTMLElement): void {
  const store = new ViewStateStore(loadViewState(), saveViewState);
  const model = new RunsModel();
  const visibility = new RunVisibility(model, store);
  let theme = readTheme();
  const post = (message: WebviewToHost): void => postToHost(message);
  const reveal = (location: Location): void => post(revealMessage(location));
  const errors = new ErrorArea(reveal);
  const banner = new Banner();
  const typeCheck = new TypeCheckNotice(reveal);
  const router = new MessageRouter({
    parse: parseHostMessage,
    admit: (message) => {
      if (message.type !== 'init' || message.protocolVersion === PROTOCOL_VERSION) return true;
      errors.showOnce('protocol', l10n.t('This panel speaks protocol version {0} but LR Lab sent version {1}. Reload the window (Developer: Reload Window).', PROTOCOL_VERSION, message.protocolVersion));
      return false;
    },
    failed: (message, e) => {
      console.error('LR Lab: handling a message failed', e);
      errors.show(l10n.t('The panel failed to handle "{0}": {1}', message.type, e instanceof Error ? e.message : String(e)));
    },
  });
  const scheduler = new RedrawScheduler(() => draw(), 100);
  const context: ViewContext = { model, visibility, store, router, scheduler, theme: () => theme, post };

  // Chart types and plugins of the playground's views, registered before any chart is made (the
  // annotation plugin's defaults must be known to every chart's options).
  registerPlaygroundCharts();
  const curves = createCurvesView(context);
  const views: PanelView[] = [curves];
  const runsChanged = (keys?: readonly SeriesKey[]): void => {
    for (const view of views) view.runsChanged?.(keys);
  };
  /** Everything drawn changed (visibility, objective on screen): every view, and a redraw. */
  const redrawAll = (): void => {
    runsChanged();
    scheduler.request();
  };
  /** A PNG of every view's charts under a legend of the visible runs. */
  const exportPng = (): string => {
    scheduler.flush();
    const legend = visibility.visible().map((r) => ({ label: visibility.label(r), color: runColor(theme, r.meta.colorIndex) }));
    return renderPng(views.flatMap((view) => view.pngCharts?.() ?? []), legend, theme);
  };

  const controls = new Controls(
    {
      run: (values, stepThrough) => post(stepThrough ? { type: 'run', controls: values, stepThrough } : { type: 'run', controls: values }),
      stepRun: (action) => {
        post({ type: 'stepRun', action });
        if (action !== 'pause') inspector.released();
        showRunState();
      },
      stop: () => post({ type: 'stop' }),
      saveDefaults: (controls) => post({ type: 'saveDefaults', controls }),
      // The runs on screen (another objective's stay).
      clear: () => {
        const listed = visibility.listed().map((r) => r.meta.id);
        post(listed.length === model.size ? { type: 'clear' } : { type: 'clear', runIds: listed });
      },
      preview: (request) => (request ? curves.previewSchedule(request) : curves.clearPreview()),
      previewShown: (open) => curves.showPreviewCard(open),
      exportPng: () => post({ type: 'png', dataUrl: exportPng() }),
      exportData: (format) => {
        const visible = visibility.visible().map((r) => r.meta.id);
        post(visible.length === model.size ? { type: 'export', format } : { type: 'export', format, runIds: visible });
      },
      selectObjective: (name) => post({ type: 'selectObjective', name }),
      changed: (values, problem) => {
        post(problem === null ? { type: 'controlsChanged', controls: values } : { type: 'controlsChanged', controls: values, problem });
        cards.show(values);
      },
    },
    store,
  );
  // The step inspector (Pause / Step / Step through), then the playground's views (after the controls: the finder and the sweep start from what the form holds).
  const inspector = createStepInspectorView(context);
  views.push(
    inspector,
    createLandscapeView(context),
    createFinderView(context, { currentOptimizer: () => controls.current()?.optimizer ?? null }),
    createSweepView(context, { currentControls: () => controls.current() }),
    createCompareView(context),
  );
  const cards = new FormulaCards({ focusOption: (kind, option) => controls.focusOption(kind, option) });
  const setVisible = (runId: string, visible: boolean): void => {
    store.update((s) => {
      s.hiddenRuns = s.hiddenRuns.filter((id) => id !== runId);
      if (!visible) s.hiddenRuns.push(runId);
    });
    redrawAll();
  };
  const legend = new Legend({ setVisible });
  const runList = new RunList({
    setVisible,
    showObjective: (key) => {
      visibility.choose(key);
      redrawAll();
    },
    remove: (runId) => post({ type: 'clear', runIds: [runId] }),
    insertSchedule: (runId) => post({ type: 'insertSchedule', runId }),
    insertOptimizer: (runId) => post({ type: 'insertOptimizer', runId }),
    undoClear: () => post({ type: 'undoClear' }),
    reveal,
  });
  /** The run list and the buttons that depend on runs (cheap: rows are updated in place). */
  const showRunState = (): void => {
    runList.render(visibility, store, theme);
    legend.render(visibility, store, theme);
    controls.setRunState(model.anyRunning, visibility.listed().length > 0, inspector.anyPaused);
  };
  function draw(): void {
    const started = performance.now();
    for (const view of views) view.render();
    showRunState();
    // One user-timing entry per redraw (observable by tests and in devtools); cleared so none pile up.
    performance.measure('lrlab:draw', { start: started, end: performance.now() });
    performance.clearMeasures('lrlab:draw');
  }

  keepRuns(router, model, store, {
    changed: (keys, redraw) => {
      runsChanged(keys);
      if (redraw) scheduler.request();
    },
    started: () => {
      runList.hideUndo();
      showRunState();
    },
    cleared: (runIds, undoable) => runList.cleared(runIds.length, undoable),
    restored: () => runList.hideUndo(),
  });
  router.on('init', () => runList.hideUndo());
  // The objective on screen follows the controls' (before the views hear of the context).
  router.on('init', (message) => void visibility.setContext(message.context));
  router.on('context', (message) => {
    if (visibility.setContext(message.context)) redrawAll();
  });
  controls.listen(router);
  router.on('init', (message) => {
    cards.setCatalog(message.catalog);
    cards.show(message.controls);
  });
  router.on('controls', (message) => cards.show(message.controls));
  banner.listen(router);
  typeCheck.listen(router);
  errors.listen(router);
  router.on('init', (message) => {
    scheduler.setInterval(message.refreshMs);
    scheduler.request();
    scheduler.flush();
    document.body.dataset.ready = 'true';
  });
  router.on('requestPng', (message) => post({ type: 'png', requestId: message.requestId, dataUrl: exportPng() }));

  // Two columns when the panel is wide (controls and runs beside the charts), one when narrow (media/panel.css).
  app.replaceChildren(
    h('div', { class: 'side' }, h('header', { class: 'top' }, controls.root), curves.previewCard, cards.root, banner.root, typeCheck.root, errors.root, runList.root),
    h('div', { class: 'main' }, legend.root, ...views.map((view) => view.root)),
  );
  curves.showPreviewCard(store.current.previewOpen);
  app.removeAttribute('aria-busy');

  watchTheme(() => {
    theme = readTheme();
    for (const view of views) view.setTheme?.(theme);
    showRunState();
    scheduler.request();
  });

  window.addEventListener('message', (event: MessageEvent<unknown>) => router.route(event.data));
  post({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
}

function boot(): void {
  const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
  app.id = 'app';
  start(app);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
