export { audit, findAuditEntries, type AuditEntry } from './audit';
