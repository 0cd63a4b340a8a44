import { z } from 'zod';

/** What kind of sender a service is; drives the verdict heuristics and the sender map's labels. */
export const SERVICE_TYPES = [
  'mailbox', // mailbox provider / hosted mail: Google Workspace, Microsoft 365, Zoho…
  'esp', // transactional e-mail API / relay: SES, SendGrid, Mailgun, Postmark…
  'marketing', // newsletters and campaigns: Mailchimp, Klaviyo, Marketo…
  'crm', // CRM / sales tools sending as users: Salesforce, HubSpot…
  'ticketing', // help desks: Zendesk, Freshdesk, Help Scout…
  'saas', // business applications sending notifications: DocuSign, Xero, Workday…
  'security', // outbound gateways relaying a company's mail: Proofpoint, Mimecast…
  'forwarder', // forwarding / aliasing services: Cloudflare Email Routing, ImprovMX…
  'mailing_list', // list servers re-sending members' mail: Google Groups, groups.io…
  'hosting', // cloud, VPS and shared-hosting networks
  'isp', // access (residential / mobile) networks
] as const;

export const ZServiceType = z.enum(SERVICE_TYPES);
export type TServiceType = z.infer<typeof ZServiceType>;

export const SERVICE_TYPE_LABELS: Record<TServiceType, string> = {
  mailbox: 'Mailbox provider',
  esp: 'Email API / relay',
  marketing: 'Marketing',
  crm: 'CRM / sales',
  ticketing: 'Help desk',
  saas: 'Business app',
  security: 'Security gateway',
  forwarder: 'Forwarder',
  mailing_list: 'Mailing list',
  hosting: 'Hosting / cloud',
  isp: 'Access network',
};

/** Types that only say where an address is, not who sends: never evidence of authorisation. */
export const NETWORK_TYPES: ReadonlySet<TServiceType> = new Set(['hosting', 'isp']);
/** Types whose failures are expected after forwarding rather than something to fix. */
export const FORWARDING_TYPES: ReadonlySet<TServiceType> = new Set(['forwarder', 'mailing_list']);

const ZHost = z.string().regex(/^(?!-)[a-z0-9_-]+(\.[a-z0-9_-]+)+$/, 'lower-case host name');

export const ZSenderService = z
  .object({
    /** Stable id, stored in source keys and user decisions: never rename one. */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    name: z.string().min(2),
    type: ZServiceType,
    /** Domains naming the service as PTR, DKIM d= or MAIL FROM (the name or any parent up to it). */
    domains: z.array(ZHost).default([]),
    /** include: targets customers publish in SPF for it. */
    spf: z.array(ZHost).default([]),
    asns: z.array(z.number().int().positive()).default([]),
    /** Address ranges the service publishes (its own SPF record); beat ASNs shared with others. */
    prefixes: z.array(z.string().regex(/^[0-9a-f:.]+\/\d{1,3}$/)).default([]),
    /** DKIM selectors its setup asks customers to publish (probed at <s>._domainkey.<domain>). */
    selectors: z.array(z.string().regex(/^[a-z0-9._-]+$/)).default([]),
    /** Service-specific fix instructions (imperative, after the finding); {domain} is the domain's name. */
    advice: z
      .object({
        dkim: z.string().optional(),
        spf: z.string().optional(),
      })
      .default({}),
  })
  .strict();

export type TSenderService = z.infer<typeof ZSenderService>;
export type TSenderServiceInput = z.input<typeof ZSenderService>;
