export { enqueue, markJobDone, scrubJobPayloads, type EnqueueOptions, type JobRecord } from './jobs.repository';
export { JobWorker, retryDelayMs, type JobHandler } from './worker';
