export { runBench } from './run-bench';
export { runWorker } from './workers';
