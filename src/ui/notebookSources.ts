/**
 * Every `notebooks/*.md` file, bundled as text. Adding a file publishes it; in dev mode Vite's
 * module graph reloads the page when one changes.
 */
import { NotebookError, parseNotebook } from '../notebook/parse';
import type { Notebook } from '../notebook/types';

const sources = import.meta.glob('/notebooks/*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface NotebookLoadError {
  file: string;
  message: string;
}

export interface LoadedNotebooks {
  notebooks: Notebook[];
  errors: NotebookLoadError[];
}

export function loadNotebooks(): LoadedNotebooks {
  const notebooks: Notebook[] = [];
  const errors: NotebookLoadError[] = [];
  for (const [path, text] of Object.entries(sources).sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.replace(/^\//, '');
    try {
      const nb = parseNotebook(text, file);
      const clash = notebooks.find((n) => n.id === nb.id);
      if (clash) errors.push({ file, message: `${file}: id "${nb.id}" is already used by ${clash.file}` });
      else notebooks.push(nb);
    } catch (e) {
      errors.push({ file, message: e instanceof NotebookError ? e.message : `${file}: ${(e as Error).message}` });
    }
  }
  return { notebooks, errors };
}

export function notebookSource(file: string): string | undefined {
  return sources[`/${file}`];
}
