export { API_CSP, BASE_SECURITY_HEADERS, HSTS, newNonce, pageCsp } from './security-headers';
export { forwardedForStamped, markForwardedForStamped, stampForwardedFor } from './forwarded-for';
export { createPageCache, STREAMED_ERROR, type TPageCache, type TPageCacheOptions } from './page-cache';
