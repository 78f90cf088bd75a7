import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { useMemo } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { proseToHast } from '../notebook/prose';
import type { ParamValues } from '../notebook/types';

/**
 * Notebook Markdown (sanitized, with KaTeX) as React elements. `templates={false}` for a student's
 * text: only the notebook's own text has `{{expr}}` templates to fill.
 */
export function Markdown({ source, params = {}, className, templates = true }: { source: string; params?: ParamValues; className?: string; templates?: boolean }) {
  const content = useMemo(() => {
    try {
      return toJsxRuntime(proseToHast(source, params, { templates }), { Fragment, jsx, jsxs });
    } catch (e) {
      return <p className="error">This text could not be shown: {(e as Error).message}</p>;
    }
  }, [source, params, templates]);
  return <div className={className ?? 'prose'}>{content}</div>;
}
