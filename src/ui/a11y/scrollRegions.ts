/**
 * A box that scrolls sideways (a wide formula, a table of numbers on a phone) must be reachable by
 * keyboard, or its hidden part cannot be read without a mouse (WCAG 2.1.1; axe's
 * scrollable-region-focusable). Widgets and KaTeX render such boxes in many places, so one observer
 * gives each one that actually overflows a tab stop and a name, and takes them away again when it
 * fits, so that boxes which do not scroll add no tab stops.
 */
const SCROLLERS = '.katex-display, table.numbers, .scroll-box, .ring-grid-wrap, .grade-table-wrap, .graph-matrix, .road-incidence, .ratio, .matrix-tex, .review-code, .check-table, .compare-table, .verdict > span:has(> .katex), .review-key';
const MARK = 'data-scroll-region';

/** A name that tells the box apart from the others (axe: landmark-unique): what it is, and where. */
function labelFor(el: Element, taken: Set<string>): string {
  const caption = el.querySelector('caption, figcaption')?.textContent?.trim();
  const what = el.classList.contains('review-key')
    ? 'answer key'
    : el.classList.contains('katex-display') || el.querySelector(':scope > .katex') ? 'formula' : (caption ?? 'table');
  const part = el.closest('[data-part]')?.getAttribute('data-part');
  const base = `${what}${part ? ` in part ${part}` : ''}, scrolls sideways`;
  let label = base;
  for (let k = 2; taken.has(label); k++) label = `${base} (${k})`;
  taken.add(label);
  return label;
}

function scan() {
  const taken = new Set([...document.querySelectorAll(`[${MARK}]`)].map((e) => e.getAttribute('aria-label') ?? ''));
  for (const el of document.querySelectorAll<HTMLElement>(SCROLLERS)) {
    const overflows = el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX);
    const added = el.getAttribute(MARK);
    if (overflows && added === null) {
      // Only what the box lacks is added, and only that is taken away again.
      const adding: string[] = [];
      if (!el.hasAttribute('tabindex')) (el.tabIndex = 0), adding.push('tabindex');
      if (!el.hasAttribute('aria-label')) el.setAttribute('aria-label', labelFor(el, taken)), adding.push('aria-label');
      // A table keeps its own role (its rows and headers still read as a table); other boxes become regions.
      if (el.tagName !== 'TABLE' && !el.hasAttribute('role')) el.setAttribute('role', 'region'), adding.push('role');
      el.setAttribute(MARK, adding.join(' '));
    } else if (!overflows && added !== null) {
      for (const a of added.split(' ').filter(Boolean)) el.removeAttribute(a);
      el.removeAttribute(MARK);
    }
  }
}

export function installScrollRegions(): () => void {
  let frame = 0;
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), scan()));
  };
  const mo = new MutationObserver(schedule);
  mo.observe(document.body, { childList: true, subtree: true, characterData: true });
  window.addEventListener('resize', schedule);
  schedule();
  return () => {
    mo.disconnect();
    window.removeEventListener('resize', schedule);
    cancelAnimationFrame(frame);
  };
}
