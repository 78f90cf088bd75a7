// Run before `npm start`, `npm test`, `npm run build` and the other commands that need a recent Node:
// on an unsupported version it says which versions work and how to get one, instead of failing later
// with a syntax or module error far from the cause. Written for old Node too (no newer syntax).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** "20.19.0" -> [20, 19, 0] */
const parse = (v) => v.replace(/^v/, '').split('.').map(Number);
const atLeast = (a, b) => a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];

/**
 * Whether `version` satisfies `range`, an engines field made of `^X.Y.Z` and `>=X.Y.Z` joined by
 * `||` (the forms package.json uses; anything else throws rather than passing unread).
 */
export function satisfies(version, range) {
  const v = parse(version);
  return range.split('||').some((part) => {
    const m = part.trim().match(/^(\^|>=)(\d+)\.(\d+)\.(\d+)$/);
    if (!m) throw new Error(`check-node cannot read the engines range "${part.trim()}"`);
    const min = [Number(m[2]), Number(m[3]), Number(m[4])];
    return m[1] === '^' ? v[0] === min[0] && atLeast(v, min) : atLeast(v, min);
  });
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const range = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
  if (!satisfies(process.version, range)) {
    console.error(
      `GradBook needs Node ${range.replace(/\s*\|\|\s*/g, ' or ')} (Node 20 and 22 are tested); this is Node ${process.version}.\n` +
        'With nvm: `nvm install` (reads .nvmrc) and `nvm use`; or install Node 22 from https://nodejs.org/.',
    );
    process.exit(1);
  }
}
