/**
 * The `src/core` functions a notebook's keys may call by name, e.g.
 * `key="separableConvParams(k, cin, cout)"`. Listing them here (rather than exposing all of core)
 * keeps keys readable and the surface that content can reach small.
 */
import * as conv from '../core/convParams';
import { homeworkKeyFunctions } from './homeworkKeys';
import { graphKeyFunctions } from '../core/graphKeys';
import { dropoutLabKeyFunctions } from './dropoutLabKeys';
import { courseFunctions, type KeyFunction } from './courseFunctions';

export { courseKeyFunctions } from './courseFunctions';

export const keyFunctions: Record<string, (...args: never[]) => unknown> = {
  standardConvParams: conv.standardConvParams,
  separableConvParams: conv.separableConvParams,
  depthwiseParams: conv.depthwiseParams,
  pointwiseParams: conv.pointwiseParams,
  separableRatio: conv.separableRatio,
  // Homeworks 2–4 (GPU memory, init variance, ResNeXt, AlexNet).
  ...homeworkKeyFunctions,
  // Homework 1, problem 7 (example graph and road network).
  ...graphKeyFunctions,
  // Homework 1, problem 6 (the dropout lab).
  ...dropoutLabKeyFunctions,
};

/** The built-in names, before a course adds its own: the author's lint warns when one is shadowed. */
export const builtinKeyFunctionNames: ReadonlySet<string> = new Set(Object.keys(keyFunctions));

// A course the page registered before this module loaded (src/ui/notebookSources.ts).
Object.assign(keyFunctions, courseFunctions);

/** Bumped when a course registers functions, so key values computed with the old ones are not reused (partSpec.ts). */
export let keyFunctionsVersion = 0;

export function registerKeyFunctions(fns: Record<string, KeyFunction>): void {
  keyFunctionsVersion++;
  Object.assign(courseFunctions, fns);
  Object.assign(keyFunctions, fns);
}
