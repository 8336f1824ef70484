import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderChartFiles } from './render-chart.js';

const CHART = fileURLToPath(new URL('../../chart/skycluster/', import.meta.url));
const REGENERATE = 'chart/skycluster is out of date with src/install: run `npm run build && npm run gen:crds` and commit chart/';

const listFiles = (dir: string, prefix = ''): string[] =>
  readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(dir, join(prefix, e.name)) : [join(prefix, e.name)],
  );

describe('chart/skycluster is generated from the install objects', () => {
  const files = renderChartFiles();

  it.each(files.map((f) => [f.path, f.text] as const))('%s equals the generated text byte for byte', (path, text) => {
    let committed: string;
    try {
      committed = readFileSync(join(CHART, path), 'utf8');
    } catch {
      throw new Error(`chart/skycluster/${path} is missing. ${REGENERATE}`);
    }
    if (committed !== text) throw new Error(`chart/skycluster/${path} differs. ${REGENERATE}`);
  });

  it('holds no file the generator does not write', () => {
    expect(listFiles(CHART).sort()).toEqual(files.map((f) => f.path).sort());
  });

  it('templates only the namespace, image, replicas and ports, and every template is YAML once those are filled in', () => {
    for (const f of files.filter((x) => x.path.startsWith('templates/'))) {
      const expressions = [...f.text.matchAll(/\{\{[^}]*\}\}/g)].map((m) => m[0]);
      for (const e of expressions)
        expect(['{{ .Release.Namespace }}', '{{ .Values.image }}', '{{ .Values.replicas }}', '{{ .Values.metricsPort }}']).toContain(e);
      const filled = f.text
        .replaceAll('{{ .Release.Namespace }}', 'skycluster-system')
        .replaceAll('{{ .Values.image }}', 'skycluster:0.1.0')
        .replaceAll(/\{\{ \.Values\.\w+ \}\}/g, '1');
      const obj = parse(filled) as { kind: string; metadata: { name: string } };
      expect(obj.kind, f.path).toMatch(/^[A-Z]/);
      expect(JSON.stringify(obj)).not.toContain('sentinel');
    }
  });
});
