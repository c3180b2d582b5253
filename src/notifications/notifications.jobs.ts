import type { JobWorker } from '../jobs';
import { SEND_EMAIL_JOB } from './notify';
import { sendQueuedEmail, type SendEmailDeps } from './send-email';

export function registerNotificationJobs(worker: JobWorker, deps: SendEmailDeps): void {
  worker.register(SEND_EMAIL_JOB, (payload: { emailId: number }) => sendQueuedEmail(deps, payload.emailId));
}
