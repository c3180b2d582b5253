export { enqueue, markJobDone, listFailedJobs, countFailedJobsByKind, type EnqueueOptions, type JobRecord, type FailedJobRow } from './jobs.repository';
export { JobWorker, retryDelayMs, type JobHandler } from './worker';
