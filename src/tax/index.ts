export { taxOrder, type TaxSettings, type OrderTax, type LineTax } from './tax.service';
export { normaliseVatId, vatIdProblem } from './vat-id';
export { seedRates } from './tax.repository';
export { STARTING_RATES, EU_MEMBER_STATES } from './rates';
export { taxAdminRoutes } from './tax.routes';
export { readTaxRates, setTaxRate } from './tax.admin.service';
export { setTaxRateBody, taxCountryParams, taxRatesQuery, type SetTaxRateInput } from './tax.schemas';
export type { TaxRateRow } from './tax.table';
