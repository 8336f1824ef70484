/**
 * Build step (`npm run gen:crds`): writes one CRD per kind to crds/, generated from the zod schemas, and the
 * Helm chart to chart/skycluster/ (src/install/render-chart.ts). Never edit either by hand; the tests
 * src/api/crd.test.ts and src/install/render-chart.test.ts fail when the committed files differ.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderChartFiles } from '../install/render-chart.js';
import { renderCrdFiles } from './crd-files.js';

const here = dirname(fileURLToPath(import.meta.url));
// dist/src/build → repository root is three levels up; src/build (tsx) → two levels up.
const root = here.includes(`${join('dist', 'src', 'build')}`) ? join(here, '..', '..', '..') : join(here, '..', '..');
const outDir = join(root, 'crds');
mkdirSync(outDir, { recursive: true });
for (const { fileName, text } of renderCrdFiles()) {
  writeFileSync(join(outDir, fileName), text);
  console.log(`wrote crds/${fileName}`);
}
const chartDir = join(root, 'chart', 'skycluster');
for (const { path, text } of renderChartFiles()) {
  mkdirSync(dirname(join(chartDir, path)), { recursive: true });
  writeFileSync(join(chartDir, path), text);
  console.log(`wrote chart/skycluster/${path}`);
}
