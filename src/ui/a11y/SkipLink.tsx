import type { MouseEvent } from 'react';

/**
 * The first tab stop: jumps past the top bar to the parts menu of a notebook (or to the page's
 * content elsewhere). Routes live in the hash, so the jump moves focus instead of changing the URL.
 */
export function SkipLink() {
  const jump = (e: MouseEvent) => {
    e.preventDefault();
    const target = document.getElementById('parts-menu') ?? document.getElementById('main');
    target?.focus();
    target?.scrollIntoView({ block: 'start' });
  };
  return (
    <a className="skip-link" href="#/" onClick={jump} data-skip-link>
      Skip to the parts
    </a>
  );
}
