import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

/** A notebook part (answer, code, widget or training cell) by its id. */
export const part = (page: Page, id: string) => page.locator(`[data-part="${id}"]`);

/** The value of a notebook parameter as the page shows it. */
export const param = async (page: Page, name: string) => Number(await page.locator(`[data-param="${name}"] b`).innerText());

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

/** Types `text` into a written part, presses Submit and returns the reference solution it reveals. */
export async function submit(page: Page, id: string, text: string) {
  const p = part(page, id);
  await p.locator('[data-answer-input]').fill(text);
  await p.locator('[data-action="submit"]').click();
  return p.locator('[data-reference]');
}

/** The right max-pool solution the grading unit tests use. */
export const RIGHT_POOL = readFileSync('tests/unit/grading/fixtures/code/maxpool-right.js', 'utf8');

/** Wrong on purpose: the gradient is spread evenly over the window (average-pool backward). */
export const WRONG_POOL = RIGHT_POOL.replace(
  'dx.addAt([n, c, i * stride + bu, j * stride + bv], dout.get(n, c, i, j));',
  'for (let u = 0; u < ph; u++) for (let v = 0; v < pw; v++) dx.addAt([n, c, i * stride + u, j * stride + v], dout.get(n, c, i, j) / (ph * pw));',
);

/** A dropout cell that never returns: the run must be stopped by its time limit. */
export const LOOPING_DROPOUT = 'function dropoutForward(x, param) {\n  while (true) {}\n}\nfunction dropoutBackward(d, c) { return d; }';
