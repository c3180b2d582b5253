import express from 'express';
import { requireStaff, staffOf, type StaffAuth } from '../../src/staff-auth';
import { errorHandler } from '../../src/shared/http/problem';

/** A tiny app with routes guarded as the real staff routes are, answering with the caller. */
export function guardedApp(auth: StaffAuth): express.Express {
  const app = express();
  app.get('/sales', requireStaff(auth, 'sales'), (_req, res) => {
    res.json(staffOf(res));
  });
  app.get('/finance-or-admin', requireStaff(auth, 'finance', 'admin'), (_req, res) => {
    res.json(staffOf(res));
  });
  app.get('/any-staff', requireStaff(auth), (_req, res) => {
    res.json(staffOf(res));
  });
  app.use(errorHandler);
  return app;
}
