// Types of preview-server.mjs, for the TypeScript that imports it (unit tests).
export function startPreview(opts: { outDir: string; port?: number }): Promise<{ base: string; stop: () => Promise<void> }>;
