/**
 * Where focus goes when what held it disappears. A row that leaves takes its focused button
 * with it: focus moves to the next row's Close (the previous row's at the end of the list, the
 * list heading when no row is left). Anything else that vanishes under focus (an error bar,
 * a busy state) sends focus to a fallback rather than leaving it on the page body.
 */
import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { type SessionEvent } from './sessionsState';

type Which = 'close' | 'refresh';

export interface RowFocus {
  buttonRef: (id: string, which: Which) => (element: HTMLButtonElement | null) => void;
  /** Focus a row's button after the next render (e.g. after an error bar is dismissed). */
  focusRowButton: (id: string, which: Which) => boolean;
}

function focusLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || active === document.documentElement || !active.isConnected;
}

export function useRowFocus(
  order: readonly string[],
  lastEvent: SessionEvent | null,
  fallback: RefObject<HTMLElement | null>,
  container: RefObject<HTMLElement | null>,
): RowFocus {
  const buttons = useRef(new Map<string, Partial<Record<Which, HTMLButtonElement>>>());
  const callbacks = useRef(new Map<string, (element: HTMLButtonElement | null) => void>());
  const previousOrder = useRef<readonly string[]>(order);

  const buttonRef = useCallback((id: string, which: Which) => {
    const key = `${which}\n${id}`;
    let callback = callbacks.current.get(key);
    if (!callback) {
      callback = (element) => {
        const entry = buttons.current.get(id) ?? {};
        if (element) entry[which] = element;
        else delete entry[which];
        if (entry.close || entry.refresh) buttons.current.set(id, entry);
        else {
          buttons.current.delete(id);
          callbacks.current.delete(`close\n${id}`);
          callbacks.current.delete(`refresh\n${id}`);
        }
      };
      callbacks.current.set(key, callback);
    }
    return callback;
  }, []);

  const focusRowButton = useCallback((id: string, which: Which): boolean => {
    const entry = buttons.current.get(id);
    const target = entry?.[which] ?? entry?.close;
    target?.focus();
    return target !== undefined;
  }, []);

  // Layout effect: move focus in the same frame the row disappears, before anything is painted.
  useLayoutEffect(() => {
    if (lastEvent === null) return;
    if (
      lastEvent.kind !== 'closed' &&
      lastEvent.kind !== 'alreadyGone' &&
      lastEvent.kind !== 'expired' &&
      lastEvent.kind !== 'closedMany'
    )
      return;
    if (!focusLost()) return;
    if (lastEvent.kind !== 'closedMany') {
      const before = previousOrder.current;
      const index = before.indexOf(lastEvent.id);
      const remaining = new Set(order);
      const candidates = index < 0 ? [] : [...before.slice(index + 1), ...before.slice(0, index).reverse()];
      const next = candidates.find((id) => remaining.has(id));
      if (next !== undefined && focusRowButton(next, 'close')) return;
    }
    fallback.current?.focus();
  }, [lastEvent, order, fallback, focusRowButton]);

  // After every commit: remember the order for the next removal, and rescue focus that was
  // inside the pane on an element this commit removed (browsers do not report that as a blur).
  const lastFocused = useRef<Element | null>(null);
  useEffect(() => {
    previousOrder.current = order;
    const last = lastFocused.current;
    if (last !== null && !last.isConnected && focusLost()) fallback.current?.focus();
  });
  useEffect(() => {
    const root = container.current;
    const onFocusIn = (event: FocusEvent): void => {
      lastFocused.current = event.target as Element;
    };
    root?.addEventListener('focusin', onFocusIn);
    return () => root?.removeEventListener('focusin', onFocusIn);
  }, [container]);

  return { buttonRef, focusRowButton };
}
