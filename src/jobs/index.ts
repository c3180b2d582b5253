export { enqueue, markJobDone, listFailedJobs, countFailedJobsByKind, scrubJobPayloads, type EnqueueOptions, type JobRecord, type FailedJobRow } from './jobs.repository';
export { registerJobGauges } from './jobs.metrics';
export { JobWorker, retryDelayMs, type JobHandler } from './worker';
