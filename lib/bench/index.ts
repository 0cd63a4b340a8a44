export { runBench } from './run-bench';
export { runWorker } from './workers';
export { DASHBOARD_TARGETS, runDashboardBench, type TDashboardResult } from './dashboard/run-dashboard';
export { releaseBenchServer } from './bench-database';
