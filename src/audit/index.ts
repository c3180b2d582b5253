export { audit, findAuditEntries, listAuditNewestFirst, type AuditEntry } from './audit';
