export { ZDomainName } from './domain-name';
export { canonicalIp, ipv4ToNumber } from './ip';
export { normaliseDomain } from './normalise-domain';
export { baseDomain, normaliseHost } from './base-domain';
export { ipFamily, ipToNumber, ipv6ToBigInt, isPublicAddress, reverseName, type TIpNumber } from './ip-number';
export { isWithinDomain } from './within-domain';
