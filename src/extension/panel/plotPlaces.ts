/**
 * Where the curves are shown when a command needs the page: the editor panel beside the file
 * or the LR Lab view, as `lrlab.plotLocation` says (read at each show, so a change applies to
 * the next run). Both may be open at once: `Pages` feeds every open page alike.
 */
import type { PLOT_LOCATIONS } from '../../shared/defaults';
import type { PageHost } from './pages';

export type PlotLocation = (typeof PLOT_LOCATIONS)[number];

/** Something that shows the page and resolves with its host. */
export interface PageShower {
  show(preserveFocus?: boolean): Promise<PageHost>;
}

export class PlotPlaces implements PageShower {
  constructor(
    private readonly places: Record<PlotLocation, PageShower>,
    private readonly location: () => PlotLocation,
  ) {}

  /** Show the page at the configured place; resolves with its host. */
  show(preserveFocus = true): Promise<PageHost> {
    return this.places[this.location()].show(preserveFocus);
  }
}
