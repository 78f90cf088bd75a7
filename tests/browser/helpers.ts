import type { Page } from '@playwright/test';

/** A notebook part (answer, code, widget or training cell) by its id. */
export const part = (page: Page, id: string) => page.locator(`[data-part="${id}"]`);

/** Types `text` into a part's answer box, presses Check and returns the verdict. */
export async function answer(page: Page, id: string, text: string) {
  const p = part(page, id);
  await p.locator('[data-answer-input]').fill(text);
  await p.locator('[data-action="check"]').click();
  return p.locator('[data-verdict]');
}

/** Ticks one or several options of a choice part, presses Check and returns the verdict. */
export async function choose(page: Page, id: string, options: string | string[]) {
  const p = part(page, id);
  for (const o of typeof options === 'string' ? [options] : options) {
    await p.locator(`[data-answer-input] input[value="${o}"], input[data-answer-input][value="${o}"]`).first().check();
  }
  await p.locator('[data-action="check"]').click();
  return p.locator('[data-verdict]');
}
