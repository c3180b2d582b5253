export { partnersRoutes, type PartnersRouteDeps } from './partners.routes';
export { getPartners } from './partners.service';
export { recordContactRequest, REFERRAL_MAX_ATTEMPTS } from './contact-requests';
export { registerPartnerJobs } from './partners.jobs';
export { referralClaims, disclosedFields, REFERRAL_REASON, type ReferralClaims } from './referral';
export {
  findContactRequestForOrder,
  findContactRequestsForOrders,
  findDisclosuresForOrder,
  findDisclosuresForOrders,
  type ContactRequestWithPartner,
  type DisclosureWithPartner,
} from './partners.repository';
export { CONTACT_REQUEST_STATUSES, type ContactRequestStatus, type PartnerRow } from './partners.table';
