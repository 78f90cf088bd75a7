import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { WidgetProps } from './types';

/** Widgets load on demand, so a notebook without plots or TF.js never downloads them. */
export const widgets: Record<string, LazyExoticComponent<ComponentType<WidgetProps>>> = {
  // Homeworks 2–4.
  'gpu-memory': lazy(() => import('./GpuMemoryWidget')),
  'dropout-order': lazy(() => import('./DropoutOrderWidget')),
  'residual-gradients': lazy(() => import('./ResidualGradientsWidget')),
  'gaussian-classifier': lazy(() => import('./GaussianClassifierWidget')),
  'edge-bias': lazy(() => import('./EdgeBiasWidget')),
  'dropout-tikhonov-mc': lazy(() => import('./DropoutMcWidget')),
  'dropout-tikhonov-weights': lazy(() => import('./DropoutWeightsWidget')),
  'dropout-column-norms': lazy(() => import('./DropoutWeightsWidget').then((m) => ({ default: m.ColumnNormsWidget }))),
  'bn-graph': lazy(() => import('./BnGraphWidget')),
  'dropout-lab-train': lazy(() => import('./DropoutLabTrainWidget')),
  'dropout-lab-sweep': lazy(() => import('./DropoutLabSweepWidget')),
  'graph-matrices': lazy(() => import('./GraphMatricesWidget')),
  'road-flow': lazy(() => import('./GraphMatricesWidget').then((m) => ({ default: m.RoadFlowWidget }))),
  'layer-playground': lazy(() => import('./LayerPlayground')),
  'train-compare': lazy(() => import('./TrainingCompareWidget')),
};
