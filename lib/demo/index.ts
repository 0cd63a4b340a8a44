export { ensureDemo, seedDemo } from './seed';
export { syntheticReportXml, writeSyntheticReport } from './synthetic';
