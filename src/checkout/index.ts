export { checkoutRoutes, type CheckoutRouteDeps } from './checkout.routes';
export { returnFromProcessor, type CheckoutDeps } from './checkout.service';
