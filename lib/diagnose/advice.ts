import type { TBounceCategory } from './types';

/** What the advice may name: left out of a sentence when the bounce does not say it. */
export interface TAdviceFacts {
  sendingIp: string | null;
  senderDomain: string | null;
  rejectedBy: string | null;
  status: string | null;
}

interface TAdvice {
  explanation: (f: TAdviceFacts) => string;
  fixes: (f: TAdviceFacts) => string[];
}

const ip = (f: TAdviceFacts) => f.sendingIp ?? 'the sending IP';
const domain = (f: TAdviceFacts) => f.senderDomain ?? 'your domain';
const receiver = (f: TAdviceFacts) => f.rejectedBy ?? 'the receiving server';

/** Exchange Online steps, from the Office 365 "550 5.7.1" troubleshooting guide (shared/seed). */
const TRACE_FIRST = 'Confirm the failure in Exchange Online before changing anything: Get-MessageTrace -SenderAddress <sender> -StartDate (Get-Date).AddDays(-2) -EndDate (Get-Date), then Get-MessageTraceDetail -MessageTraceId <id> -RecipientAddress <recipient>; the Detail column names the connector or filter that stopped it.';

const RULE_ADVICE: Record<string, TAdvice> = {
  'relay-denied': {
    explanation: (f) => `${receiver(f)} refused to relay: it does not recognise the sending server (${ip(f)}) as allowed to send through it to outside recipients. In Microsoft 365 this is the "550 5.7.1 Unable to relay" / 5.7.54 case — an application, web server or scanner sends through the tenant but no inbound connector matches it. It is not a DNS problem.`,
    fixes: (f) => [
      'In the Exchange admin center go to Mail flow → Connectors and open the inbound connector for your on-premises servers and devices.',
      `Under "Authenticating sent email", make sure the connector identifies the sender by its public IP (${ip(f)}) or by the certificate's subject/SAN name the server presents over TLS.`,
      'If the office changed ISP or the application server got a new public IP, update the connector with the new address; mail flow usually resumes within about 15 minutes of saving.',
      'Alternatively have the device submit with SMTP AUTH to smtp.office365.com:587 (STARTTLS) using a licensed mailbox, instead of anonymous relay.',
      TRACE_FIRST,
    ],
  },
  'ms-client-not-authenticated': {
    explanation: () => 'The device or application that submitted the message did not authenticate: Exchange Online only accepts anonymous submission through a matching connector, otherwise it wants SMTP AUTH over TLS ("550 5.7.1 Client was not authenticated", 5.7.57).',
    fixes: () => [
      'Configure the device/application for smtp.office365.com on port 587 with STARTTLS, and the mailbox\'s credentials (an app password where MFA is enforced, or OAuth).',
      'Check that authenticated SMTP is enabled for that mailbox (Microsoft 365 admin center → user → Mail → Manage email apps → Authenticated SMTP) and not disabled tenant-wide by security defaults.',
      'If the device cannot authenticate, send through an inbound connector that identifies it by its static public IP or TLS certificate (Mail flow → Connectors).',
      TRACE_FIRST,
    ],
  },
  'ms-s3150': {
    explanation: (f) => `Microsoft placed ${ip(f)} on its internal blocklist (S3150/S3140): spam complaints, sudden volume spikes, a shared IP pool another sender spoiled, or missing reverse DNS. This is the hardest 5.7.1 variant to lift; no setting in your tenant changes it.`,
    fixes: (f) => [
      `Look at ${ip(f)} in Microsoft's Smart Network Data Services (SNDS): volume spikes and complaint rates above 0.3% are the usual cause.`,
      `Check ${ip(f)} on third-party lists (Spamhaus, Barracuda, SpamCop — the IP health check here does this). Microsoft blocks Spamhaus-listed IPs; request delisting there first.`,
      `Submit a mitigation request at the Microsoft Sender Support portal with your sending domain (${domain(f)}), the blocked IP, the exact 5.7.1 error and a description of your mailing practices and of the security steps taken.`,
      'The first answer is usually an automated denial: reply to it and ask for escalation to a deliverability engineer.',
      'On a shared IP pool (cheap marketing tiers), ask the provider for another pool or a dedicated IP.',
    ],
  },
  'ms-banned-ip': {
    explanation: (f) => `Microsoft 365 banned ${ip(f)} as a sending IP (5.7.606–649 "banned sending IP", or 5.7.511 "banned sender"), after spam or other abusive traffic from it.`,
    fixes: (f) => [
      `Use the Microsoft delist portal (sender.office.com) to request removal of ${ip(f)}; it sends a confirmation mail and the delisting takes effect within about 30 minutes.`,
      `Before requesting it, find out why: check ${ip(f)} on Spamhaus, Barracuda and SpamCop, and look for compromised accounts or an open relay on the server.`,
      'For 5.7.511 (banned sender) mail delist@messaging.microsoft.com with the full NDR and the IP address.',
    ],
  },
  'ms-restricted-sender': {
    explanation: () => 'Microsoft 365 restricted the sending account for breaking the outbound spam limits ("5.1.8 Access denied, bad outbound sender"). Every message it sends now bounces; assume the account is compromised until proven otherwise.',
    fixes: () => [
      'Microsoft 365 Defender portal → Email & collaboration → Review → Restricted entities: check whether the user is listed.',
      'Force a password reset for the user and make sure multi-factor authentication is enforced.',
      'Audit the mailbox\'s inbox rules for hidden auto-forwarding to external addresses.',
      'Only then click Unblock; mail flow usually returns within 1–2 hours. Bulk mail belongs on a dedicated sending platform, not a user mailbox.',
    ],
  },
  'ms-tenant-restricted': {
    explanation: () => 'Microsoft 365 restricted outbound mail for the whole tenant or its sending IP (5.7.700–750; 5.7.708 "traffic not accepted from this IP", 5.7.750 "unregistered domains"): most traffic from the tenant looked suspicious, or it sends as domains the tenant has not verified.',
    fixes: () => [
      'Add and verify every domain you send as under Microsoft 365 admin center → Settings → Domains.',
      'Look for compromised accounts or open relays (Restricted entities page, message trace for unusual volume) and fix them.',
      'Then open a support request through the Microsoft 365 admin center to restore sending for the tenant.',
    ],
  },
  'ms-external-forwarding': {
    explanation: () => 'The sender\'s own Microsoft 365 organisation blocks automatic forwarding to external recipients (5.7.520): the bounce comes from a mailbox rule or forwarding setting, not from the receiver.',
    fixes: () => [
      'If the forwarding is wanted: in Microsoft 365 Defender → Policies & rules → Threat policies → Anti-spam → Outbound policy, set "Automatic forwarding rules" to On for the users that need it (a separate policy scoped to them).',
      'If it is not wanted, remove the forwarding rule from the mailbox — and check why it was created: forwarding rules are a common sign of a compromised account.',
    ],
  },
};

