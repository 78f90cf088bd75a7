/**
 * Strips exam notebooks (`checking: after-submission`) as they are bundled: every `*.md?raw`
 * import (src/ui/notebookSources.ts) gets the students' copy from src/notebook/exam.ts, so no key or
 * reference answer of an exam is ever in the built JavaScript, in `npm start` or in the build.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { stripExamKeys } from '../../src/notebook/exam';

export function examNotebooks(): Plugin {
  return {
    name: 'gradbook-exam-notebooks',
    enforce: 'pre',
    load(id) {
      const [file, query] = id.split('?');
      if (!file.endsWith('.md') || query !== 'raw') return null;
      this.addWatchFile(file);
      return { code: `export default ${JSON.stringify(stripExamKeys(readFileSync(file, 'utf8')))};`, map: null };
    },
  };
}
