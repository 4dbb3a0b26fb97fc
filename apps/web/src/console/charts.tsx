// Plain SVG charts (no chart library): an XY chart for lines, steps, dashed reference lines and
// points with error bars, and stacked bars. Every chart is an <svg role="img"> with a <title> and a
// <desc>; the caller puts a data table beside it (DataTable) as the accessible alternative.
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTr } from './i18n';

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export interface Point {
  x: number;
  y: number;
  /** Optional interval (error bar) around y. */
  lower?: number | null;
  upper?: number | null;
}

export interface Series {
  name: string;
  color: string;
  points: Point[];
  kind: 'line' | 'step' | 'dashed' | 'points';
  /** Also draw a marker at each point (line, step). */
  markers?: boolean;
  /** Shown in the legend (default true). */
  legend?: boolean;
  /** data-series attribute, for tests and styling. */
  key?: string;
}

export interface Tick {
  value: number;
  label: string;
}

const M = { top: 14, right: 18, bottom: 46, left: 58 };

/**
 * The drawn width follows the figure's width (ResizeObserver), so that text stays at its CSS size
 * on a phone and on a wide screen instead of being scaled with the picture.
 */
function useWidth(ref: RefObject<HTMLElement | null>, initial = 640): number {
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const update = () => {
      const w = Math.round(el.getBoundingClientRect().width);
      if (w > 0) setWidth(Math.max(280, Math.min(1100, w)));
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

export function XYChart({
  title,
  desc,
  xLabel,
  yLabel,
  x,
  y,
  series,
  height = 300,
  diagonal = false,
  className,
}: {
  title: string;
  desc: string;
  xLabel: string;
  yLabel: string;
  x: { min: number; max: number; ticks: Tick[] };
  y: { min: number; max: number; ticks: Tick[] };
  series: Series[];
  height?: number;
  /** Draw the line of identity (calibration plots). */
  diagonal?: boolean;
  className?: string;
}) {
  const id = useId();
  const ref = useRef<HTMLElement>(null);
  const W = useWidth(ref);
  height = Math.min(height, Math.max(230, Math.round(W * 0.7)));
  const iw = W - M.left - M.right;
  const ih = height - M.top - M.bottom;
  const sx = (v: number) => M.left + ((v - x.min) / (x.max - x.min || 1)) * iw;
  const sy = (v: number) => M.top + ih - ((v - y.min) / (y.max - y.min || 1)) * ih;
  const f = (n: number) => n.toFixed(1);

  const path = (s: Series): string => {
    const pts = s.points;
    if (!pts.length) return '';
    if (s.kind === 'step') {
      let d = `M${f(sx(pts[0].x))},${f(sy(pts[0].y))}`;
      for (let i = 1; i < pts.length; i++) d += `H${f(sx(pts[i].x))}V${f(sy(pts[i].y))}`;
      return d;
    }
    return pts.map((p, i) => `${i ? 'L' : 'M'}${f(sx(p.x))},${f(sy(p.y))}`).join('');
  };

  return (
    <figure className={`chart ${className ?? ''}`} ref={ref}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        <g className="grid" aria-hidden="true">
          {y.ticks.map((t) => (
            <line key={`y${t.value}`} x1={M.left} x2={M.left + iw} y1={sy(t.value)} y2={sy(t.value)} />
          ))}
        </g>
        <g className="axis" aria-hidden="true">
          <line x1={M.left} x2={M.left + iw} y1={M.top + ih} y2={M.top + ih} />
          <line x1={M.left} x2={M.left} y1={M.top} y2={M.top + ih} />
          {x.ticks.map((t) => (
            <g key={`x${t.value}${t.label}`}>
              <line x1={sx(t.value)} x2={sx(t.value)} y1={M.top + ih} y2={M.top + ih + 4} />
              <text x={sx(t.value)} y={M.top + ih + 18} textAnchor="middle">
                {t.label}
              </text>
            </g>
          ))}
          {y.ticks.map((t) => (
            <text key={`yt${t.value}`} x={M.left - 8} y={sy(t.value) + 4} textAnchor="end">
              {t.label}
            </text>
          ))}
          <text className="axis-label" x={M.left + iw / 2} y={height - 6} textAnchor="middle">
            {xLabel}
          </text>
          <text className="axis-label" transform={`translate(14 ${M.top + ih / 2}) rotate(-90)`} textAnchor="middle">
            {yLabel}
          </text>
        </g>
        {diagonal ? (
          <line
            className="diagonal"
            x1={sx(Math.max(x.min, y.min))}
            y1={sy(Math.max(x.min, y.min))}
            x2={sx(Math.min(x.max, y.max))}
            y2={sy(Math.min(x.max, y.max))}
            aria-hidden="true"
          />
        ) : null}
        {series.map((s) => (
          <g key={s.key ?? s.name} className={`series series-${s.kind}`} data-series={s.key ?? s.name} aria-hidden="true">
            {s.kind !== 'points' ? (
              <path
                d={path(s)}
                fill="none"
                stroke={s.color}
                strokeWidth={s.kind === 'dashed' ? 1.5 : 2.25}
                strokeDasharray={s.kind === 'dashed' ? '6 4' : undefined}
                strokeLinejoin="round"
              />
            ) : null}
            {s.kind === 'points' || s.markers
              ? s.points.map((p, i) => (
                  <g key={i}>
                    {p.lower != null && p.upper != null ? (
                      <line x1={sx(p.x)} x2={sx(p.x)} y1={sy(p.lower)} y2={sy(p.upper)} stroke={s.color} strokeWidth={1.5} />
                    ) : null}
                    <circle
                      cx={sx(p.x)}
                      cy={sy(p.y)}
                      r={s.kind === 'points' ? 4.5 : 3}
                      fill={s.kind === 'points' ? s.color : '#fff'}
                      stroke={s.color}
                      strokeWidth={2}
                    />
                  </g>
                ))
              : null}
          </g>
        ))}
      </svg>
      <Legend series={series.filter((s) => s.legend !== false)} diagonal={diagonal} />
    </figure>
  );
}

function Legend({ series, diagonal }: { series: Series[]; diagonal?: boolean }) {
  const tr = useTr();
  if (!series.length && !diagonal) return null;
  return (
    <figcaption className="legend">
      {series.map((s) => (
        <span key={s.key ?? s.name} className="legend-item">
          <svg width="26" height="12" aria-hidden="true">
            {s.kind === 'points' ? (
              <circle cx="13" cy="6" r="4" fill={s.color} />
            ) : (
              <line
                x1="1"
                x2="25"
                y1="6"
                y2="6"
                stroke={s.color}
                strokeWidth={s.kind === 'dashed' ? 1.5 : 2.5}
                strokeDasharray={s.kind === 'dashed' ? '5 3' : undefined}
              />
            )}
          </svg>
          {s.name}
        </span>
      ))}
      {diagonal ? (
        <span className="legend-item">
          <svg width="26" height="12" aria-hidden="true">
            <line x1="1" x2="25" y1="6" y2="6" className="diagonal" />
          </svg>
          {tr('Perfect calibration', 'Perfecte kalibratie')}
        </span>
      ) : null}
    </figcaption>
  );
}

export interface BarSegment {
  name: string;
  color: string;
}

/** Vertical stacked bars: one bar per category, segments in the given order from the bottom. */
export function StackedBars({
  title,
  desc,
  yLabel,
  categories,
  segments,
  values,
  annotations,
  height = 260,
}: {
  title: string;
  desc: string;
  yLabel: string;
  categories: string[];
  segments: BarSegment[];
  /** values[category][segment] */
  values: number[][];
  /** Text above each bar (e.g. the completion rate). */
  annotations?: string[];
  height?: number;
}) {
  const id = useId();
  const ref = useRef<HTMLElement>(null);
  const W = useWidth(ref);
  const band = (W - M.left - M.right) / Math.max(1, categories.length);
  // Narrow bars (a phone): category labels are turned so that they do not overlap.
  const turned = band < 64;
  const bottom = turned ? M.bottom + 16 : M.bottom;
  const iw = W - M.left - M.right;
  const ih = height - M.top - bottom;
  const total = Math.max(1, ...values.map((v) => v.reduce((a, b) => a + b, 0)));
  const ticks = niceTicks(0, total, 4);
  const top = Math.max(total, ticks[ticks.length - 1]) * 1.08;
  const sy = (v: number) => M.top + ih - (v / top) * ih;
  const bw = Math.min(56, band * 0.62);
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        <g className="grid" aria-hidden="true">
          {ticks.map((t) => (
            <line key={t} x1={M.left} x2={M.left + iw} y1={sy(t)} y2={sy(t)} />
          ))}
        </g>
        <g className="axis" aria-hidden="true">
          <line x1={M.left} x2={M.left + iw} y1={M.top + ih} y2={M.top + ih} />
          {ticks.map((t) => (
            <text key={t} x={M.left - 8} y={sy(t) + 4} textAnchor="end">
              {t}
            </text>
          ))}
          <text className="axis-label" transform={`translate(14 ${M.top + ih / 2}) rotate(-90)`} textAnchor="middle">
            {yLabel}
          </text>
        </g>
        {categories.map((c, i) => {
          const cx = M.left + band * i + band / 2;
          let acc = 0;
          return (
            <g key={c} className="bar" data-category={c} aria-hidden="true">
              {segments.map((s, k) => {
                const v = values[i]?.[k] ?? 0;
                if (!v) return null;
                const y0 = sy(acc);
                acc += v;
                return <rect key={s.name} x={cx - bw / 2} width={bw} y={sy(acc)} height={Math.max(0, y0 - sy(acc))} fill={s.color} />;
              })}
              {annotations?.[i] ? (
                <text className="bar-note" x={cx} y={sy(acc) - 6} textAnchor="middle">
                  {annotations[i]}
                </text>
              ) : null}
              <text
                className="axis"
                x={cx}
                y={M.top + ih + (turned ? 12 : 18)}
                textAnchor={turned ? 'end' : 'middle'}
                transform={turned ? `rotate(-40 ${cx} ${M.top + ih + 12})` : undefined}
              >
                {c}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {segments.map((s) => (
          <span key={s.name} className="legend-item">
            <svg width="14" height="12" aria-hidden="true">
              <rect x="1" y="1" width="12" height="10" fill={s.color} />
            </svg>
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** The data table alternative of a chart, folded away by default. */
export function DataTable({
  caption,
  head,
  rows,
  open = false,
}: {
  caption: string;
  head: ReactNode[];
  rows: ReactNode[][];
  open?: boolean;
}) {
  const tr = useTr();
  return (
    <details className="data-table" open={open}>
      <summary>
        {caption}: {tr('data table', 'gegevenstabel')}
      </summary>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {head.map((h, i) => (
                <th key={i} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, k) =>
                  k === 0 ? (
                    <th key={k} scope="row">
                      {c}
                    </th>
                  ) : (
                    <td key={k}>{c}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
