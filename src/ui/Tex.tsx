import { useMemo } from 'react';
import { lazyModule } from './lazyModule';

type Katex = typeof import('katex').default;

// KaTeX (70 KB gzipped) is fetched once, right after the first paint of a page with math, instead
// of before it: a part link can be read and answered while it arrives (issue 17's budget).
const katex = lazyModule<Katex>(() => import('katex').then((m) => m.default));

export const loadKatex = katex.load;

/**
 * A LaTeX string typeset by KaTeX (HTML for the eye, MathML for screen readers); KaTeX's output is
 * HTML it generated itself, not user HTML. Until KaTeX has loaded, the TeX source stands in.
 */
export function Tex({ tex, display = false, className }: { tex: string; display?: boolean; className?: string }) {
  const k = katex.useLoaded();
  const html = useMemo(() => k?.renderToString(tex, { displayMode: display, throwOnError: false, strict: false }), [k, tex, display]);
  if (html === undefined) {
    return (
      <span className={`${className ?? ''} tex-loading${display ? ' tex-display' : ''}`.trim()} data-tex-loading>
        {tex}
      </span>
    );
  }
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A matrix as a TeX `bmatrix`. */
export const bmatrixTex = (rows: readonly (readonly (number | string)[])[]) => `\\begin{bmatrix}${rows.map((r) => r.join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
