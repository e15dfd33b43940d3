/**
 * Types for the code these tests run inside the page (`page.evaluate` callbacks, the init
 * script). The repository's root tsconfig checks tests without the DOM library, so that
 * nothing in src/ can use browser APIs by accident; each test file declares the few browser
 * globals it uses, module-locally, with these shapes.
 */
export interface PageElement {
  readonly dataset: Record<string, string | undefined>;
  className: string;
  querySelector(selector: string): PageElement | null;
}

export interface PageCanvas extends PageElement {
  readonly width: number;
  readonly height: number;
  readonly clientWidth: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
  toDataURL(): string;
}

export interface PageOption {
  readonly value: string;
}

export interface PageDocument {
  readonly body: PageElement | null;
  readonly documentElement: { lang: string; style: { setProperty(name: string, value: string): void } };
  querySelector(selector: string): PageElement | null;
  addEventListener(type: 'securitypolicyviolation', listener: (e: { violatedDirective: string; blockedURI: string; sample: string }) => void): void;
}

export interface PageWindow {
  postMessage(message: unknown, targetOrigin: string): void;
  requestAnimationFrame(callback: () => void): number;
}

/** What the harness's init script installs on `window`. */
export interface PageInstrumentation {
  __posted: Array<{ type: string } & Record<string, unknown>>;
  __violations: string[];
  __drawTimes: number[];
  __state(): unknown;
}

export type MutationObserverCtor = new (callback: () => void) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void; disconnect(): void };
export type PerformanceObserverCtor = new (callback: (list: { getEntries(): Array<{ name: string; duration: number }> }) => void) => { observe(options: { type: string; buffered: boolean }): void };
