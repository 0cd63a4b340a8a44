export { isAlive, withFileLock } from './file-lock';
export { ensureBuild } from './next-build';
export { assertPortFree, serveApp, type WebServer } from './next-server';
export { freePort, portIsFree } from './ports';
export { PROJECT_ROOT } from './project-root';
export { mapLimit } from './map-limit';
export { runWebServer, type TWebServerOptions } from './web-server';
export { isWebClusterWorker, runWebCluster, type TWebCluster } from './web-cluster';
