/** The code-cell runner bundled as one classic script (scripts/vite/codeRunnerSource.ts). */
declare module 'virtual:gradbook-code-runner' {
  const source: string;
  export default source;
}
