export { audit, type AuditEntry } from './audit';
