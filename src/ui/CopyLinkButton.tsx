import { useState } from 'react';
import { absoluteLink, copyText } from './copyLink';

export function CopyLinkButton({ hash, label = 'Copy link' }: { hash: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'shown'>('idle');
  const link = absoluteLink(hash);
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
