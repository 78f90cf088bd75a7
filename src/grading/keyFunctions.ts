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

export function registerKeyFunctions(fns: Record<string, (...args: never[]) => unknown>): void {
  Object.assign(keyFunctions, fns);
}
