import cluster, { type Worker } from 'node:cluster';

/**
 * API_PROCESSES > 1 (or WORKER_PROCESSES): this process becomes a node:cluster primary that forks that
 * many copies, one after the other (each once the previous one listens, so start-up work such as the
 * admin bootstrap never races), sharing the port; a copy that dies is forked again, and SIGTERM/SIGINT
 * are passed on. Returns true in the primary (which then runs nothing else).
 */
export function clusterPrimary(count: number, name: string): boolean {
  if (count <= 1 || !cluster.isPrimary) return false;
  let stopping = false;
  const live = new Set<Worker>();
  const forkOne = () =>
    new Promise<void>((resolve) => {
      const child = cluster.fork();
      live.add(child);
      child.once('listening', () => resolve());
      child.once('exit', () => resolve());
    });
  void (async () => {
    for (let i = 0; i < count && !stopping; i++) await forkOne();
    console.error(`${name}: ${count} processes (node:cluster)`);
  })();
  cluster.on('exit', (child, code, signal) => {
    live.delete(child);
    if (stopping) {
      if (live.size === 0) process.exit(0);
      return;
    }
    console.error(`${name} process ${child.process.pid} exited (${signal ?? code}); forking another`);
    setTimeout(() => void forkOne(), 1000);
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    if (live.size === 0) process.exit(0);
    for (const child of live) child.process.kill(signal);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return true;
}
