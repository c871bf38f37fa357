// Small SVG charts for an app's resource history (GET /api/apps/{name}/metrics).

import { h, svg } from './dom.js';
import { stateName, stateTone } from './format.js';
import { t } from './i18n.js';

/**
 * Points of a polyline for `values` (nulls break nothing: they are skipped)
 * in a `width`×`height` box, scaled to [0, max]. Pure; exported for tests.
 */
export function sparkPoints(values, width, height, max) {
  const count = values.length;
  if (!count) return [];
  const top = max > 0 ? max : 1;
  const step = count > 1 ? width / (count - 1) : 0;
  const points = [];
  values.forEach((value, index) => {
    if (value === null || value === undefined || Number.isNaN(Number(value))) return;
    const x = count > 1 ? index * step : width / 2;
    const y = height - (Math.min(Number(value), top) / top) * (height - 2) - 1;
    points.push([Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
  });
  return points;
}

/**
 * A sparkline card: title, latest value, peak, and the line with a filled area.
 * `format` turns a value into text.
 */
export function sparkline({ title, values, format, minMax = 0, width = 320, height = 64, tone = 'accent' }) {
  const numbers = values.filter((v) => v !== null && v !== undefined && !Number.isNaN(Number(v))).map(Number);
  const peak = numbers.length ? Math.max(...numbers) : 0;
  const max = Math.max(peak * 1.15, minMax);
  const points = sparkPoints(values, width, height, max);
  const chart = svg('svg', { class: `spark spark-${tone}`, viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': title });
  if (points.length > 1) {
    const line = points.map(([x, y]) => `${x},${y}`).join(' ');
    const area = `${points[0][0]},${height} ${line} ${points[points.length - 1][0]},${height}`;
    chart.appendChild(svg('polygon', { class: 'spark-area', points: area }));
    chart.appendChild(svg('polyline', { class: 'spark-line', points: line }));
  } else {
    chart.appendChild(svg('text', { x: width / 2, y: height / 2 + 4, 'text-anchor': 'middle', class: 'spark-empty' }, numbers.length ? t('spark.collecting') : t('spark.no_data')));
  }
  const latest = numbers.length ? numbers[numbers.length - 1] : null;
  return h('div', { class: 'spark-card' },
    h('div', { class: 'spark-head' },
      h('span', { class: 'spark-title', text: title }),
      h('span', { class: 'spark-value', text: latest === null ? '—' : format(latest) })),
    chart,
    h('div', { class: 'spark-foot' },
      h('span', { text: t('spark.samples', { count: values.length }) }),
      h('span', { text: t('spark.peak', { value: numbers.length ? format(peak) : '—' }) })));
}

/** A strip of coloured cells, one per sample's state. */
export function stateStrip(states) {
  const strip = h('div', { class: 'state-strip', 'aria-label': t('spark.state_history') });
  const shown = states.slice(-120);
  for (const state of shown) strip.appendChild(h('span', { class: `strip-cell tone-${stateTone(state)}`, title: stateName(state) }));
  return strip;
}
