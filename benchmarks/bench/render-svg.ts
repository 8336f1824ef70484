/**
 * report data → SVG charts (hand-written SVG 1.1, opened directly in a browser). Pure: the same report gives
 * the same text. Charts: cost by strategy (one panel per suite), optimizer savings vs each baseline, and
 * solve time vs problem size per solver.
 */
import type { BenchReport, ScalingRun, SuiteReport } from './report.js';
import { HEADLINE_BASELINES } from './render-markdown.js';

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const OPT_COLOR = '#2b8a3e';
const INFEASIBLE = '#c8c8c8';

/** Escapes text for XML. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const f = (n: number): string => (Math.round(n * 100) / 100).toString();

/** Round tick values covering [0, max]. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) ticks.push(Math.round(v * 1e9) / 1e9);
  return ticks;
}

const fmtUsd = (v: number): string => (v >= 1e6 ? `${f(v / 1e6)}M` : v >= 1e3 ? `${f(v / 1e3)}k` : f(v));

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${f(x)}" y="${f(y)}" ${attrs}>${esc(s)}</text>`;
}

function svgDoc(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** One bar panel of a suite's cost by strategy, at (x0, y0), size w × h. */
function costPanel(s: SuiteReport, x0: number, y0: number, w: number, h: number): string[] {
  const out: string[] = [];
  const left = x0 + 60;
  const top = y0 + 28;
  const bottom = y0 + h - 70;
  const right = x0 + w - 10;
  const max = Math.max(1, ...s.rows.map((r) => r.totalUsd ?? 0));
  const ticks = niceTicks(max);
  const top1 = ticks[ticks.length - 1] as number;
  const y = (v: number): number => bottom - (v / top1) * (bottom - top);
  out.push(`<g class="panel" data-suite="${esc(s.name)}">`);
  out.push(text(x0 + w / 2, y0 + 16, `${s.name}: total cost by strategy (USD)`, 'text-anchor="middle" font-weight="bold" font-size="13"'));
  for (const t of ticks) {
    out.push(`<line x1="${f(left)}" y1="${f(y(t))}" x2="${f(right)}" y2="${f(y(t))}" stroke="#e5e5e5"/>`);
    out.push(text(left - 6, y(t) + 4, fmtUsd(t), 'text-anchor="end" fill="#555"'));
  }
  out.push(`<line x1="${f(left)}" y1="${f(top)}" x2="${f(left)}" y2="${f(bottom)}" stroke="#333"/>`);
  out.push(`<line x1="${f(left)}" y1="${f(bottom)}" x2="${f(right)}" y2="${f(bottom)}" stroke="#333"/>`);
  const slot = (right - left) / Math.max(1, s.rows.length);
  s.rows.forEach((r, i) => {
    const cx = left + slot * (i + 0.5);
    const bw = slot * 0.62;
    const color = r.strategy === 'optimizer' ? OPT_COLOR : r.feasible ? (PALETTE[i % PALETTE.length] as string) : INFEASIBLE;
    if (r.totalUsd !== undefined) {
      out.push(
        `<rect x="${f(cx - bw / 2)}" y="${f(y(r.totalUsd))}" width="${f(bw)}" height="${f(bottom - y(r.totalUsd))}" fill="${color}"${r.feasible ? '' : ' stroke="#888" stroke-dasharray="3,2"'}><title>${esc(`${r.label}: ${r.totalUsd.toFixed(2)} USD${r.feasible ? '' : ' (infeasible)'}`)}</title></rect>`,
      );
      out.push(text(cx, y(r.totalUsd) - 4, r.feasible ? fmtUsd(r.totalUsd) : `${fmtUsd(r.totalUsd)} ✗`, 'text-anchor="middle" font-size="10"'));
    } else {
      out.push(text(cx, bottom - 6, 'n/a', 'text-anchor="middle" font-size="10" fill="#888"'));
    }
    out.push(
      text(
        cx,
        bottom + 12,
        r.key.replace('cheapest-region-per-cloud:', 'region:').replace('single-cheapest-region', 'single-region'),
        `text-anchor="end" font-size="10" transform="rotate(-35 ${f(cx)} ${f(bottom + 12)})"`,
      ),
    );
  });
  out.push('</g>');
  return out;
}

/** Cost by strategy of one suite. */
export function renderSuiteCostChart(s: SuiteReport): string {
  return svgDoc(520, 340, `${s.name}: cost by strategy`, [...costPanel(s, 0, 0, 520, 320), legendInfeasible(10, 330)]);
}

