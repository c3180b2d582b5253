export { shopRoutes, type ShopDeps } from './shop.routes';
