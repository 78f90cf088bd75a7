/**
 * The notebook page's expression engine (./engineModule.ts), fetched once, after the first paint.
 * Views that need it render without it first (a template shows `…`, a preview waits) and re-render
 * when it arrives; `loadEngine()` is what a Check pressed before then awaits.
 */
import { lazyModule } from './lazyModule';

export type Engine = typeof import('./engineModule');

const engine = lazyModule<Engine>(() => import('./engineModule'));

export const loadEngine = engine.load;

/** The engine once loaded (null before); asking for it starts the fetch. */
export const useEngine = engine.useLoaded;
