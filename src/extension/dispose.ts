import type * as vscode from 'vscode';

/** Dispose every item, ignoring none: a throwing dispose must not leak the others. */
export function disposeAll(items: vscode.Disposable[]): void {
  const errors: unknown[] = [];
  while (items.length) {
    try {
      items.pop()!.dispose();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length) throw errors[0];
}

/**
 * Base for owners of listeners and child objects: `register` keeps an item for disposal,
 * or disposes it at once when the owner is already gone (so late registrations can't leak).
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected register<T extends vscode.Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.disposables.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.disposables);
  }
}
