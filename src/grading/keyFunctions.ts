/**
 * The `src/core` functions a notebook's keys may call by name, e.g.
 * `key="separableConvParams(k, cin, cout)"`. Listing them here (rather than exposing all of core)
 * keeps keys readable and the surface that content can reach small.
 */
import * as conv from '../core/convParams';
import { homeworkKeyFunctions } from './homeworkKeys';
import { graphKeyFunctions } from '../core/graphKeys';
import { dropoutLabKeyFunctions } from './dropoutLabKeys';

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

type KeyFunction = (...args: never[]) => unknown;

/** The built-in names, before a course adds its own: the author's lint warns when one is shadowed. */
export const builtinKeyFunctionNames: ReadonlySet<string> = new Set(Object.keys(keyFunctions));

export function registerKeyFunctions(fns: Record<string, KeyFunction>): void {
  Object.assign(keyFunctions, fns);
}

/**
 * The callable named exports of a course's functions.js. Keys reach them only by name through
 * mathjs's interpreter (a function in the scope), as they reach the built-in ones.
 */
export function courseKeyFunctions(exports: Record<string, unknown>): Record<string, KeyFunction> {
  return Object.fromEntries(
    Object.entries(exports).filter((e): e is [string, KeyFunction] => e[0] !== 'default' && typeof e[1] === 'function'),
  );
}