// The bare-code rules for the same Microsoft sub-codes get the same steps.
RULE_ADVICE['code-5.7.54'] = RULE_ADVICE['relay-denied'];
RULE_ADVICE['code-5.7.57'] = RULE_ADVICE['ms-client-not-authenticated'];
RULE_ADVICE['code-ms-ip'] = RULE_ADVICE['ms-banned-ip'];

const CATEGORY_ADVICE: Record<TBounceCategory, TAdvice> = {
  relay_denied: RULE_ADVICE['relay-denied'],
  client_not_authenticated: {
    explanation: (f) => `${receiver(f)} wants the client to authenticate (SMTP AUTH, usually over TLS) before it accepts mail for other domains.`,
    fixes: () => [
      'Configure the sending application or device with the submission server, port 587 with STARTTLS, and valid credentials (an app password where MFA is enforced).',
      'For Microsoft 365: smtp.office365.com:587, authenticated SMTP enabled for the mailbox; or an inbound connector that identifies the device by IP or certificate.',
    ],
  },
  sender_not_authorized: {
    explanation: (f) => `The receiving organisation's policy refuses this sender (or this sender/recipient combination): a transport/mail-flow rule, an anti-spoofing policy, a group that accepts only members or internal senders, or a sender blocklist at ${receiver(f)}.`,
    fixes: (f) => [
      'Ask the recipient\'s mail administrator why the sender is refused: only their policy (transport rule, allowed-senders list, sender blocklist) can change this.',
      `If the recipient is a distribution group, ask its owner to allow external senders or add ${f.senderDomain ? `senders from ${f.senderDomain}` : 'the sender'} to the allowed list.`,
      'Within your own Microsoft 365 tenant: check transport rules and connectors that match this sender and recipient (Mail flow → Rules), and the message trace detail.',
    ],
  },
  ip_reputation: {
    explanation: (f) => `${receiver(f)} refused ${ip(f)} because of its reputation: it is on a DNS blocklist (Spamhaus, Barracuda, SpamCop…), on the receiver's own blocklist, or it sent in a pattern the receiver treats as abuse.`,
    fixes: (f) => [
      `Check ${ip(f)} on Spamhaus ZEN, Barracuda and SpamCop (the IP health check here queries them) and follow each list's delisting procedure once the cause is fixed.`,
      'Find the cause first: compromised accounts, an open relay, a web form sending spam, or a shared IP pool — delisting without a fix gets relisted.',
      `Make sure ${ip(f)} has forward-confirmed reverse DNS and that ${domain(f)}'s SPF and DKIM pass for it.`,
      'If the receiver runs its own blocklist, ask its postmaster (the bounce usually links a form) for removal.',
    ],
  },
  no_reverse_dns: {
    explanation: (f) => `${receiver(f)} requires ${ip(f)} to have reverse DNS (a PTR record) whose name resolves back to the same IP (forward-confirmed reverse DNS). Gmail (5.7.25) and Microsoft (5.7.25 over IPv6) refuse mail without it.`,
    fixes: (f) => [
      `Ask whoever owns ${ip(f)} (your hosting provider or ISP; reverse zones are delegated to them) to publish a PTR record, e.g. mail.${domain(f)}.`,
      'Publish an A (or AAAA for IPv6) record for that name pointing back to the same IP, so the check is forward-confirmed.',
      'Use the same name in the server\'s HELO/EHLO.',
    ],
  },
  dmarc_policy: {
    explanation: (f) => `${domain(f)} publishes a DMARC policy of quarantine/reject and this message passed neither aligned SPF nor aligned DKIM, so the receiver applied the policy (Microsoft 5.7.509, Gmail 5.7.26).`,
    fixes: (f) => [
      `Find the source that sent this message as ${domain(f)} on the sender map: if it is a service you use (CRM, marketing, ticketing), authorise it — add its include to ${domain(f)}'s SPF record and publish the DKIM CNAME/TXT records it provides so that it signs as ${domain(f)}.`,
      'Aligned DKIM is the robust fix: SPF breaks on forwarding and many services send with their own envelope (Return-Path) domain.',
      `Keep ${domain(f)}'s SPF record under 10 DNS lookups (flatten includes where needed) — a PermError counts as a fail.`,
      'If the source is not yours, the policy did its job: this was spoofing.',
    ],
  },
  spf_fail: {
    explanation: (f) => `The receiver checked SPF for ${domain(f)} and ${ip(f)} is not authorised by its record (or the record is broken, e.g. more than 10 DNS lookups → PermError).`,
    fixes: (f) => [
      `Add the service that sent from ${ip(f)} to ${domain(f)}'s SPF record (its include: mechanism, or ip4:/ip6:).`,
      'Keep the record under 10 DNS lookups: replace nested includes with ip4:/ip6: ranges (flattening) where you exceed it.',
      `Make sure ${domain(f)} has a single SPF record; also sign with DKIM so that DMARC can pass when SPF cannot (forwarding).`,
    ],
  },
  dkim_fail: {
    explanation: (f) => `The receiver requires a valid DKIM signature (Gmail 5.7.30 for bulk senders) and the message from ${domain(f)} had none, or it did not verify.`,
    fixes: (f) => [
      `Enable DKIM signing for ${domain(f)} on the platform that sent this message (Microsoft 365: Defender portal → Policies & rules → Threat policies → DKIM → enable for the domain).`,
      'For third-party senders (SendGrid, Mailchimp, Salesforce…), publish the CNAME/TXT records they provide so they sign with your domain.',
      'Check that the published selector key matches the one the sender signs with, and that nothing (footers, gateways) modifies the message after signing.',
    ],
  },
  authentication_required: {
    explanation: (f) => `The receiver requires every message to pass SPF or DKIM (Gmail 5.7.26, Yahoo 5.7.9, Outlook.com 5.7.515) and this one from ${domain(f)} passed neither.`,
    fixes: (f) => [
      `Publish an SPF record for ${domain(f)} that includes ${ip(f)}'s service, and enable DKIM signing on the sending platform.`,
      'Bulk senders (5,000+ messages a day to Gmail/Yahoo/Outlook.com) also need a DMARC record and aligned SPF or DKIM.',
      'Check the sender map for this source: its SPF/DKIM results in the aggregate reports show which one fails.',
    ],
  },
  content_rejected: {
    explanation: (f) => `${receiver(f)}'s content filter refused the message itself (spam score, virus or attachment policy, or a malformed header), not the sending IP or domain.`,
    fixes: () => [
      'Look at what the filter names: a blocked attachment type, a URL on a domain blocklist, a malformed From: header, or a spam verdict.',
      'Remove blocked attachment types (executables, macros, archives of them) or send a link instead.',
      'Make sure the message has exactly one valid From: address, a Message-ID and no duplicated headers (RFC 5322).',
      'For marketing mail: check links and domains against URIBL/Spamhaus DBL, and that SPF, DKIM and DMARC pass — filters weigh authentication.',
    ],
  },
  recipient_rejected: {
    explanation: (f) => `${receiver(f)} refused the recipient: the address does not exist, is disabled or full, or the recipient's own policy refuses it. Nothing is wrong with the sending setup.`,
    fixes: () => [
      'Check the recipient address for typos and confirm it with the recipient by another channel.',
      'Remove addresses that bounce permanently from mailing lists (repeated sends to unknown users hurt the sender\'s reputation).',
      'If the address is right, the recipient\'s administrator must fix the mailbox (license, directory sync, quota).',
    ],
  },
  sending_restricted: {
    explanation: () => 'The sender\'s own mail provider restricted sending (an account flagged for spam, a sending quota, an unverified sender identity), so the message never reached the recipient\'s server.',
    fixes: () => [
      'Look in the provider\'s console for the restriction: Microsoft 365 Restricted entities, Amazon SES sending status and verified identities, Google Workspace sending limits.',
      'If an account was flagged for spam, treat it as compromised: reset the password, enforce MFA, check forwarding rules, then ask for the unblock.',
      'Verify the sender address or domain with the provider, or raise the quota, before sending again.',
    ],
  },
  other: {
    explanation: (f) => `${receiver(f)} refused the message${f.status ? ` with ${f.status}` : ''}, but its words do not name one of the causes this diagnosis tells apart (for example an invalid sender domain, a mail loop, a size limit, or a generic policy refusal).`,
    fixes: () => [
      'Read the diagnostic text in the evidence: it is the receiver\'s own explanation.',
      'If the receiver links a help page or error-code list, look up the code there; otherwise ask its postmaster with the full bounce.',
      'Check that the sender domain exists and resolves (MX/A records), and that the message is not looping between servers.',
    ],
  },
};

/** The explanation and the concrete steps for a diagnosis: a rule's own advice where it has one. */
export function adviceFor(category: TBounceCategory, ruleId: string | null, facts: TAdviceFacts): { explanation: string; fixes: string[] } {
  const advice = (ruleId ? RULE_ADVICE[ruleId] : undefined) ?? CATEGORY_ADVICE[category];
  return { explanation: advice.explanation(facts), fixes: advice.fixes(facts) };
}
