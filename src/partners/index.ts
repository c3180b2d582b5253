export { partnersRoutes, type PartnersRouteDeps } from './partners.routes';
export { recordContactRequest, REFERRAL_JOB, REFERRAL_MAX_ATTEMPTS } from './contact-requests';
export { sendReferral, type ReferralDeps } from './send-referral';
export { referralClaims, disclosedFields, REFERRAL_REASON, type ReferralClaims } from './referral';
export { findContactRequestForOrder, findDisclosuresForOrder, type ContactRequestWithPartner, type DisclosureWithPartner } from './partners.repository';
export { CONTACT_REQUEST_STATUSES, type ContactRequestStatus, type PartnerRow } from './partners.table';
