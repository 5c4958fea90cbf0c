/**
 * A small SVG chart of the capacity steps: throughput (offered and achieved) and latency to
 * commit (p50, p95, p99, with the knee's 1.5 s line) per step of load. Hand-written SVG, so
 * the report needs no charting library and opens in any browser.
 */
import { KNEE_RULE } from '../scenarios/capacity';
import type { Report } from './report';

interface Series {
  name: string;
  colour: string;
  values: number[];
  dashed?: boolean;
}

interface Panel {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  unit: string;
  categories: string[];
  series: Series[];
  /** A horizontal reference line (e.g. the knee's p95 limit). */
  limit?: { value: number; label: string };
}

const WIDTH = 760;
const HEIGHT = 420;
const FONT = 'font-family="sans-serif"';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

function panel(p: Panel): string {
  const max = niceMax(Math.max(...p.series.flatMap((s) => s.values), p.limit?.value ?? 0));
  const xAt = (i: number) =>
    p.x + (p.categories.length === 1 ? p.width / 2 : (i / (p.categories.length - 1)) * p.width);
  const yAt = (value: number) => p.y + p.height - (value / max) * p.height;
  const parts = [
    `<text x="${p.x}" y="${p.y - 12}" ${FONT} font-size="13" font-weight="bold">${escapeXml(p.title)}</text>`,
    `<line x1="${p.x}" y1="${p.y + p.height}" x2="${p.x + p.width}" y2="${p.y + p.height}" stroke="#444"/>`,
    `<line x1="${p.x}" y1="${p.y}" x2="${p.x}" y2="${p.y + p.height}" stroke="#444"/>`,
  ];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = yAt(tick * max);
    parts.push(
      `<line x1="${p.x}" y1="${y}" x2="${p.x + p.width}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${p.x - 6}" y="${y + 4}" ${FONT} font-size="10" text-anchor="end">${Number((tick * max).toPrecision(3))}</text>`,
    );
  }
  parts.push(
    `<text x="${p.x - 40}" y="${p.y + p.height / 2}" ${FONT} font-size="10" transform="rotate(-90 ${p.x - 40} ${p.y + p.height / 2})" text-anchor="middle">${escapeXml(p.unit)}</text>`,
  );
  p.categories.forEach((category, i) =>
    parts.push(
      `<text x="${xAt(i)}" y="${p.y + p.height + 16}" ${FONT} font-size="10" text-anchor="middle">${escapeXml(category)}</text>`,
    ),
  );
  parts.push(
    `<text x="${p.x + p.width / 2}" y="${p.y + p.height + 32}" ${FONT} font-size="10" text-anchor="middle">offered TPS (step)</text>`,
  );
  if (p.limit) {
    const y = yAt(p.limit.value);
    parts.push(
      `<line x1="${p.x}" y1="${y}" x2="${p.x + p.width}" y2="${y}" stroke="#c00" stroke-dasharray="2 3"/>`,
      // At the left, where latency stays low until the knee.
      `<text x="${p.x + 4}" y="${y - 4}" ${FONT} font-size="10" fill="#c00">${escapeXml(p.limit.label)}</text>`,
    );
  }
  p.series.forEach((series, n) => {
    const points = series.values.map((value, i) => `${xAt(i)},${yAt(value)}`).join(' ');
    const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<polyline points="${points}" fill="none" stroke="${series.colour}" stroke-width="2"${dash}/>`,
      ...series.values.map(
        (value, i) => `<circle cx="${xAt(i)}" cy="${yAt(value)}" r="3" fill="${series.colour}"/>`,
      ),
      `<rect x="${p.x + 8}" y="${p.y + 6 + n * 14}" width="10" height="3" fill="${series.colour}"/>`,
      `<text x="${p.x + 22}" y="${p.y + 11 + n * 14}" ${FONT} font-size="10">${escapeXml(series.name)}</text>`,
    );
  });
  return parts.join('\n');
}

export function reportSvg(report: Report): string {
  const { steps } = report.capacity;
  const categories = steps.map((step) => String(step.offeredTps));
  const throughput = panel({
    x: 70,
    y: 100,
    width: 270,
    height: 240,
    title: 'Throughput',
    unit: 'transactions per second',
    categories,
    series: [
      { name: 'offered', colour: '#888', values: steps.map((s) => s.offeredTps), dashed: true },
      { name: 'achieved (valid)', colour: '#1f77b4', values: steps.map((s) => s.achievedTps) },
    ],
  });
  const latency = panel({
    x: 450,
    y: 100,
    width: 270,
    height: 240,
    title: 'Latency to commit',
    unit: 'milliseconds',
    categories,
    series: [
      { name: 'p50', colour: '#2ca02c', values: steps.map((s) => s.p50Ms) },
      { name: 'p95', colour: '#ff7f0e', values: steps.map((s) => s.p95Ms) },
      { name: 'p99', colour: '#d62728', values: steps.map((s) => s.p99Ms) },
    ],
    limit: { value: KNEE_RULE.maxP95Ms, label: 'knee: p95 ≤ 1.5 s' },
  });
  const knee = report.capacity.kneeTps === null ? 'none' : `${report.capacity.kneeTps} TPS`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="20" y="28" ${FONT} font-size="16" font-weight="bold">Points Alliance benchmark: capacity per step of load</text>`,
    `<text x="20" y="48" ${FONT} font-size="11">Target ${escapeXml(report.target.description)}</text>`,
    `<text x="20" y="64" ${FONT} font-size="11">Knee (${escapeXml(report.capacity.criteria)}): ${escapeXml(knee)}</text>`,
    throughput,
    latency,
    `<text x="20" y="${HEIGHT - 12}" ${FONT} font-size="10" fill="#555">${escapeXml(`Generated ${report.generatedAt}; figures in report.json`)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
