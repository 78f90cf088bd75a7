import type { ReactNode } from 'react';

interface Props {
  /**
   * Changes on every check (the check's time): the content is mounted afresh, so a check that gives
   * the same verdict as the last one is announced again instead of being a silent no-op.
   */
  announceKey: string | undefined;
  children: ReactNode;
}

/**
 * Where a part's verdict appears. Screen readers announce changes only inside a live region that
 * was already in the page before the change, so this one is rendered (empty) from the start and the
 * verdict is put inside it: the first check is announced too. It holds nothing but the verdict, so a
 * check reads out the verdict once, not the whole part; the verdict itself carries no role of its
 * own (a live region inside another would be announced twice).
 */
export function VerdictRegion({ announceKey, children }: Props) {
  return (
    <div className="verdict-region" role="status" aria-live="polite" aria-atomic="true" data-verdict-region>
      <div key={announceKey ?? ''}>{children}</div>
    </div>
  );
}
