import { parentPort } from 'node:worker_threads';
import { compileJinjaChunk, type CompileJob, type CompileJobResult } from './jinja-compile-pool.js';

/**
 * Worker entry: compiles chunks of Nunjucks templates (parse + code generation, no rendering) for the
 * parse pass, which instantiates and renders the returned code on the main thread.
 */
if (parentPort) {
  const port = parentPort;
  port.on('message', (msg: { id: number; jobs: CompileJob[] } | 'exit') => {
    if (msg === 'exit') {
      port.close();
      return;
    }
    const results: CompileJobResult[] = compileJinjaChunk(msg.jobs);
    port.postMessage({ id: msg.id, results });
  });
  port.postMessage({ ready: true });
}
