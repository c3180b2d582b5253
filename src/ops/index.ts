export { opsRoutes, startDraining } from './ops.routes';
export { failedJobsRoutes } from './failed-jobs.routes';
