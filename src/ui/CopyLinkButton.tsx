import { useEffect, useState } from 'react';
import { absoluteLink, copyText } from './copyLink';

/** How long "Link copied" stays before the button reads as before. */
const COPIED_MS = 2500;

export function CopyLinkButton({ hash, label = 'Copy link' }: { hash: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'shown'>('idle');
  const link = absoluteLink(hash);
  useEffect(() => {
    if (state !== 'copied') return;
    const t = setTimeout(() => setState('idle'), COPIED_MS);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <span className="copy-link">
      <button
        type="button"
        className="link-button"
        data-action="copy-link"
        data-link={link}
        onClick={async () => setState((await copyText(link)) ? 'copied' : 'shown')}
      >
        {state === 'copied' ? 'Link copied' : label}
      </button>
      {state === 'shown' && <input className="link-text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} autoFocus />}
    </span>
  );
}
