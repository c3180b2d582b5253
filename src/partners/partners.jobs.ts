import type { JobWorker } from '../jobs';
import { REFERRAL_JOB } from './contact-requests';
import { sendReferral, type ReferralDeps } from './send-referral';

export function registerPartnerJobs(worker: JobWorker, deps: ReferralDeps): void {
  worker.register(REFERRAL_JOB, (payload: { contactRequestId: string }, job) => sendReferral(deps, payload.contactRequestId, job));
}
