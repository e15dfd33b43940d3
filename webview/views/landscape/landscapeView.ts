/**
 * The landscape view: where each visible run went on a contour map of f. For 2 parameters the
 * map is the parameter space; for more, a plane through the first run's final point (principal
 * directions of the paths, with each axis's explained variance, or filter-normalised random
 * directions). The host sends the scene (plane, box, paths) and then f on a grid over the box
 * (computed in a worker, once per box); this view draws isolines (./contours.ts, d3-contour),
 * the paths in the runs' colours, and animates them together with a step slider and Play.
 * Wheel zooms, drag pans (the host computes the new box's grid), double-click resets; hovering a
 * point shows its step, θ, f and lr.
 *
 * Test hooks on the view's root: data-status (empty | computing | ready | error), data-plane,
 * data-explained, data-levels, data-rings, data-paths, data-path-points ("n1,n2"), data-drawn-points,
 * data-step, data-max-step, data-grid ("nx×ny"), data-grid-cached, data-box, data-aspect-locked,
 * data-playing, data-frames, data-draw-ms, data-contour-ms; while a run is stepped through on a
 * 2-parameter map, data-arrow ("θₖ₋₁[0],θₖ₋₁[1],θₖ[0],θₖ[1]"), data-descent (its −lr·g end),
 * data-arrow-run and data-arrow-step.
 */
import * as l10n from '@vscode/l10n';
import type { LandscapeGridMessage, LandscapeSceneMessage, PlaneModeMessage, StepInspectionMessage, WebviewToHost } from '../../../src/shared/protocol';
import { formatNumber, PANEL_NUMBER } from '../../../src/shared/format';
import { h, setAttr, setText } from '../../dom';
import type { Unregister } from '../../router';
import { runColor } from '../../theme';
import type { PanelView, ViewContext } from '../../view';
import { createSection } from '../section';
import { contourPaths, sampleGrid, type ContourPaths } from './contours';
import { canvasHeight, panBox, PlaneMap, plotRect, zoomBox, type Box } from './geometry';
import { lastIndexAtStep, LandscapeRenderer, type DrawnPath, type GridLayer, type StepArrow } from './renderer';

const GRID_SIZES = ['auto', '100', '200', '400'] as const;
/** Animation: the whole of the longest path in about this long. */
const PLAY_MS = 6000;
const REQUEST_DELAY_MS = 150;
const STREAM_REQUEST_MS = 1000;
const HOVER_RADIUS_PX = 10;

export interface LandscapeView extends PanelView {
  /** Open the view (a cell was overlaid, a command asked for it). */
  reveal(): void;
}

