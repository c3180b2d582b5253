export { enqueue, markJobDone, listFailedJobs, countFailedJobsByKind, scrubJobPayloads, type EnqueueOptions, type JobRecord, type FailedJobRow } from './jobs.repository';
export { JobWorker, retryDelayMs, type JobHandler } from './worker';
