export { planExtractRange, maxWatermark } from './plan-range.js';
export type { ExtractRange, RangeInput, RangeMode } from './plan-range.js';
export {
  WATERMARK_TABLE,
  WATERMARK_COLUMNS,
  ensureWatermarkTable,
  planWatermarkWrite,
  readWatermarks,
  watermarkKey,
} from './watermark-store.js';
export type { Watermark, WatermarkWrite } from './watermark-store.js';
