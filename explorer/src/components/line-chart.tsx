/**
 * A small SVG line chart: one line per named series over shared time. Drawn here rather than
 * with a charting library to keep the bundle small and free of anything loaded from elsewhere.
 */
import { formatPoints, formatTime } from '../format';

export interface Point {
  at: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 56, right: 12, top: 12, bottom: 28 };
const COLOURS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7ea4'];

export function LineChart({
  title,
  series,
  empty,
}: {
  title: string;
  series: Record<string, Point[]>;
  empty: string;
}) {
  const names = Object.keys(series).sort();
  const all = names.flatMap((name) => series[name] ?? []);
  if (all.length === 0) {
    return (
      <figure class="chart">
        <figcaption>{title}</figcaption>
        <p class="muted">{empty}</p>
      </figure>
    );
  }
  const times = all.map((point) => Date.parse(point.at));
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const top = Math.max(1, ...all.map((point) => point.value));
  const bottom = Math.min(0, ...all.map((point) => point.value));
  const x = (at: string) =>
    PAD.left +
    (last === first ? 0.5 : (Date.parse(at) - first) / (last - first)) *
      (WIDTH - PAD.left - PAD.right);
  const y = (value: number) =>
    PAD.top + (1 - (value - bottom) / (top - bottom)) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <line class="axis" x1={PAD.left} y1={y(bottom)} x2={WIDTH - PAD.right} y2={y(bottom)} />
        <line class="axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={y(bottom)} />
        <text class="tick" x={PAD.left - 4} y={y(top) + 4} text-anchor="end">
          {formatPoints(top)}
        </text>
        <text class="tick" x={PAD.left - 4} y={y(bottom)} text-anchor="end">
          {formatPoints(bottom)}
        </text>
        <text class="tick" x={PAD.left} y={HEIGHT - 8}>
          {formatTime(new Date(first).toISOString())}
        </text>
        <text class="tick" x={WIDTH - PAD.right} y={HEIGHT - 8} text-anchor="end">
          {formatTime(new Date(last).toISOString())}
        </text>
        {names.map((name, index) => {
          const points = series[name] ?? [];
          const colour = COLOURS[index % COLOURS.length];
          return (
            <g key={name} stroke={colour} fill={colour}>
              <polyline
                fill="none"
                stroke-width="2"
                points={points.map((p) => `${x(p.at)},${y(p.value)}`).join(' ')}
              />
              {points.map((p) => (
                <circle key={p.at} cx={x(p.at)} cy={y(p.value)} r="3">
                  <title>{`${name} ${formatTime(p.at)}: ${formatPoints(p.value)}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        {names.map((name, index) => (
          <li key={name}>
            <svg class="swatch" viewBox="0 0 1 1" aria-hidden="true">
              <rect width="1" height="1" fill={COLOURS[index % COLOURS.length]} />
            </svg>
            {name}: {formatPoints(series[name]?.at(-1)?.value ?? 0)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
