export { runWorker, type RunningWorker } from './run-worker';
export { JOBS } from './job-registry';
