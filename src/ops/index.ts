export { opsRoutes, startDraining } from './ops.routes';
export { failedJobsRoutes } from './failed-jobs.routes';
export { keepMetricsApp, metricsApp, metricsListener } from './metrics.routes';
