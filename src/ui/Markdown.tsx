import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { useMemo } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { fillPlainTemplates } from '../notebook/plainTemplates';
import { proseTree } from '../notebook/prose';
import type { ParamValues } from '../notebook/types';
import { useEngine } from './engine';
import { Tex } from './Tex';

const classes = (el: Element): string[] => (Array.isArray(el.properties.className) ? el.properties.className.map(String) : []);
const textOf = (node: RootContent | ElementContent): string =>
  node.type === 'text' ? node.value : node.type === 'element' ? node.children.map(textOf).join('') : '';

/**
 * remark-math's marks (`code.math-inline`, `pre > code.math-display`, as rehype-katex finds them)
 * become `gb-math` elements, drawn by <Tex>, which typesets them once KaTeX has loaded.
 */
function markMath<T extends Root | Element>(node: T): T {
  const children = node.children.map((child) => {
    if (child.type !== 'element') return child;
    const inner = child.tagName === 'pre' && child.children.length === 1 && child.children[0].type === 'element' ? child.children[0] : null;
    const math = inner && classes(inner).some((c) => c === 'math-display' || c === 'language-math') ? inner : classes(child).some((c) => c === 'math-inline' || c === 'math-display') ? child : null;
    if (!math) return markMath(child);
    const display = math !== child || classes(math).includes('math-display');
    return { type: 'element', tagName: 'gb-math', properties: { dataTex: textOf(math), dataDisplay: display ? 'true' : 'false' }, children: [] } satisfies Element;
  });
  return { ...node, children } as T;
}

const components = {
  'gb-math': (props: { 'data-tex'?: string; 'data-display'?: string }) => <Tex tex={props['data-tex'] ?? ''} display={props['data-display'] === 'true'} />,
};

/**
 * Notebook Markdown (sanitized, its math typeset by KaTeX once loaded) as React elements. `templates={false}` for a student's
 * text: only the notebook's own text has `{{expr}}` templates to fill.
 */
export function Markdown({ source, params = {}, className, templates = true }: { source: string; params?: ParamValues; className?: string; templates?: boolean }) {
  // Until the expression engine has loaded, only plain `{{name}}` templates are filled (others show …).
  const engine = useEngine();
  const content = useMemo(() => {
    try {
      const text = !templates ? source : engine ? engine.fillTemplate(source, params) : fillPlainTemplates(source, params);
      // Components is typed for React's intrinsic elements; `gb-math` is ours.
      return toJsxRuntime(markMath(proseTree(text)), { Fragment, jsx, jsxs, components: components as never });
    } catch (e) {
      return <p className="error">This text could not be shown: {(e as Error).message}</p>;
    }
  }, [source, params, templates, engine]);
  return <div className={className ?? 'prose'}>{content}</div>;
}
