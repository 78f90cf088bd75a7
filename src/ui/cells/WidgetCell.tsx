import { Suspense, useMemo } from 'react';
import { evaluateNode, parseExpression } from '../../core/safeMath';
import type { ParamValues, WidgetCell as WidgetCellModel } from '../../notebook/types';
import { Markdown } from '../Markdown';
import { widgets } from '../widgets/registry';

function resolveProps(props: Record<string, string>, params: ParamValues): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(props)) {
    try {
      const value = evaluateNode(parseExpression(v), params);
      out[k] = typeof value === 'number' ? value : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

export function WidgetCell({ cell, params, highlighted }: { cell: WidgetCellModel; params: ParamValues; highlighted: boolean }) {
  const Widget = widgets[cell.name];
  const resolved = useMemo(() => resolveProps(cell.props, params), [cell.props, params]);
  return (
    <section className={`widget${highlighted ? ' highlighted' : ''}`} data-widget={cell.name} {...(cell.id ? { 'data-part': cell.id } : {})}>
      {cell.caption && <Markdown source={cell.caption} params={params} />}
      {Widget ? (
        <Suspense fallback={<p className="loading">Loading the {cell.name} widget…</p>}>
          <Widget props={resolved} params={params} />
        </Suspense>
      ) : (
        <p className="cell-error" role="alert">
          This notebook asks for a widget called “{cell.name}”, which this version of GradBook does not have. Known widgets: {Object.keys(widgets).join(', ')}.
        </p>
      )}
    </section>
  );
}
