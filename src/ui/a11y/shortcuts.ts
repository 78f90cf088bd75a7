/**
 * Jupyter's habits: Ctrl/Cmd+Enter checks the answer being typed, Shift+Enter runs a code cell.
 * One listener on the window, in the capture phase, so the shortcut wins over the code editor's own
 * Enter handling; it presses the part's own Check (or Submit) button, so nothing is checked twice
 * or differently.
 */
export function onShortcut(e: KeyboardEvent) {
  if (e.key !== 'Enter' || e.altKey) return;
  const mod = e.ctrlKey || e.metaKey;
  const target = e.target instanceof Element ? e.target : null;
  const part = target?.closest<HTMLElement>('[data-part]');
  if (!part || !(mod || (e.shiftKey && part.classList.contains('code-cell')))) return;
  const button = part.querySelector<HTMLButtonElement>('button[data-action="check"], button[data-action="submit"]');
  if (!button || button.disabled) return;
  e.preventDefault();
  e.stopPropagation();
  button.click();
}

export function installShortcuts(): () => void {
  window.addEventListener('keydown', onShortcut, true);
  return () => window.removeEventListener('keydown', onShortcut, true);
}
