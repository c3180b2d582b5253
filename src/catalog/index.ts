export { catalogRoutes } from './catalog.routes';
export { catalogAdminRoutes } from './catalog.admin.routes';
export { seedCatalog, seedDemoCatalog } from './demo-catalog';
export { lockProductsForOrder, takeSeats, releaseSeats, type PricedLine } from './catalog.repository';
export { currencyCode, skuSchema } from './catalog.schemas';
export type { ProductKind } from './catalog.table';
