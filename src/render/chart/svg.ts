import type { Unit } from "../../estimator/request.js";
/** Answer → an SVG picture: one horizontal stacked bar per method, against the capacity of the GPU named. Pure. */
import type { Answer } from "../../answer/schema.js";
import { COMPONENTS } from "../../estimator/result.js";
import { COMPONENT_LABELS } from "../labels.js";
import { formatBytes } from "../units.js";
import { chartAlt } from "./alt.js";
import { type ChartBar, type ChartCapacity, chartData, gbNumber } from "./bars.js";
import { fitSegments, withMinimum } from "./geometry.js";
import { fitText, textWidth } from "./metrics.js";
import { BACKGROUND, CAPACITY_COLOUR, COMPONENT_COLOURS, INK_ON, TEXT_COLOUR } from "./palette.js";

export interface ChartOptions {
  /** Width of the picture in px (default 700; the PNG is drawn at `scale` times this). */
  width?: number;
  /** PNG pixels per SVG pixel (default 1.25: 875 px, sharp on a phone, cheap to draw; edges snap to its grid). */
  scale?: number;
}

export const DEFAULT_WIDTH = 700;
export const DEFAULT_SCALE = 1.25;
export const FONT_FAMILY = "DejaVu Sans";

/** Sizes in px at any width: big enough to read when Slack shows the picture ~380 px wide on a phone. */
const PAD = 24;
/** Top and bottom margins (the PNG's cost grows with its pixels: no more height than the words need). */
const EDGE = 16;
const TITLE = 28;
const LABEL = 24;
const NUMBER = 20;
const LEGEND = 22;
const CAPTION = 22;
const BAR = 46;
const ROW_GAP = 18;
const SWATCH = 24;
const LEGEND_GAP = 10;
const LINE = 3;
const MIN_SEGMENT = 4;
/** A segment shortened to fit keeps at least this much (room for its break mark and number). */
const KEEP_CUT = 90;

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const num = (x: number): string => String(Math.round(x * 100) / 100);

interface TextStyle {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: "middle";
}

function text(x: number, y: number, s: string, st: TextStyle): string {
  const attrs = [`x="${num(x)}"`, `y="${num(y)}"`, `font-size="${st.size}"`, `fill="${st.fill ?? TEXT_COLOUR}"`];
  if (st.bold) attrs.push(`font-weight="bold"`);
  if (st.anchor) attrs.push(`text-anchor="${st.anchor}"`);
  return `<text ${attrs.join(" ")}>${esc(s)}</text>`;
}

const rect = (x: number, y: number, w: number, h: number, fill: string): string =>
  `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${fill}"/>`;

const line = (x1: number, y1: number, x2: number, y2: number, stroke: string, width: number): string =>
  `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}" stroke-width="${width}"/>`;

/** The bytes the bars are scaled to: the longest bar, or (with a GPU) a little past its capacity, at most twice it. */
function scaleOf(bars: readonly ChartBar[]): number {
  const longest = Math.max(...bars.map((b) => b.bytes.total), 1);
  const caps = bars.flatMap((b) => (b.capacity ? [b.capacity.bytes] : []));
  if (caps.length === 0) return longest;
  const cap = Math.max(...caps);
  return Math.max(cap * 1.12, Math.min(longest, cap * 2));
}

interface Frame {
  pxPerByte: number;
  /** Bytes at the right edge. */
  scale: number;
  /** Onto the PNG's pixel grid. */
  snap: (x: number) => number;
  /** How sizes are written on the bars. */
  unit: Unit;
}

/** Where a number of width `w` goes inside [from, to]: its centre, clear of the capacity line; none if it fits nowhere. */
function numberSpot(from: number, to: number, w: number, lineX?: number): number | undefined {
  const need = w + 12;
  const gap = LINE / 2 + 4;
  const spans: [number, number][] =
    lineX !== undefined && lineX > from - gap && lineX < to + gap
      ? [
          [from, lineX - gap],
          [lineX + gap, to],
        ]
      : [[from, to]];
  const best = spans.filter(([a, b]) => b - a >= need).sort((x, y) => y[1] - y[0] - (x[1] - x[0]))[0];
  return best ? (best[0] + best[1]) / 2 : undefined;
}

/** The segments of one bar, its break marks and (with several bars) the numbers that fit inside. */
function barSvg(b: ChartBar, x0: number, top: number, f: Frame, numbers: boolean, lineX?: number): string[] {
  const out: string[] = [];
  const keys = COMPONENTS.filter((k) => b.bytes[k] > 0);
  const { drawn, cut } = fitSegments(
    keys.map((k) => b.bytes[k]),
    f.scale,
    KEEP_CUT / f.pxPerByte,
  );
  const widths = withMinimum(
    drawn.map((d) => d * f.pxPerByte),
    MIN_SEGMENT,
  );
  let x = x0;
  const edges: number[] = [];
  for (const [i, k] of keys.entries()) {
    const left = f.snap(x);
    x += widths[i]!;
    const right = f.snap(x);
    out.push(rect(left, top, right - left, BAR, COMPONENT_COLOURS[k]));
    if (i > 0) edges.push(left);
    let end = right;
    if (cut[i] && right - left >= 40) {
      for (const dx of [18, 10]) out.push(line(right - dx - 4, top + BAR - 6, right - dx + 4, top + 6, BACKGROUND, 3));
      end -= 26;
    }
    if (!numbers) continue;
    const label = gbNumber(b.bytes[k], f.unit);
    const cx = numberSpot(left, end, textWidth(label, NUMBER, true), lineX);
    if (cx !== undefined) {
      out.push(
        text(cx, top + BAR / 2 + NUMBER * 0.36, label, { size: NUMBER, bold: true, fill: INK_ON[k], anchor: "middle" }),
      );
    }
  }
  for (const e of edges) out.push(line(e, top, e, top + BAR, BACKGROUND, 1));
  return out;
}

