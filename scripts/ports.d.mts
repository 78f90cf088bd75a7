// Types of ports.mjs, for the TypeScript that imports it (playwright.config.ts, unit tests).
export const BLOCKED_PORTS: ReadonlySet<number>;
export function checkPort(value: string | number): number;
export function freePort(): Promise<number>;
