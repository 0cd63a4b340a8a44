export { ZDnsEnv, dnsConfigFrom, loadDnsConfig, type TDnsConfig } from './config';
export { classifyDnsError, createResolver, type TDnsFailure, type TResolver } from './resolver';