export function createLandscapeView(context: ViewContext): LandscapeView {
  const { store, model, router, post } = context;
  const section = createSection({ id: 'landscape', title: l10n.t('Landscape'), description: l10n.t('Where each optimizer walks on a contour map of f'), store, toggled: (open) => open && request() });

  // ---------------------------------------------------------------- toolbar
  const mode = h('select', { class: 'small', 'aria-label': l10n.t('Plane for more than 2 parameters'), title: l10n.t('The plane the landscape is drawn on when f has more than 2 parameters') }, h('option', { value: 'pca' }, l10n.t('Principal directions of the paths')), h('option', { value: 'random' }, l10n.t('Random directions (filter-normalised)')));
  mode.value = store.option<string>('landscape.mode', 'pca');
  const reroll = h('button', { type: 'button', class: 'secondary small', title: l10n.t('Other random directions') }, l10n.t('Reroll'));
  const gridSize = h('select', { class: 'small', 'aria-label': l10n.t('Grid size'), title: l10n.t('Points per side of the grid f is evaluated on (auto: the {0} setting)', 'lrlab.landscape.gridSize') }, ...GRID_SIZES.map((size) => h('option', { value: size }, size === 'auto' ? l10n.t('Grid: setting') : l10n.t('Grid: {0}²', size))));
  gridSize.value = store.option<string>('landscape.grid', 'auto');
  const resetZoom = h('button', { type: 'button', class: 'secondary small', disabled: true, title: l10n.t('Back to the box around the paths (double-click)') }, l10n.t('Reset zoom'));
  const play = h('button', { type: 'button', class: 'secondary small', 'aria-label': l10n.t('Play the runs step by step') }, l10n.t('Play'));
  const slider = h('input', { type: 'range', class: 'step-slider', min: 0, max: 0, step: 1, value: 0, 'aria-label': l10n.t('Step') });
  const stepText = h('span', { class: 'hint step-text' });
  section.tools.append(mode, reroll, gridSize, resetZoom);
  const status = h('p', { class: 'hint landscape-status', role: 'status' });
  const canvas = h('canvas', { class: 'landscape-canvas', role: 'img', tabindex: 0, 'aria-label': l10n.t('Landscape: contour map of f with the runs’ paths') });
  const tooltip = h('div', { class: 'landscape-tooltip', hidden: true, role: 'tooltip' });
  const box = h('div', { class: 'landscape-box' }, canvas, tooltip);
  const player = h('div', { class: 'landscape-player' }, play, slider, stepText);
  const root = section.root;
  root.classList.add('view');
  root.dataset.view = 'landscape';
  section.body.append(status, box, player);

  // ---------------------------------------------------------------- state
  const renderer = new LandscapeRenderer(canvas);
  let requestId = 0;
  let seed = store.option<number>('landscape.seed', 0);
  let scene: LandscapeSceneMessage | null = null;
  let grid: (GridLayer & { message: LandscapeGridMessage }) | null = null;
  let contoursCache: { key: string; paths: ContourPaths } | null = null;
  let userBox: Box | null = null;
  let viewBox: Box | null = null;
  let drawnPaths: DrawnPath[] = [];
  let step = Infinity;
  let maxStep = 0;
  let playing = false;
  let frames = 0;
  let error: string | null = null;
  let computing = false;
  let stale = true;
  let requestTimer: ReturnType<typeof setTimeout> | undefined;
  let lastStreamRequest = 0;
  let width = 0;
  /** The last step of a run paused on a 2-parameter objective (Pause / Step), till it resumes. */
  let stepped: { runId: string; step: number; from: [number, number]; to: [number, number]; descent: [number, number] | null } | null = null;
  /** The arrow of the last drawing (what the data-arrow hooks report). */
  let drawnArrow: StepArrow | null = null;

  const visibleRunIds = (): string[] => context.visibility.visible().map((run) => run.meta.id);

  function request(): void {
    if (requestTimer !== undefined) clearTimeout(requestTimer);
    requestTimer = undefined;
    if (!section.expanded) {
      stale = true;
      return;
    }
    stale = false;
    const size = gridSize.value === 'auto' ? undefined : Number(gridSize.value);
    const message: WebviewToHost = { type: 'landscape', requestId: ++requestId, runIds: visibleRunIds(), mode: mode.value as PlaneModeMessage, seed, box: userBox, ...(size ? { resolution: size } : {}) };
    computing = true;
    post(message);
    writeHooks();
  }

  function requestSoon(): void {
    if (requestTimer !== undefined) clearTimeout(requestTimer);
    requestTimer = setTimeout(request, REQUEST_DELAY_MS);
  }

  // ---------------------------------------------------------------- messages
  const unregister: Unregister[] = [
    router.on('init', (message) => {
      scene = null;
      grid = null;
      userBox = null;
      // A page that loads while a run is paused shows that run's last step.
      stepped = null;
      for (const paused of message.paused) showStep(paused.runId, paused.inspection);
      requestSoon();
    }),
    router.on('runStarted', () => requestSoon()),
    router.on('runFinished', () => requestSoon()),
    router.on('runsCleared', (message) => {
      if (stepped && message.runIds.includes(stepped.runId)) stepped = null;
      requestSoon();
    }),
    router.on('runPaused', (message) => {
      if (!showStep(message.runId, message.inspection)) return;
      // The path up to this step: a fresh scene (the streaming requests are throttled).
      requestSoon();
      context.scheduler.request();
    }),
    router.on('runResumed', (message) => {
      if (stepped?.runId !== message.runId) return;
      stepped = null;
      context.scheduler.request();
    }),
    router.on('runData', () => {
      // While a run streams on a 2-parameter map the paths grow on a box that holds still: ask now and then.
      if (!section.expanded || scene?.plane.kind !== 'axes') return;
      const now = performance.now();
      if (now - lastStreamRequest < STREAM_REQUEST_MS) return;
      lastStreamRequest = now;
      requestSoon();
    }),
    router.on('landscapeScene', (message) => {
      if (message.requestId !== requestId) return;
      scene = message;
      error = null;
      viewBox = message.box ? { xMin: message.box.xMin, xMax: message.box.xMax, yMin: message.box.yMin, yMax: message.box.yMax } : null;
      computing = message.box !== null && !(grid && sameBox(grid.box, message.box));
      buildPaths();
      mode.hidden = message.dim <= 2;
      reroll.hidden = message.dim <= 2 || mode.value !== 'random';
      context.scheduler.request();
    }),
    router.on('landscapeGrid', (message) => {
      if (message.requestId !== requestId) return;
      const key = `${message.box.xMin},${message.box.xMax},${message.box.yMin},${message.box.yMax},${message.nx},${message.ny},${message.levels.length},${message.levels[0]}`;
      if (!contoursCache || contoursCache.key !== key) contoursCache = { key, paths: contourPaths(message.values, message.nx, message.ny, message.levels) };
      grid = { box: message.box, nx: message.nx, ny: message.ny, contours: contoursCache.paths, min: message.min, message };
      computing = false;
      context.scheduler.request();
    }),
    router.on('landscapeError', (message) => {
      if (message.requestId !== requestId) return;
      error = message.message;
      computing = false;
      context.scheduler.request();
    }),
  ];

  /** Keep a paused run's last step for the arrow (2-parameter objectives only); whether it was kept. */
  function showStep(runId: string, i: StepInspectionMessage): boolean {
    if (i.dim !== 2 || i.shown !== 2) return false;
    const pair = (values: readonly unknown[]): [number, number] => [Number(values[0]), Number(values[1])];
    const from = pair(i.previous ?? i.params);
    const descent = i.grad && i.lr !== null ? ([from[0] - i.lr * Number(i.grad[0]), from[1] - i.lr * Number(i.grad[1])] as [number, number]) : null;
    stepped = { runId, step: i.step, from, to: pair(i.params), descent };
    return true;
  }

  function buildPaths(): void {
    const theme = context.theme();
    drawnPaths = (scene?.paths ?? []).map((p) => {
      const run = model.get(p.runId);
      return { runId: p.runId, color: runColor(theme, run?.meta.colorIndex ?? 0), label: run ? context.visibility.label(run) : p.runId, steps: p.steps as number[], xs: p.xs as number[], ys: p.ys as number[] };
    });
    renderer.keepOnly(drawnPaths);
    const previousMax = maxStep;
    maxStep = drawnPaths.reduce((m, p) => Math.max(m, p.steps.length ? p.steps[p.steps.length - 1]! : 0), 0);
    slider.max = String(maxStep);
    if (!playing && (step === Infinity || step >= previousMax)) step = Infinity;
  }

  // ---------------------------------------------------------------- drawing
  function currentMap(): PlaneMap | null {
    if (!viewBox || !scene?.box) return null;
    width = Math.max(200, box.clientWidth || root.clientWidth || 600);
    const height = canvasHeight(width, scene.box.aspectLocked);
    return new PlaneMap(viewBox, plotRect(width, height, scene.box.aspectLocked));
  }

  function axisLabels(): [string, string] {
    if (!scene) return ['', ''];
    if (scene.plane.kind === 'axes') return ['θ₁', 'θ₂'];
    if (scene.plane.kind === 'pca') {
      const [a, b] = scene.plane.explained ?? [NaN, NaN];
      return [l10n.t('PC1 · {0} of the paths’ variance', percent(a)), `PC2 · ${percent(b)}`];
    }
    return [l10n.t('random direction 1 (filter-normalised)'), l10n.t('random direction 2')];
  }

  let lastDraw: { points: number; ms: number } = { points: 0, ms: 0 };

  function render(): void {
    if (!section.expanded) return;
    if (stale) request();
    const map = currentMap();
    box.hidden = map === null;
    drawnArrow = map === null ? null : currentArrow();
    player.hidden = map === null || drawnPaths.length === 0;
    if (map) {
      const height = canvasHeight(width, scene!.box!.aspectLocked);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      lastDraw = renderer.draw({ map, grid, paths: drawnPaths, step, axisLabels: axisLabels(), theme: context.theme(), arrow: drawnArrow }, width, height);
    }
    slider.value = String(step === Infinity ? maxStep : step);
    setText(stepText, drawnPaths.length ? l10n.t('step {0} / {1}', step === Infinity ? maxStep : step, maxStep) : '');
    setText(status, statusText());
    writeHooks();
  }

  /** The stepped run's arrow, when the map is its parameter plane. */
  function currentArrow(): StepArrow | null {
    if (!stepped || scene?.plane.kind !== 'axes') return null;
    const run = model.get(stepped.runId);
    if (!run) return null;
    return { color: runColor(context.theme(), run.meta.colorIndex), from: stepped.from, to: stepped.to, descent: stepped.descent };
  }

  function statusText(): string {
    if (error) return error;
    if (!scene) return section.expanded ? l10n.t('Computing…') : '';
    if (scene.notice) return scene.notice;
    const parts: string[] = [];
    if (scene.objective) parts.push(l10n.t('{0} ({1} parameters)', scene.objective.name, scene.dim));
    if (scene.plane.kind !== 'axes' && scene.plane.centreRunId) parts.push(l10n.t('plane through the end of {0}', model.get(scene.plane.centreRunId)?.meta.label ?? l10n.t('the first run')));
    if (computing) parts.push(l10n.t('computing f on the grid…'));
    else if (grid) {
      const g = grid.message;
      const took = g.cached ? l10n.t('cached') : l10n.t('{0} ms', formatNumber(g.ms, PANEL_NUMBER));
      const [low, high] = [formatNumber(g.levels[0] ?? NaN, PANEL_NUMBER), formatNumber(g.levels[g.levels.length - 1] ?? NaN, PANEL_NUMBER)];
      // No level: f has one value on the box, or none (the failures below say why).
      if (g.levels.length === 0 && !g.min) parts.push(l10n.t('f on {0}×{1} points ({2})', g.nx, g.ny, took));
      else if (g.levels.length === 0) parts.push(l10n.t('f on {0}×{1} points ({2}), one value on the whole box: no contour line', g.nx, g.ny, took));
      else parts.push(g.scale === 'log' ? l10n.t('f on {0}×{1} points ({2}), log-spaced levels {3} … {4}', g.nx, g.ny, took, low, high) : l10n.t('f on {0}×{1} points ({2}), evenly spaced levels {3} … {4}', g.nx, g.ny, took, low, high));
      if (g.min) parts.push(l10n.t('✕ least f on the grid {0}', formatNumber(g.min.value, PANEL_NUMBER)));
      if (g.failures > 0) parts.push(l10n.t('f failed at {0} point(s) ({1})', g.failures, g.firstFailure?.reason ?? ''));
    }
    if (scene.omitted > 0) parts.push(l10n.t('{0} visible run(s) of another objective not drawn', scene.omitted));
    return parts.join(' · ');
  }

  function writeHooks(): void {
    const d = root.dataset;
    d.status = error ? 'error' : !scene || scene.box === null ? 'empty' : computing ? 'computing' : grid ? 'ready' : 'computing';
    d.plane = scene?.plane.kind ?? '';
    setAttr(root, 'data-explained', scene?.plane.explained ? scene.plane.explained.map((v) => v.toFixed(6)).join(',') : null);
    d.levels = String(grid?.contours.levels.length ?? 0);
    d.rings = String(grid?.contours.rings ?? 0);
    d.paths = String(drawnPaths.length);
    d.pathPoints = drawnPaths.map((p) => p.steps.length).join(',');
    d.drawnPoints = String(lastDraw.points);
    d.step = String(step === Infinity ? maxStep : step);
    d.maxStep = String(maxStep);
    d.grid = grid ? `${grid.nx}x${grid.ny}` : '';
    d.gridCached = String(grid?.message.cached ?? false);
    d.box = viewBox ? [viewBox.xMin, viewBox.xMax, viewBox.yMin, viewBox.yMax].join(',') : '';
    d.aspectLocked = String(scene?.box?.aspectLocked ?? false);
    d.playing = String(playing);
    d.frames = String(frames);
    d.drawMs = lastDraw.ms.toFixed(2);
    d.contourMs = grid ? grid.contours.ms.toFixed(2) : '';
    const arrow = drawnArrow;
    setAttr(root, 'data-arrow', arrow ? [...arrow.from, ...arrow.to].join(',') : null);
    setAttr(root, 'data-descent', arrow?.descent ? [...arrow.from, ...arrow.descent].join(',') : null);
    setAttr(root, 'data-arrow-run', arrow ? stepped!.runId : null);
    setAttr(root, 'data-arrow-step', arrow ? String(stepped!.step) : null);
    resetZoom.disabled = userBox === null;
    setText(play, playing ? l10n.t('Pause') : l10n.t('Play'));
  }

  // ---------------------------------------------------------------- animation
  let playStarted = 0;
  let playFrom = 0;
  function frame(now: number): void {
    if (!playing) return;
    const s = Math.min(maxStep, Math.floor(playFrom + ((now - playStarted) / PLAY_MS) * maxStep));
    step = s;
    frames++;
    const started = performance.now();
    render();
    performance.measure('lrlab:landscape-frame', { start: started, end: performance.now() });
    performance.clearMeasures('lrlab:landscape-frame');
    if (s >= maxStep) {
      playing = false;
      step = Infinity;
      writeHooks();
      return;
    }
    requestAnimationFrame(frame);
  }
  play.addEventListener('click', () => {
    if (playing) {
      playing = false;
      writeHooks();
      return;
    }
    if (maxStep === 0) return;
    playing = true;
    playFrom = step === Infinity || step >= maxStep ? 0 : step;
    playStarted = performance.now();
    requestAnimationFrame(frame);
  });
  slider.addEventListener('input', () => {
    playing = false;
    const s = Number(slider.value);
    step = s >= maxStep ? Infinity : s;
    render();
  });

  // ---------------------------------------------------------------- zoom, pan, hover
  const planePoint = (event: MouseEvent, map: PlaneMap): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [event.clientX - r.left, event.clientY - r.top].map((v, i) => (i === 0 ? map.x(v) : map.y(v))) as [number, number];
  };
  let zoomTimer: ReturnType<typeof setTimeout> | undefined;
  const zoomed = (next: Box): void => {
    userBox = next;
    viewBox = next;
    context.scheduler.request();
    if (zoomTimer !== undefined) clearTimeout(zoomTimer);
    zoomTimer = setTimeout(request, 250);
  };
  canvas.addEventListener(
    'wheel',
    (event) => {
      const map = currentMap();
      if (!map || !viewBox) return;
      event.preventDefault();
      const [x, y] = planePoint(event, map);
      zoomed(zoomBox(viewBox, x, y, Math.pow(1.2, event.deltaY / 100)));
    },
    { passive: false },
  );
  let drag: { x: number; y: number; box: Box } | null = null;
  canvas.addEventListener('pointerdown', (event) => {
    if (!viewBox || event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, box: viewBox };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    const map = currentMap();
    if (!map) return;
    if (drag) {
      const dx = ((event.clientX - drag.x) / map.plot.width) * (drag.box.xMax - drag.box.xMin);
      const dy = ((event.clientY - drag.y) / map.plot.height) * (drag.box.yMax - drag.box.yMin);
      if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) > 2) zoomed(panBox(drag.box, -dx, dy));
      return;
    }
    hover(event, map);
  });
  canvas.addEventListener('pointerup', () => (drag = null));
  canvas.addEventListener('pointerleave', () => (tooltip.hidden = true));
  canvas.addEventListener('dblclick', () => resetView());
  resetZoom.addEventListener('click', () => resetView());
  function resetView(): void {
    if (userBox === null) return;
    userBox = null;
    request();
  }

  function hover(event: MouseEvent, map: PlaneMap): void {
    const r = canvas.getBoundingClientRect();
    const mx = event.clientX - r.left;
    const my = event.clientY - r.top;
    if (!map.inside(mx, my)) {
      tooltip.hidden = true;
      return;
    }
    let best: { path: DrawnPath; index: number; d: number } | null = null;
    for (const path of drawnPaths) {
      const { px, py } = renderer.pixelsOf(map, path);
      const last = lastIndexAtStep(path.steps, step);
      for (let i = 0; i <= last; i++) {
        const d = Math.hypot(px[i]! - mx, py[i]! - my);
        if (d <= HOVER_RADIUS_PX && (best === null || d < best.d)) best = { path, index: i, d };
      }
    }
    const lines: string[] = [];
    if (best) {
      const p = scene!.paths.find((q) => q.runId === best!.path.runId)!;
      const i = best.index;
      const k = Number(p.steps[i]);
      lines.push(best.path.label, k === 0 ? l10n.t('start (x₀)') : l10n.t('after step {0}', k));
      const dim = scene!.dim;
      if (p.params && p.params.length >= (i + 1) * dim) lines.push(`θ = (${(p.params.slice(i * dim, (i + 1) * dim) as number[]).map((v) => formatNumber(v, PANEL_NUMBER)).join(', ')})`);
      else lines.push(l10n.t('plane ({0}, {1})', formatNumber(Number(p.xs[i]), PANEL_NUMBER), formatNumber(Number(p.ys[i]), PANEL_NUMBER)));
      lines.push(`f = ${formatNumber(numberOr(p.losses[i]), PANEL_NUMBER)}`);
      if (k > 0) lines.push(`lr = ${formatNumber(numberOr(p.lrs[i]), PANEL_NUMBER)}`);
    } else if (grid) {
      const x = map.x(mx);
      const y = map.y(my);
      const f = sampleGrid(grid.message.values, grid.nx, grid.ny, grid.box, x, y);
      lines.push(`(${formatNumber(x, PANEL_NUMBER)}, ${formatNumber(y, PANEL_NUMBER)})`, `f ≈ ${formatNumber(f, PANEL_NUMBER)}`);
    }
    if (lines.length === 0) {
      tooltip.hidden = true;
      return;
    }
    tooltip.replaceChildren(...lines.map((line, i) => h('div', { class: i === 0 && best ? 'tooltip-title' : '' }, line)));
    tooltip.hidden = false;
    tooltip.style.left = `${Math.min(mx + 14, width - 200)}px`;
    tooltip.style.top = `${my + 14}px`;
    setAttr(tooltip, 'data-step', best ? String(scene!.paths.find((q) => q.runId === best!.path.runId)!.steps[best.index]) : null);
  }

  // ---------------------------------------------------------------- settings
  mode.addEventListener('change', () => {
    store.setOption('landscape.mode', mode.value);
    userBox = null;
    request();
  });
  reroll.addEventListener('click', () => {
    seed++;
    store.setOption('landscape.seed', seed);
    userBox = null;
    request();
  });
  gridSize.addEventListener('change', () => {
    store.setOption('landscape.grid', gridSize.value);
    request();
  });
  const resize = new ResizeObserver(() => section.expanded && context.scheduler.request());
  resize.observe(box);

  return {
    root,
    render,
    runsChanged: (keys) => {
      // Visibility changed (no keys): another set of runs to draw.
      if (keys === undefined) requestSoon();
    },
    setTheme: () => {
      renderer.invalidate();
      buildPaths();
    },
    pngCharts: () => (section.expanded && scene?.box ? [{ title: l10n.t('Landscape'), card: box, canvas }] : []),
    reveal: () => section.expand(),
    dispose: () => {
      for (const undo of unregister) undo();
      resize.disconnect();
      playing = false;
      root.remove();
    },
  };
}

function sameBox(a: Box, b: Box): boolean {
  return a.xMin === b.xMin && a.xMax === b.xMax && a.yMin === b.yMin && a.yMax === b.yMax;
}

function percent(v: number): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '—';
}

function numberOr(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}
