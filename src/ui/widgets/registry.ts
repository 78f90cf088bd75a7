import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { WidgetProps } from './types';

/** Widgets load on demand, so a notebook without plots or TF.js never downloads them. */
export const widgets: Record<string, LazyExoticComponent<ComponentType<WidgetProps>>> = {
  'conv-params': lazy(() => import('./ConvParamsWidget')),
  'dropout-tikhonov-mc': lazy(() => import('./DropoutMcWidget')),
  'dropout-tikhonov-weights': lazy(() => import('./DropoutWeightsWidget')),
  'dropout-column-norms': lazy(() => import('./DropoutWeightsWidget').then((m) => ({ default: m.ColumnNormsWidget }))),
  'gaussian-noise-mc': lazy(() => import('./GaussianNoiseMcWidget')),
};
