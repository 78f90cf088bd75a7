import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { satisfies } from '../../../scripts/check-node.mjs';

const engines: string = JSON.parse(readFileSync('package.json', 'utf8')).engines.node;

describe('the Node version check run before start, test, build and grade', () => {
  it('accepts Node 20 and 22 from the versions Vite needs, refuses older and 21', () => {
    for (const v of ['v20.19.0', 'v20.20.2', 'v22.12.0', 'v22.23.5', 'v24.1.0']) expect(satisfies(v, engines), v).toBe(true);
    for (const v of ['v18.20.4', 'v20.18.3', 'v21.7.3', 'v22.11.0', 'v16.0.0']) expect(satisfies(v, engines), v).toBe(false);
  });

  it('the .nvmrc names a supported major version', () => {
    const major = readFileSync('.nvmrc', 'utf8').trim();
    expect(satisfies(`v${major}.99.0`, engines)).toBe(true);
  });

  it('refuses an engines range it cannot read rather than passing it', () => {
    expect(() => satisfies('v20.19.0', '20.x')).toThrow(/cannot read/);
  });

  it('passes quietly on the Node running the tests', () => {
    expect(execFileSync(process.execPath, ['scripts/check-node.mjs'], { encoding: 'utf8' })).toBe('');
  });
});
