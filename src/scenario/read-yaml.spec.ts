import { describe, expect, it } from 'vitest';
import { parseYamlText } from './read-yaml.js';

describe('parseYamlText', () => {
  it('refuses an alias inside its own anchor at once, at the alias (a value that contains itself)', () => {
    // 2,000 self-aliases: the YAML library's expansion count of them alone would take hours
    const r = parseYamlText('request.yaml', 'name: x\na: &a [' + '*a,'.repeat(2000) + ']\n');
    expect(r.parsed).toBeUndefined();
    expect(r.issues).toEqual([{ file: 'request.yaml', line: 2, col: 8, path: '(yaml)', message: 'expected an alias *a outside the value its anchor &a names, found it inside (a value that contains itself has no end)' }]);
    const nested = parseYamlText('s.yaml', 'a: &top\n  b: [1, { c: *top }]\n');
    expect(nested.issues[0]).toMatchObject({ line: 2, col: 15, message: expect.stringMatching(/alias \*top outside/) });
  });

  it('still reads aliases of values defined before them', () => {
    const r = parseYamlText('s.yaml', 'name: x\nbase: &b { v: 1 }\nuse: [*b, *b]\n');
    expect(r.issues).toEqual([]);
    expect(r.parsed!.value).toEqual({ name: 'x', base: { v: 1 }, use: [{ v: 1 }, { v: 1 }] });
  });
});
