import type { JobWorker } from '../jobs';
import { expireOverdueOfflineOrders } from './offline-expiry';
import type { Db } from '../database';

const MINUTE_MS = 60_000;

/** The background side of the sales desk: the sweep that expires unpaid offline orders. */
export function registerSalesDeskJobs(worker: JobWorker, deps: { db: Db }): void {
  worker.every('expire-offline-orders', MINUTE_MS, async () => {
    await expireOverdueOfflineOrders(deps.db);
  });
}
