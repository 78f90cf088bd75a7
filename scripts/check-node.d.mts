// Types of check-node.mjs, for the TypeScript that imports it (unit tests).
export function satisfies(version: string, range: string): boolean;
