/** Resolves on the first SIGINT/SIGTERM; a second one exits at once. */
export function waitForShutdown(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error('Forced exit.');
        process.exit(130);
      }
      stopping = true;
      console.error(`\n${signal} received: stopping…`);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
