// Runs one opp command in this process and reports wall time and peak RSS on stdout as JSON, so the
// benchmark can measure a command as a user runs it (a fresh process) without /usr/bin/time.
// Usage: node bench/lib/measure.mjs <cwd> <opp args...>
import { main } from '../../dist/cli/main.js';

const [cwd, ...args] = process.argv.slice(2);
process.chdir(cwd);
const t0 = performance.now();
const originalWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true; // opp's own output is not what we measure
const code = await main(args);
const wallMs = performance.now() - t0;
process.stdout.write = originalWrite;
originalWrite(JSON.stringify({ code, wallMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
process.exitCode = code;
