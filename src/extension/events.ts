/**
 * A tiny event emitter with VS Code's `Event` signature, so rooms that fire events need no
 * `vscode` at run time (and are unit-tested without it).
 */
import type * as vscode from 'vscode';

export class Emitter<T> implements vscode.Disposable {
  private listeners: Array<(value: T) => unknown> = [];

  /** Subscribe; the returned disposable unsubscribes (VS Code's `Event<T>`). */
  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const bound = (value: T): unknown => listener.call(thisArgs, value);
    this.listeners.push(bound);
    const subscription = { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== bound)) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners = [];
  }
}
