import type { JobWorker } from '../jobs';
import { deliverOrder, type DeliveryDeps } from './deliver';
import { DELIVER_JOB, REVOKE_JOB } from './queue';
import { revokeForOrder } from './revoke';

export function registerFulfilmentJobs(worker: JobWorker, deps: DeliveryDeps): void {
  worker.register(DELIVER_JOB, (payload: { orderId: string }) => deliverOrder(deps, payload.orderId));
  worker.register(REVOKE_JOB, (payload: { orderId: string; reason: string }) => revokeForOrder(deps.db, payload.orderId, payload.reason));
}
