import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import type { Item } from '../api';
import type { Strings } from '../i18n';

/** An 11-point rating scale (codes 0–10 in order), as the NRS is printed: one row, anchors at the ends. */
export function isNrs(item: Item): boolean {
  return item.type === 'choice' && item.options.length === 11 && item.options.every((o, i) => o.code === i);
}

/** The EQ VAS: an integer 0–100 item of the EQ-5D-5L (id VAS). */
export function isVas(item: Item): boolean {
  return item.type === 'integer' && item.id === 'VAS' && item.min === 0 && item.max === 100;
}

const anchor = (label: string) => label.replace(/^\d+\s*[–-]?\s*/, '');

export function NrsScale({
  name,
  item,
  value,
  describedBy,
  onChange,
}: {
  name: string;
  item: Item;
  value: number | null;
  /** The question's error message, read with each point. */
  describedBy?: string;
  onChange: (v: number) => void;
}) {
  const low = anchor(item.options[0].label);
  const high = anchor(item.options[10].label);
  return (
    <div className="nrs">
      <div className="nrs-row">
        {item.options.map((o) => (
          <label key={o.code} className={value === o.code ? 'nrs-point checked' : 'nrs-point'}>
            <input
              type="radio"
              name={name}
              value={o.code}
              checked={value === o.code}
              aria-describedby={describedBy}
              onChange={() => onChange(o.code)}
            />
            <span aria-hidden="true">{o.code}</span>
            {/* Stacked on a narrow screen, the anchors stand beside 0 and 10 (styles.css). */}
            {o.code === 0 || o.code === 10 ? (
              <span className="nrs-inline-anchor" aria-hidden="true">
                {o.code === 0 ? low : high}
              </span>
            ) : null}
            {/* The full option label (with its anchor text at 0 and 10) is the radio's name. */}
            <span className="sr-only">{o.label}</span>
          </label>
        ))}
      </div>
      <div className="nrs-anchors" aria-hidden="true">
        <span>{low}</span>
        <span>{high}</span>
      </div>
    </div>
  );
}

/**
 * The EQ VAS as the EQ-5D-5L user guide shows it: a vertical scale, 100 (best) at the top and 0 (worst)
 * at the bottom, ticks every 5 and numbers every 10, the value in a box beside it. A slider for
 * keyboards and screen readers (arrows by 1, Page Up/Down by 10, Home/End), and a number box.
 */
export function VasScale({
  id,
  labelId,
  value,
  t,
  invalid,
  describedBy,
  onChange,
}: {
  id: string;
  labelId: string;
  value: number | null;
  t: Strings;
  invalid: boolean;
  describedBy?: string;
  onChange: (v: number | null) => void;
}) {
  const track = useRef<HTMLDivElement>(null);
  const set = (v: number) => onChange(Math.max(0, Math.min(100, Math.round(v))));
  const onKey = (e: KeyboardEvent) => {
    const from = value ?? 50;
    const step: Record<string, number> = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 10, PageDown: -10 };
    if (e.key in step) set(value === null ? 50 : from + step[e.key]);
    else if (e.key === 'Home') set(0);
    else if (e.key === 'End') set(100);
    else return;
    e.preventDefault();
  };
  const fromPointer = (e: PointerEvent) => {
    const box = track.current!.getBoundingClientRect();
    set(((box.bottom - e.clientY) / box.height) * 100);
  };
  const ticks = Array.from({ length: 21 }, (_, i) => 100 - i * 5);
  return (
    <div className="vas">
      <div className="vas-box">
        <span id={`${id}-today`}>{t.vasToday}</span>
        <output htmlFor={id} aria-live="polite">
          {value ?? '–'}
        </output>
        <p className="vas-help" id={`${id}-help`}>
          {t.vasHelp}
        </p>
        <label className="vas-type">
          {t.vasType}
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            value={value ?? ''}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
          />
        </label>
      </div>
      <div className="vas-scale">
        <span className="vas-end">{t.vasTop}</span>
        <div
          id={id}
          ref={track}
          className="vas-track"
          role="slider"
          tabIndex={0}
          aria-orientation="vertical"
          aria-labelledby={labelId}
          aria-describedby={[`${id}-help`, describedBy].filter(Boolean).join(' ')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={value ?? 50}
          aria-valuetext={value === null ? t.vasNone : String(value)}
          aria-invalid={invalid || undefined}
          onKeyDown={onKey}
          onPointerDown={(e) => {
            track.current!.focus();
            fromPointer(e);
          }}
        >
          {ticks.map((v) => (
            <span key={v} className={v % 10 === 0 ? 'vas-tick major' : 'vas-tick'} style={{ bottom: `${v}%` }} aria-hidden="true">
              {v % 10 === 0 ? <span className="vas-num">{v}</span> : null}
            </span>
          ))}
          {value !== null ? <span className="vas-mark" style={{ bottom: `${value}%` }} aria-hidden="true" /> : null}
        </div>
        <span className="vas-end">{t.vasBottom}</span>
      </div>
    </div>
  );
}
