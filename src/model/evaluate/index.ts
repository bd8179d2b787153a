export * from './metrics.js';
export * from './curves.js';
export * from './thresholds.js';
export * from './cv.js';
export * from './report.js';
export * from './experiment.js';
export * from './parallel.js';
