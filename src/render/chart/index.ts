/** The picture of an answer: stacked bars per method against the GPU named, as SVG (pure) or PNG (resvg). */
export { chartAlt } from "./alt.js";
export { type ChartBar, type ChartCapacity, type ChartData, chartData } from "./bars.js";
export { COMPONENT_COLOURS, CAPACITY_COLOUR } from "./palette.js";
export { chartPng, svgToPng, FONT_FILES } from "./png.js";
export { type ChartOptions, chartSvg } from "./svg.js";
