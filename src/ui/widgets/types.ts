import type { ParamValues } from '../../notebook/types';

export interface WidgetProps {
  /** The block's attributes, resolved: numbers where they name a param or an expression. */
  props: Record<string, number | string>;
  params: ParamValues;
}