function legendInfeasible(x: number, y: number): string {
  return (
    `<g class="legend"><rect x="${x}" y="${y - 9}" width="10" height="10" fill="${OPT_COLOR}"/>${text(x + 14, y, 'optimizer')}` +
    `<rect x="${x + 90}" y="${y - 9}" width="10" height="10" fill="${INFEASIBLE}" stroke="#888" stroke-dasharray="3,2"/>${text(x + 104, y, 'infeasible (breaks a rule; cost shown for reference) ✗')}` +
    `${text(x + 420, y, 'n/a: no placement', 'fill="#888"')}</g>`
  );
}

/** Cost by strategy, one panel per suite (two columns). */
export function renderCostByStrategy(r: BenchReport): string {
  const w = 520;
  const h = 320;
  const cols = 2;
  const rows = Math.max(1, Math.ceil(r.suites.length / cols));
  const body: string[] = [];
  r.suites.forEach((s, i) => body.push(...costPanel(s, (i % cols) * w, Math.floor(i / cols) * h, w, h)));
  body.push(legendInfeasible(10, rows * h + 16));
  return svgDoc(cols * w, rows * h + 26, 'Total cost by strategy per suite (USD over the horizon, evaluatePlan)', body);
}

/** Optimizer savings vs each baseline, grouped by suite. */
export function renderSavings(r: BenchReport): string {
  const baselines = [...HEADLINE_BASELINES];
  const groupW = 150;
  const left = 60;
  const top = 40;
  const plotH = 260;
  const width = left + Math.max(1, r.suites.length) * groupW + 20;
  const bottom = top + plotH;
  const fractions = r.suites.flatMap((s) => s.savings.map((x) => x.fraction ?? 0));
  const maxF = Math.max(0.05, ...fractions);
  const minF = Math.min(0, ...fractions);
  const ticks = niceTicks(maxF * 100).map((t) => t / 100);
  const step = (ticks[1] ?? 0.01) - (ticks[0] ?? 0);
  for (let t = -step; t >= minF - 1e-12; t -= step) ticks.unshift(Math.round(t * 1e9) / 1e9);
  const hi = ticks[ticks.length - 1] as number;
  const lo = Math.min(0, ticks[0] as number);
  const y = (v: number): number => bottom - ((v - lo) / (hi - lo)) * plotH;
  const body: string[] = [];
  body.push(
    text(width / 2, 20, 'Optimizer savings vs each baseline (share of the baseline cost)', 'text-anchor="middle" font-weight="bold" font-size="14"'),
  );
  for (const t of ticks) {
    body.push(`<line x1="${left}" y1="${f(y(t))}" x2="${width - 20}" y2="${f(y(t))}" stroke="${t === 0 ? '#333' : '#e5e5e5'}"/>`);
    body.push(text(left - 6, y(t) + 4, `${f(t * 100)} %`, 'text-anchor="end" fill="#555"'));
  }
  body.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#333"/>`);
  r.suites.forEach((s, gi) => {
    const gx = left + gi * groupW;
    const bw = (groupW - 20) / baselines.length;
    baselines.forEach((b, bi) => {
      const sv = s.savings.find((x) => x.baseline === b);
      const x = gx + 10 + bi * bw;
      if (sv?.fraction !== undefined) {
        const y0 = y(0);
        const y1 = y(sv.fraction);
        body.push(
          `<rect x="${f(x)}" y="${f(Math.min(y0, y1))}" width="${f(bw * 0.85)}" height="${f(Math.max(0.5, Math.abs(y1 - y0)))}" fill="${PALETTE[bi % PALETTE.length]}"><title>${esc(`${s.name} vs ${b}: ${(sv.fraction * 100).toFixed(1)} %`)}</title></rect>`,
        );
      } else {
        body.push(text(x + bw * 0.42, y(0) - 3, '✗', `text-anchor="middle" font-size="10" fill="#999"`));
      }
    });
    body.push(text(gx + groupW / 2, bottom + 16, s.name, 'text-anchor="middle" font-size="11"'));
  });
  const ly = bottom + 40;
  baselines.forEach((b, bi) => {
    const lx = left + (bi % 3) * 230;
    const yy = ly + Math.floor(bi / 3) * 16;
    body.push(`<rect x="${lx}" y="${yy - 9}" width="10" height="10" fill="${PALETTE[bi % PALETTE.length]}"/>`, text(lx + 14, yy, b));
  });
  body.push(text(left, ly + 36, '✗ = baseline infeasible (or no optimizer plan): no saving computed', 'fill="#777" font-size="11"'));
  return svgDoc(Math.max(width, 760), ly + 48, 'Optimizer savings vs baselines', body);
}

