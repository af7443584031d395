/**
 * Entry point of the server's child process: starts the server from options passed as JSON in argv[2]
 * and answers RPC messages from the parent over IPC.
 */
import { startInProcessServer } from './server.js';
import { reviveOptions, type RpcRequest, type RpcResponse } from './rpc.js';
import type { FailureRule } from './types.js';

const options = reviveOptions(JSON.parse(process.argv[2] ?? '{}'));
const server = await startInProcessServer({ ...options, inProcess: true });

process.on('disconnect', () => {
  server.close().finally(() => process.exit(0));
});

process.on('message', (msg: RpcRequest) => {
  const reply = (r: Omit<RpcResponse, 'id'>) => process.send?.({ id: msg.id, ...r });
  const run = async (): Promise<unknown> => {
    switch (msg.method) {
      case 'queries':
        return server.queries();
      case 'clearQueries':
        return server.clearQueries();
      case 'setFailure':
        return server.setFailure(msg.args[0] === null ? null : (reviveOptions({ failures: [msg.args[0] as FailureRule] }).failures?.[0] ?? null));
      case 'sessionCount':
        return server.sessionCount();
      case 'close':
        await server.close();
        setImmediate(() => process.exit(0));
        return undefined;
      default:
        throw new Error(`unknown method ${String(msg.method)}`);
    }
  };
  run().then(
    (result) => reply({ result }),
    (e: unknown) => reply({ error: e instanceof Error ? e.message : String(e) }),
  );
});

process.send?.({ id: 0, result: { port: server.port } });