/** "Llama 3.1 8B · memory in GB"; a long name loses its "(shape of …)", then its end, never the unit. */
function titleText(model: string, unit: string, max: number): string {
  const tail = ` · ${unit}`;
  const room = max - textWidth(tail, TITLE, true);
  const short = textWidth(model, TITLE, true) > room ? model.replace(/\s*\([^)]*\)\s*$/, "") : model;
  return `${fitText(short, room, TITLE, true)}${tail}`;
}

/** Answer → SVG text (`width` × auto height), white background, fonts by name (DejaVu Sans). */
export function chartSvg(a: Answer, opts: ChartOptions = {}): string {
  const W = opts.width ?? DEFAULT_WIDTH;
  const left = PAD;
  const right = W - PAD;
  const plot = right - left;
  const data = chartData(a);
  const scale = scaleOf(data.bars);
  const zoom = opts.scale ?? DEFAULT_SCALE;
  const f: Frame = { unit: data.bytesUnit, scale, pxPerByte: plot / scale, snap: (x) => Math.round(x * zoom) / zoom };
  const xOf = (c: ChartCapacity): number => f.snap(left + c.bytes * f.pxPerByte);

  const back: string[] = [];
  const front: string[] = [];
  let y = EDGE;
  front.push(text(left, y + TITLE * 0.76, titleText(data.model, data.unit, plot), { size: TITLE, bold: true }));
  y += TITLE + 12;

  /** Bars in runs on the same card: one capacity line each, labelled above the first run, below the others. */
  const first = data.bars[0]?.capacity;
  const caption = (c: ChartCapacity, baseline: number): void => {
    const w = textWidth(c.label, CAPTION, true);
    const x = Math.min(Math.max(xOf(c) - w / 2, left), right - w);
    front.push(text(x, baseline, c.label, { size: CAPTION, bold: true, fill: CAPACITY_COLOUR }));
  };
  /** Where the current capacity line starts: it stops short of a row's words that it would cross. */
  let from: number | undefined;
  if (first) {
    caption(first, y + CAPTION * 0.76);
    y += CAPTION + 8;
    from = y;
  }
  for (const [i, b] of data.bars.entries()) {
    const total = formatBytes(b.bytes.total, data.bytesUnit);
    const totalW = textWidth(total, LABEL, true);
    const label = fitText(b.label, plot - totalW - 14, LABEL);
    const labelW = textWidth(label, LABEL);
    const baseline = y + LABEL * 0.76;
    front.push(text(left, baseline, label, { size: LABEL }));
    front.push(text(left + labelW + 14, baseline, total, { size: LABEL, bold: true }));
    const top = y + LABEL + 6;
    const lineX = b.capacity ? xOf(b.capacity) : undefined;
    if (i > 0 && b.capacity?.id !== data.bars[i - 1]?.capacity?.id) from = top - 6;
    if (lineX !== undefined && from !== undefined && lineX < left + labelW + 14 + totalW + 10) {
      if (from < y - 4) back.push(line(lineX, from, lineX, y - 2, CAPACITY_COLOUR, LINE));
      from = top - 6;
    }
    back.push(...barSvg(b, left, top, f, data.bars.length > 1, lineX));
    y = top + BAR;
    if (b.capacity && lineX !== undefined && data.bars[i + 1]?.capacity?.id !== b.capacity.id) {
      back.push(line(lineX, from ?? top - 6, lineX, y + 6, CAPACITY_COLOUR, LINE));
      if (b.capacity.id !== first?.id) {
        caption(b.capacity, y + 8 + CAPTION * 0.76);
        y += CAPTION + 8;
      }
    }
    y += ROW_GAP;
  }

  const single = data.bars.length === 1 ? data.bars[0] : undefined;
  const columns = W >= 560 ? 2 : 1;
  const colW = plot / columns;
  for (const [i, k] of data.components.entries()) {
    const cx = left + (i % columns) * colW;
    const cy = y + Math.floor(i / columns) * (SWATCH + LEGEND_GAP);
    back.push(rect(cx, cy, SWATCH, SWATCH, COMPONENT_COLOURS[k]));
    const baseline = cy + SWATCH / 2 + LEGEND * 0.36;
    const value = single ? gbNumber(single.bytes[k], data.bytesUnit) : "";
    const valueW = value ? textWidth(value, LEGEND, true) + 10 : 0;
    const name = fitText(COMPONENT_LABELS[k], colW - SWATCH - 10 - valueW - 8, LEGEND);
    front.push(text(cx + SWATCH + 10, baseline, name, { size: LEGEND }));
    if (value) {
      const vx = cx + SWATCH + 10 + textWidth(name, LEGEND) + 10;
      front.push(text(vx, baseline, value, { size: LEGEND, bold: true }));
    }
  }
  y += Math.ceil(data.components.length / columns) * (SWATCH + LEGEND_GAP) - LEGEND_GAP + EDGE;
  const H = Math.ceil(y);
  const alt = esc(chartAlt(a));

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT_FAMILY}" role="img" aria-label="${alt}">`,
    `<title>${alt}</title>`,
    rect(0, 0, W, H, BACKGROUND),
    ...back,
    ...front,
    "</svg>",
  ].join("\n");
}