/** Solve time (wall, s) vs problem size, one line per solver, log-scaled time axis. */
export function renderScalingTime(runs: readonly ScalingRun[], timeLimitSec: number): string {
  const width = 620;
  const height = 380;
  const left = 70;
  const right = width - 150;
  const top = 40;
  const bottom = height - 60;
  const sizes = [...new Set(runs.map((r) => r.components))].sort((a, b) => a - b);
  const solvers = [...new Set(runs.map((r) => r.solver))];
  const times = runs.flatMap((r) => (r.wallSec !== undefined ? [r.wallSec] : []));
  const lo = 10 ** Math.floor(Math.log10(Math.max(0.01, Math.min(1, ...times))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(timeLimitSec * 1.5, ...times, 1)));
  const y = (v: number): number => bottom - ((Math.log10(Math.max(lo, v)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (bottom - top);
  const x = (n: number): number => left + (sizes.length <= 1 ? (right - left) / 2 : (sizes.indexOf(n) / (sizes.length - 1)) * (right - left));
  const body: string[] = [];
  body.push(text(width / 2, 20, 'Solve time vs problem size (wall seconds, log scale)', 'text-anchor="middle" font-weight="bold" font-size="14"'));
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    body.push(
      `<line x1="${left}" y1="${f(y(d))}" x2="${right}" y2="${f(y(d))}" stroke="#e5e5e5"/>`,
      text(left - 6, y(d) + 4, `${d >= 1 ? d.toFixed(0) : d.toString()} s`, 'text-anchor="end" fill="#555"'),
    );
  }
  body.push(
    `<line x1="${left}" y1="${f(y(timeLimitSec))}" x2="${right}" y2="${f(y(timeLimitSec))}" stroke="#e15759" stroke-dasharray="5,3"/>`,
    text(right - 2, y(timeLimitSec) - 4, `time limit ${timeLimitSec} s`, 'text-anchor="end" fill="#e15759" font-size="10"'),
  );
  body.push(
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#333"/>`,
  );
  for (const n of sizes) {
    const e = runs.find((r) => r.components === n)?.edges;
    body.push(
      text(x(n), bottom + 16, `${n}`, 'text-anchor="middle"'),
      text(x(n), bottom + 29, `(${e ?? '?'} edges)`, 'text-anchor="middle" font-size="9" fill="#777"'),
    );
  }
  body.push(text((left + right) / 2, bottom + 46, 'components', 'text-anchor="middle"'));
  solvers.forEach((s, si) => {
    const color = PALETTE[si % PALETTE.length] as string;
    const pts = runs.filter((r) => r.solver === s && r.wallSec !== undefined).sort((a, b) => a.components - b.components);
    if (pts.length > 1)
      body.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${f(x(p.components))},${f(y(p.wallSec as number))}`).join(' ')}"/>`,
      );
    for (const p of pts) {
      const proven = p.status === 'planned' && p.solverStatus === 'Optimal';
      body.push(
        `<circle cx="${f(x(p.components))}" cy="${f(y(p.wallSec as number))}" r="4" fill="${proven ? color : '#ffffff'}" stroke="${color}" stroke-width="2"><title>${esc(`${s}, ${p.components} components: ${(p.wallSec as number).toFixed(2)} s, ${p.status}${p.solverStatus ? ` ${p.solverStatus}` : ''}`)}</title></circle>`,
      );
    }
    const ly = top + 10 + si * 18;
    body.push(
      `<line x1="${right + 15}" y1="${ly - 4}" x2="${right + 35}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/>`,
      text(right + 40, ly, s),
    );
  });
  const ly = top + 10 + solvers.length * 18 + 10;
  body.push(`<circle cx="${right + 25}" cy="${ly - 4}" r="4" fill="#555"/>`, text(right + 40, ly, 'proven optimal'));
  body.push(`<circle cx="${right + 25}" cy="${ly + 14}" r="4" fill="#fff" stroke="#555" stroke-width="2"/>`, text(right + 40, ly + 18, 'not proven'));
  return svgDoc(width, height, 'Solve time vs problem size per solver', body);
}

/** Every chart of a report: file name → SVG text. */
export function renderCharts(r: BenchReport): Record<string, string> {
  const out: Record<string, string> = {};
  if (r.suites.length > 0) {
    out['cost-by-strategy.svg'] = renderCostByStrategy(r);
    out['savings.svg'] = renderSavings(r);
    for (const s of r.suites) out[`cost-${s.name}.svg`] = renderSuiteCostChart(s);
  }
  if (r.scaling && r.scaling.runs.length > 0)
    out['scaling-time.svg'] = renderScalingTime(
      r.scaling.runs.filter((x) => x.status !== 'skipped'),
      Math.min(30, r.settings.timeLimitSec),
    );
  return out;
}
