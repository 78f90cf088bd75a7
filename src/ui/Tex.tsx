import katex from 'katex';
import { useMemo } from 'react';

/** A LaTeX string typeset by KaTeX; KaTeX's output is HTML it generated itself, not user HTML. */
export function Tex({ tex, display = false, className }: { tex: string; display?: boolean; className?: string }) {
  const html = useMemo(() => katex.renderToString(tex, { displayMode: display, throwOnError: false, strict: false }), [tex, display]);
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A matrix as a TeX `bmatrix`. */
export const bmatrixTex = (rows: readonly (readonly (number | string)[])[]) => `\\begin{bmatrix}${rows.map((r) => r.join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
