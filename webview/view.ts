/**
 * The contract between the page and its views. A view (today `curves`, the chart cards; next to
 * it, later, a landscape, an lr finder, a sweep) is a module with one factory
 * `(context) => PanelView`: it gets the page's shared services, registers the host messages it
 * cares about on `context.router`, and hands back its root element, which main.ts places in the
 * layout. Views know nothing of each other; adding one touches no other.
 */
import type { WebviewToHost } from '../src/shared/protocol';
import type { PngChart } from './exportPng';
import type { MessageRouter } from './router';
import type { RunsModel, SeriesKey } from './runs/runsModel';
import type { RunVisibility } from './runs/visibility';
import type { RedrawScheduler } from './scheduler';
import type { ViewStateStore } from './state';
import type { Theme } from './theme';

export interface ViewContext {
  /** The runs, kept in step with the host by runs/runMessages.ts. */
  readonly model: RunsModel;
  /** Which runs are shown (the objective on screen) and drawn (not hidden); the labels they go by. */
  readonly visibility: RunVisibility;
  /** The page's persisted view state (hidden runs, log axes, …). */
  readonly store: ViewStateStore;
  readonly router: MessageRouter;
  /** Ask for a redraw with `scheduler.request()`; the page then calls every view's `render`. */
  readonly scheduler: RedrawScheduler;
  /** The current theme (views hear of changes through `setTheme`). */
  theme(): Theme;
  post(message: WebviewToHost): void;
}

export interface PanelView {
  readonly root: HTMLElement;
  /** Draw what changed since the last call (at most once per frame and refresh interval). */
  render(): void;
  /** The runs changed: the series `keys`, or everything (data, visibility) when omitted. Draw in the next `render`. */
  runsChanged?(keys?: readonly SeriesKey[]): void;
  setTheme?(theme: Theme): void;
  /** The view's canvases for the PNG export, in page order. */
  pngCharts?(): PngChart[];
  /** Unregister the view's message handlers and free what it holds (charts). */
  dispose(): void;
}

export type ViewFactory = (context: ViewContext) => PanelView;
