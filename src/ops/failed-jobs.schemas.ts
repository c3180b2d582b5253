import { z } from 'zod';
import { idPageQuery } from '../shared/http/paging';

export const failedJobsQuery = idPageQuery;

export const failedJob = z.object({
  id: z.number().int(),
  kind: z.string(),
  /** What the job was about (for example `email:<order>:<kind>`); the payload itself is not shown. */
  dedupe_key: z.string().nullable(),
  attempts: z.number().int(),
  max_attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  failed_at: z.string(),
});

export const failedJobsPage = z.object({ jobs: z.array(failedJob), next_cursor: z.string().nullable() });
