export { catalogRoutes } from './catalog.routes';
export { catalogAdminRoutes } from './catalog.admin.routes';
export { seedCatalog, seedDemoCatalog } from './demo-catalog';
export { listProducts, type ProductWithPrices } from './catalog.repository';
export { lockProductsForOrder, takeSeats, releaseSeats, findProductsBySku, type PricedLine } from './catalog.repository';
export { currencyCode, skuSchema } from './catalog.schemas';
export type { ProductKind, ProductRow } from './catalog.table';
