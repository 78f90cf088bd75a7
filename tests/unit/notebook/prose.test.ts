import { describe, expect, it } from 'vitest';
import { toHtml } from 'hast-util-to-html';
import { fillTemplate } from '../../../src/notebook/templates';
import { proseToHast } from '../../../src/notebook/proseKatex';

const html = (md: string, params = {}) => toHtml(proseToHast(md, params));

describe('prose rendering', () => {
  it('fills parameters in text and math', () => {
    const out = html('Channels: {{cin}}, product {{k*k*cin}}, math $C={{cin}}$', { cin: 3, k: 3 });
    expect(out).toContain('Channels: 3, product 27');
    expect(out).toContain('katex');
    expect(out).not.toContain('{{');
  });
  it('typesets display math', () => {
    expect(html('$$\n\\frac{1}{C_{out}}\n$$')).toContain('katex-display');
  });
  it('strips dangerous HTML', () => {
    const out = html('<script>alert(1)</script><img src=x onerror="alert(1)">hi');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('onerror');
  });
  it('marks a template it cannot evaluate instead of failing', () => {
    expect(fillTemplate('{{nope + }}', {})).toBe('{{?nope +}}');
  });
  it("shows a student's text as typed: braces are not templates", () => {
    const out = toHtml(proseToHast('Set {{cin}} and {{{x}}} aside', { cin: 3 }, { templates: false }));
    expect(out).toContain('Set {{cin}} and {{{x}}} aside');
  });
});
