/** SVG → PNG with resvg, in DejaVu Sans shipped as a package (no system fonts: the same pixels everywhere). */
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import type { Answer } from "../../answer/schema.js";
import { type ChartOptions, chartSvg, DEFAULT_SCALE, FONT_FAMILY } from "./svg.js";

const require = createRequire(import.meta.url);

/** The font files the chart is drawn with (the `dejavu-fonts-ttf` package, a production dependency). */
export const FONT_FILES: readonly string[] = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${f}`),
);

/** Any SVG → PNG bytes, `scale` PNG pixels per SVG pixel (the chart paints its own white background). */
export function svgToPng(svg: string, scale = DEFAULT_SCALE): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: false, fontFiles: [...FONT_FILES], defaultFontFamily: FONT_FAMILY },
    logLevel: "off",
  });
  return r.render().asPng();
}

/** Answer → the chart as PNG bytes (`width` × `scale` pixels wide). */
export function chartPng(a: Answer, opts: ChartOptions = {}): Buffer {
  return svgToPng(chartSvg(a, opts), opts.scale ?? DEFAULT_SCALE);
}
