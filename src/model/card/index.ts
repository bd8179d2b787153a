export { writeModelCard, renderModelCard, withFreshOrgSection, type ModelCardReport, type ImportanceRow, type ThresholdRow } from './model-card.js';
export { renderCharts, gainsCurve } from './charts.js';
export { lineChart, barChart, niceTicks, escapeXml } from './svg.js';
