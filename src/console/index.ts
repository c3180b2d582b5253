export { consoleRoutes, type ConsoleDeps } from './console.routes';
export { cookiePolicy } from './cookies';
export { oidcSignIn } from './oidc';
export { revokeSessionsOf } from './sessions.repository';
