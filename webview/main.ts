/**
 * The plot panel's entry point: builds the page, says `ready`, and dispatches the host's
 * messages (one exhaustive switch). The host is the source of truth for runs, catalog,
 * controls and context; this page keeps only view state (log axes, hidden runs, drafts).
 */
import type { HostToWebview, WebviewToHost } from '../src/shared/protocol';
import { PROTOCOL_VERSION } from '../src/shared/protocolVersion';
import { Banner, ErrorArea } from './banner';
import { ChartsView } from './charts';
import { Controls } from './controls';
import { h, setText } from './dom';
import { renderPng } from './exportPng';
import { checkHostMessage } from './hostMessages';
import { RunList, type Location } from './runList';
import { RunsModel } from './runsModel';
import { RedrawScheduler } from './scheduler';
import { ViewStateStore } from './state';
import { readTheme, runColor, watchTheme } from './theme';
import { loadViewState, postToHost, saveViewState } from './vscodeApi';

function unreachable(x: never): void {
  console.warn('LR Lab: unhandled message', x);
}

function start(app: HTMLElement): void {
  const store = new ViewStateStore(loadViewState(), saveViewState);
  const model = new RunsModel();
  let theme = readTheme();
  let previewRequestId = 0;
  let awaitedPreview = -1;

  const post = (message: WebviewToHost): void => postToHost(message);
  const reveal = (location: Location): void => post({ type: 'reveal', file: location.file, line: Math.max(1, Math.trunc(location.line)), ...(location.column ? { column: Math.max(1, Math.trunc(location.column)) } : {}) });

  const errors = new ErrorArea(reveal);
  const banner = new Banner();

  const visibleRunIds = (): string[] => model.list().filter((r) => !store.isHidden(r.meta.id)).map((r) => r.meta.id);

  const exportPng = (): string => {
    scheduler.flush();
    const legend = model
      .list()
      .filter((r) => !store.isHidden(r.meta.id))
      .map((r) => ({ label: r.meta.label, color: runColor(theme, r.meta.colorIndex) }));
    return renderPng(charts.chartImages(), legend, theme);
  };

  const controls = new Controls(
    {
      run: (values) => post({ type: 'run', controls: values }),
      stop: () => post({ type: 'stop' }),
      clear: () => post({ type: 'clear' }),
      preview: ({ schedule, lr, steps }) => {
        awaitedPreview = ++previewRequestId;
        post({ type: 'previewSchedule', requestId: awaitedPreview, schedule, lr, steps });
      },
      exportPng: () => post({ type: 'png', dataUrl: exportPng() }),
      exportData: (format) => {
        const visible = visibleRunIds();
        post(visible.length === model.size ? { type: 'export', format } : { type: 'export', format, runIds: visible });
      },
      selectObjective: (name) => post({ type: 'selectObjective', name }),
      changed: (values) => post({ type: 'controlsChanged', controls: values }),
    },
    store,
  );

  const runList = new RunList({
    setVisible: (runId, visible) => {
      store.update((s) => {
        s.hiddenRuns = s.hiddenRuns.filter((id) => id !== runId);
        if (!visible) s.hiddenRuns.push(runId);
      });
      charts.markDirty();
      scheduler.request();
    },
    remove: (runId) => post({ type: 'clear', runIds: [runId] }),
    insertSchedule: (runId) => post({ type: 'insertSchedule', runId }),
    reveal,
  });

  const resetZoomButton = h('button', { type: 'button', class: 'secondary small', id: 'reset-zoom', disabled: true, 'aria-label': 'Reset zoom of all charts' }, 'Reset zoom');
  const previewText = h('span', { class: 'preview-label' });
  const clearPreviewButton = h('button', { type: 'button', class: 'secondary small', id: 'clear-preview', 'aria-label': 'Remove the schedule preview' }, 'Clear preview');
  const previewChip = h('span', { class: 'preview-chip', hidden: true }, h('span', { class: 'preview-dash', 'aria-hidden': 'true' }), previewText, clearPreviewButton);

  const charts = new ChartsView(model, store, theme, { onZoomChange: (zoomed) => (resetZoomButton.disabled = !zoomed) });
  resetZoomButton.addEventListener('click', () => charts.resetZoom());
  clearPreviewButton.addEventListener('click', () => {
    awaitedPreview = -1;
    charts.setPreview(null);
    previewChip.hidden = true;
    scheduler.request();
  });

  const draw = (): void => {
    const started = performance.now();
    charts.render();
    runList.render(model, store, theme);
    controls.setRunState(model.anyRunning, model.size > 0);
    // One user-timing entry per redraw (observable by tests and in devtools); cleared so none pile up.
    performance.measure('lrlab:draw', { start: started, end: performance.now() });
    performance.clearMeasures('lrlab:draw');
  };
  const scheduler = new RedrawScheduler(draw, 100);

  app.replaceChildren(
    h('header', { class: 'top' }, controls.root),
    banner.root,
    errors.root,
    runList.root,
    h(
      'div',
      { class: 'charts-toolbar' },
      h('span', { class: 'hint' }, 'Drag to zoom · Shift+drag to pan · Ctrl+wheel to zoom · double-click to reset'),
      previewChip,
      resetZoomButton,
    ),
    charts.root,
  );
  app.removeAttribute('aria-busy');

  watchTheme(() => {
    theme = readTheme();
    charts.setTheme(theme);
    runList.render(model, store, theme);
    scheduler.request();
  });

  const forgetHidden = (): void => {
    const ids = new Set(model.list().map((r) => r.meta.id));
    if (store.current.hiddenRuns.some((id) => !ids.has(id))) store.update((s) => (s.hiddenRuns = s.hiddenRuns.filter((id) => ids.has(id))));
  };

  const dispatch = (message: HostToWebview): void => {
    switch (message.type) {
      case 'init': {
        if (message.protocolVersion !== PROTOCOL_VERSION) {
          errors.showOnce('protocol', `This panel speaks protocol version ${PROTOCOL_VERSION} but LR Lab sent version ${message.protocolVersion}. Reload the window (Developer: Reload Window).`);
          return;
        }
        model.reset(message.runs);
        forgetHidden();
        controls.setCatalog(message.catalog);
        controls.setValues(message.controls, store.current.draft);
        controls.setContext(message.context);
        banner.setContext(message.context);
        scheduler.setInterval(message.refreshMs);
        awaitedPreview = -1;
        charts.setPreview(null);
        previewChip.hidden = true;
        charts.markDirty();
        scheduler.request();
        scheduler.flush();
        document.body.dataset.ready = 'true';
        return;
      }
      case 'context':
        controls.setContext(message.context);
        banner.setContext(message.context);
        return;
      case 'controls':
        controls.setValues(message.controls);
        return;
      case 'runStarted':
        model.start(message.run);
        // The run list and the Stop button now; the charts with the run's first points, so that
        // their redraw does not wait out a refresh interval started by a redraw of nothing new.
        charts.markDirty();
        runList.render(model, store, theme);
        controls.setRunState(model.anyRunning, model.size > 0);
        return;
      case 'runData': {
        const changed = model.append(message.runId, message.chunk);
        if (changed === null) console.warn(`LR Lab: data for unknown run ${message.runId}`);
        else if (changed.length) {
          charts.markDirty(changed);
          scheduler.request();
        }
        return;
      }
      case 'runFinished':
        if (!model.finish(message.runId, message.outcome)) console.warn(`LR Lab: finish of unknown run ${message.runId}`);
        charts.markDirty(); // the step axis now ends at the run's last step
        scheduler.request();
        return;
      case 'runsCleared':
        model.remove(message.runIds);
        forgetHidden();
        charts.markDirty();
        scheduler.request();
        return;
      case 'schedulePreview': {
        if (message.requestId !== awaitedPreview) return; // an older request, or the preview was cleared
        const points = message.lrs.flatMap((y, i) => (typeof y === 'number' && Number.isFinite(y) ? [{ x: i + 1, y }] : []));
        charts.setPreview({ label: message.label, points });
        setText(previewText, `Preview: ${message.label}`);
        previewChip.hidden = false;
        scheduler.request();
        return;
      }
      case 'error':
        errors.show(message.message, message.location);
        return;
      case 'requestPng':
        post({ type: 'png', requestId: message.requestId, dataUrl: exportPng() });
        return;
      default:
        unreachable(message);
    }
  };

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const checked = checkHostMessage(event.data);
    if (!checked.ok) {
      console.warn(`LR Lab: ignored a message from the host: ${checked.error}`);
      return;
    }
    try {
      dispatch(checked.message);
    } catch (e) {
      console.error('LR Lab: handling a message failed', e);
      errors.show(`The panel failed to handle "${checked.message.type}": ${e instanceof Error ? e.message : String(e)}`);
    }
  });

  post({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
}

function boot(): void {
  const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
  app.id = 'app';
  start(app);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
