// @mispkit/sdk/indicators: find, refang and defang indicators of compromise. No Node-only imports.
export { defang } from './defang.js';
export { extractIndicators } from './extract.js';
export { MISP_TYPES } from './misp-types.js';
export { refang } from './normalise.js';
export type { ExtractOptions, Indicator, IndicatorKind } from './types.js';
export { INDICATOR_KINDS } from './types.js';
