/** Answer charts in Slack: signed URLs on this app's own host (`links`), the route that draws them, the update. */
export { attachChart } from "./attach.js";
export { CHART_PATH, ChartLinks } from "./links.js";
export { ChartRoute } from "./route.js";
