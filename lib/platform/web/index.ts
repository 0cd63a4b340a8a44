export { API_CSP, BASE_SECURITY_HEADERS, HSTS, pageCsp } from './security-headers';
export { forwardedForStamped, markForwardedForStamped, stampForwardedFor } from './forwarded-for';
export { createPageCache, type TPageCache, type TPageCacheOptions } from './page-cache';
