import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { useMemo } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { proseToHast } from '../notebook/prose';
import type { ParamValues } from '../notebook/types';

/** Notebook Markdown (sanitized, with KaTeX) as React elements. */
export function Markdown({ source, params = {}, className }: { source: string; params?: ParamValues; className?: string }) {
  const content = useMemo(() => {
    try {
      return toJsxRuntime(proseToHast(source, params), { Fragment, jsx, jsxs });
    } catch (e) {
      return <p className="error">This text could not be shown: {(e as Error).message}</p>;
    }
  }, [source, params]);
  return <div className={className ?? 'prose'}>{content}</div>;
}
