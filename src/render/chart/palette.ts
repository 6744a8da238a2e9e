import type { Component } from "../../estimator/result.js";

/**
 * Fixed colours per component, from the Okabe–Ito palette (distinguishable with every common colour-vision
 * deficiency): the same component is the same colour on every chart, in every answer.
 */
export const COMPONENT_COLOURS: Record<Component, string> = {
  weights: "#0072B2",
  gradients: "#D55E00",
  optimizer: "#CC79A7",
  activations: "#E69F00",
  kvCache: "#009E73",
  overhead: "#56B4E9",
};

/** Numbers written inside a segment: white on the dark blue, near-black on the others. */
export const INK_ON: Record<Component, string> = {
  weights: "#FFFFFF",
  gradients: "#111111",
  optimizer: "#111111",
  activations: "#111111",
  kvCache: "#111111",
  overhead: "#111111",
};

/** The GPU's capacity line: pure black, which nothing else on the chart uses (text is a softer near-black). */
export const CAPACITY_COLOUR = "#000000";
export const TEXT_COLOUR = "#222222";
export const BACKGROUND = "#FFFFFF";
