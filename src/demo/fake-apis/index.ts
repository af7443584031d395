export { startFakeApis } from './start-fake-apis.js';
export { startDemoApis } from './start-demo-apis.js';
export type { DemoApis, DemoScale } from './start-demo-apis.js';
export type { FakeApiKeys, FakeApis, FakeApisOptions, FaultKind, FaultPlan, FaultRule, RateLimitConfig, RouteStats, SourceName } from './types.js';
export { SOURCE_NAMES } from './types.js';
export { DEFAULT_RATE_LIMITS } from './rate-limiter.js';
