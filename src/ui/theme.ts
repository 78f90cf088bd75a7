import { useEffect, useState } from 'react';

/**
 * The colour scheme: 'auto' follows the system (prefers-color-scheme); 'light' and 'dark' are the
 * student's choice, remembered in this browser. CSS does the rest: styles.css picks every colour
 * with light-dark(), which follows the root's color-scheme, set here through data-theme.
 */
export type ThemeChoice = 'auto' | 'light' | 'dark';
export type Scheme = 'light' | 'dark';

const KEY = 'gradbook-theme';
const CHANGED = 'gradbook-theme-change';
const systemDark = () => typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

export function storedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'auto';
  } catch {
    // Storage can be blocked (private mode, policies): the system's scheme still applies.
    return 'auto';
  }
}

/** Sets the root's data-theme from a choice; called before the first render so nothing flashes. */
export function applyTheme(choice: ThemeChoice = storedTheme()) {
  const root = document.documentElement;
  if (choice === 'auto') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

export function setTheme(choice: ThemeChoice) {
  try {
    if (choice === 'auto') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Not remembered, but applied for this visit.
  }
  applyTheme(choice);
  window.dispatchEvent(new Event(CHANGED));
}

export function currentScheme(): Scheme {
  const choice = storedTheme();
  if (choice !== 'auto') return choice;
  return systemDark() ? 'dark' : 'light';
}

/** The scheme in effect now, updated when the student or the system changes it (plots redraw with it). */
export function useScheme(): Scheme {
  const [scheme, setScheme] = useState<Scheme>(currentScheme);
  useEffect(() => {
    const update = () => setScheme(currentScheme());
    const mq = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
    mq?.addEventListener('change', update);
    window.addEventListener(CHANGED, update);
    return () => {
      mq?.removeEventListener('change', update);
      window.removeEventListener(CHANGED, update);
    };
  }, []);
  return scheme;
}

export function useThemeChoice(): [ThemeChoice, (c: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  return [
    choice,
    (c) => {
      setTheme(c);
      setChoice(c);
    },
  ];
}
