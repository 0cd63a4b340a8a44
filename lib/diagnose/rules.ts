import { both, inOrder, namesAnIp, phrase, replyCode, status, word, type TMatcher } from './match';
import type { TBounceCategory } from './types';

/**
 * The classification table. Rules are tried top to bottom on the rejecting server's reply
 * (then on the rest of the notification text); the first match decides. Receiver-specific texts
 * come before generic words, and the bare status-code rules (CODE_RULES) only run when no text
 * rule matched anywhere. Each rule says in a comment which receivers' wording it covers.
 *
 * Written by hand, with the wording coverage of the sisimai project's reason and remote-host
 * tables (BSD-2, Perl/Ruby/Go) as the reference: no maintained JavaScript library classifies
 * bounces (the npm ones are abandoned ports of a PHP bounce handler, or read only Postfix and
 * Gmail text), and none knows the causes this product tells apart (relay connector, blocked IP,
 * SMTP AUTH, DMARC/SPF/DKIM, restricted sender).
 */
export interface TRule {
  id: string;
  category: TBounceCategory;
  confidence: 'high' | 'medium';
  match: TMatcher;
}

export const TEXT_RULES: TRule[] = [
  // Exchange Online / Exchange Server: "550 5.7.1 Client was not authenticated", "5.7.57 Client
  // was not authenticated to send anonymous mail during MAIL FROM" (SMTP AUTH to smtp.office365.com).
  { id: 'ms-client-not-authenticated', category: 'client_not_authenticated', confidence: 'high', match: phrase('client was not authenticated') },
  // Outlook.com / Exchange Online: "Service unavailable, Client host [ip] blocked … (S3150)",
  // "… part of their network is on our block list (S3140)": Microsoft's own IP blocklist.
  { id: 'ms-s3150', category: 'ip_reputation', confidence: 'high', match: word('s3150', 's3140') },
  // Exchange Online 5.7.606–649 "Access denied, banned sending IP [ip]" and 5.7.511 "banned sender".
  { id: 'ms-banned-ip', category: 'ip_reputation', confidence: 'high', match: phrase('banned sending ip', 'access denied, banned sender') },
  // Exchange Online 5.1.8 "Access denied, bad outbound sender" and 5.7.501–503 "spam abuse
  // detected": the sending account is on the Restricted entities page.
  { id: 'ms-restricted-sender', category: 'sending_restricted', confidence: 'high', match: phrase('bad outbound sender', 'spam abuse detected') },
  // Exchange Online 5.7.700–750: "Access denied, traffic not accepted from this IP" (5.7.708),
  // "tenant has exceeded threshold", "Client blocked from sending from unregistered domains" (5.7.750).
  { id: 'ms-tenant-restricted', category: 'sending_restricted', confidence: 'high', match: phrase('traffic not accepted from this ip', 'tenant has exceeded threshold', 'sending from unregistered domain') },
  // Exchange Online 5.7.520 "Access denied, Your organization does not allow external forwarding".
  { id: 'ms-external-forwarding', category: 'sending_restricted', confidence: 'high', match: phrase('does not allow external forwarding', 'external forwarding is disabled') },
  // Exchange Online 5.2.2 "Submission quota exceeded", 5.1.90 "reached your daily limit for
  // message recipients"; Gmail 5.4.5 "Daily user sending limit exceeded"; Amazon SES quotas.
  { id: 'sending-quota', category: 'sending_restricted', confidence: 'high', match: phrase('submission quota exceeded', 'daily limit for message recipients', 'sending limit exceeded', 'sending quota exceeded', 'daily message quota exceeded', 'maximum sending rate exceeded', 'smtp relay limit exceeded', 'message rate limit exceeded') },
  // Amazon SES "Email address is not verified. The following identities failed the check",
  // "Sending paused for this account", "Account not subscribed to SES"; Google Workspace "Mail
  // Sending denied" (sender account disabled).
  { id: 'provider-restricted', category: 'sending_restricted', confidence: 'high', match: phrase('email address is not verified', 'identities failed the check', 'sending paused', 'sending suspended', 'account not subscribed to ses', 'mail sending denied', 'account has been restricted from sending', 'outbound spam') },
  // Exchange 5.7.54 "Unable to relay recipient in non-accepted domain", 5.7.64 "TenantAttribution;
  // Relay Access Denied"; Postfix "Relay access denied"; Sendmail "Relaying denied"; qmail
  // "sorry, that domain isn't in my list of allowed rcpthosts"; Domino "Relay rejected for policy
  // reasons"; Google Workspace "Mail relay denied", "Invalid credentials for relay".
  {
    id: 'relay-denied',
    category: 'relay_denied',
    confidence: 'high',
    match: phrase('unable to relay', 'relay access denied', 'relaying denied', 'relay denied', 'relay not permitted', 'relaying not permitted', 'relay rejected', 'not permitted to relay', 'not allowed to relay', 'we do not relay', 'no relaying', 'relaying mail to ', 'in my list of allowed rcpthosts', 'not configured to relay', 'invalid credentials for relay', 'not an open relay, so get lost', 'relay prohibited'),
  },
  // Outlook.com 5.7.515 "doesn't meet the required authentication level" (SPF, DKIM and DMARC
  // all required of high-volume senders): before the DMARC rule, the text lists "DMARC=…".
  { id: 'ms-auth-level', category: 'authentication_required', confidence: 'high', match: phrase("doesn't meet the required authentication level", 'does not meet the required authentication level') },
  // Gmail 5.7.32 / 4.7.32 "From: header isn't aligned with either the authenticated SPF or DKIM
  // organizational domain": an alignment (DMARC) failure.
  { id: 'gmail-alignment', category: 'dmarc_policy', confidence: 'high', match: phrase('aligned with either the authenticated spf or dkim') },
  // Exchange Online 5.7.509 "sending domain [X] does not pass DMARC verification and has a DMARC
  // policy of reject"; Gmail 5.7.26 "Unauthenticated email from X is not accepted due to domain's
  // DMARC policy"; Zoho/Yahoo "Email rejected per DMARC policy"; "DMARC reject" (Postfix milters).
  { id: 'dmarc', category: 'dmarc_policy', confidence: 'high', match: word('dmarc') },
  // Exchange Online 5.7.12/5.7.133–136 "Sender was not authenticated by organization / for
  // group / for mailbox", Exchange "RESOLVER.RST.AuthRequired; authentication required" and
  // "RESOLVER.RST.NotAuthorized": the recipient (often a group) only accepts internal or listed senders.
  { id: 'ms-sender-not-authenticated', category: 'sender_not_authorized', confidence: 'high', match: phrase('sender was not authenticated', 'sender not authenticated for group', 'resolver.rst.') },
  // Gmail 5.7.26 "does not have authentication information or fails to pass authentication
  // checks (SPF or DKIM)", "Gmail requires all senders to authenticate with either SPF or DKIM";
  // Yahoo 5.7.9 "the sender is unauthenticated. Yahoo requires all senders to authenticate";
  // Exchange Online 5.7.26 "must pass either SPF or DKIM validation, this message is not signed".
  {
    id: 'authentication-checks',
    category: 'authentication_required',
    confidence: 'high',
    match: phrase('fails to pass authentication checks', 'does not have authentication information', 'authenticate with either spf or dkim', 'must pass either spf or dkim', 'sender is unauthenticated', 'unauthenticated email', 'requires all senders to authenticate', 'not pass authentication', 'message is not authenticated', 'failed authentication checks'),
  },
  // Gmail 5.7.25 "does not have a PTR record setup, or the corresponding forward DNS entry does not
  // point to the sending IP"; Exchange Online 5.7.25 "must have a reverse DNS record"; Exim
  // "Reverse DNS lookup for host … failed", "invalid RDNS record", "Fix reverse DNS for";
  // Postfix "Client host rejected: cannot find your (reverse) hostname"; Yahoo "PTR record".
  {
    id: 'reverse-dns',
    category: 'no_reverse_dns',
    confidence: 'high',
    match: phrase('reverse dns', 'reverse-dns', 'reverse lookup', 'reverse hostname', 'ptr record', 'ptr-record', 'ptr resource record', 'dns ptr', 'cannot find your hostname', 'cannot resolve your address', 'ip name lookup failed', 'unresolvable relay host', 'forward dns entry does not point', 'does not match the ip address of the hostname', 'fcrdns', 'forward-confirmed', 'without a valid hostname', 'no reverse'),
  },
  { id: 'reverse-dns-word', category: 'no_reverse_dns', confidence: 'high', match: word('rdns', 'ptr') },
  // Exchange Online 5.7.23 "rejected because of Sender Policy Framework violation"; Gmail 5.7.27
  // "senders to authenticate with SPF", 5.7.26 "has an SPF record with a hard fail policy",
  // 5.7.24 "The SPF record of the sending domain has one or more suspicious entries"; Hotmail
  // "domain [X] mismatches client ip"; Exim "SPF check failed"; "does not designate … as permitted sender".
  { id: 'spf', category: 'spf_fail', confidence: 'high', match: phrase('sender policy framework', 'does not designate', 'not designated', 'not a permitted sender', 'not permitted sender', 'permitted sender hosts') },
  { id: 'spf-word', category: 'spf_fail', confidence: 'high', match: word('spf') },
  { id: 'spf-client-ip', category: 'spf_fail', confidence: 'medium', match: phrase('mismatches client ip', 'invalid ip for sending mail of domain', 'is not allowed to send mail from') },
  // Gmail 5.7.30 "senders to authenticate with DKIM", "DKIM = did not pass"; RFC 7372 5.7.20–22
  // "No passing DKIM signature found"; Exim/rspamd "DKIM signature invalid".
  { id: 'dkim', category: 'dkim_fail', confidence: 'high', match: word('dkim', 'domainkeys', 'domainkey') },
  // SMTP AUTH wanted: Gmail 530 5.7.0 "Authentication Required", 535 5.7.8 "Username and
  // Password not accepted"; Postfix "Sender address rejected: not logged in"; "Must issue a
  // STARTTLS command first" (submission without TLS/credentials).
  {
    id: 'smtp-auth',
    category: 'client_not_authenticated',
    confidence: 'high',
    match: phrase('authentication required', 'authentication is required', 'must authenticate', 'requires authentication', 'not logged in', 'authentication credentials invalid', 'username and password not accepted', 'application-specific password required', 'log in with your web browser', 'must issue a starttls command first', 'unauthenticated senders not allowed', 'without authentication'),
  },
  // Invalid or unknown sender domains, loops and sizes are not about authorisation (labelling
  // rules): Postfix "Sender address rejected: Domain not found", Sendmail/Postfix "Domain of
  // sender address X does not exist", GoDaddy "From: Domain is invalid", Sendmail "Too many hops",
  // Exchange "Hop count exceeded - possible mail loop", Yahoo/AOL 5.7.9 "Message not accepted for
  // policy reasons" (no cause given).
  {
    id: 'other-sender-domain',
    category: 'other',
    confidence: 'high',
    match: phrase('domain of sender address', 'sender address rejected: domain not found', 'sender domain does not exist', 'sender domain must exist', 'domain is invalid', 'unroutable sender address', 'unrouteable sender address', 'sender address does not exist', 'null mx'),
  },
  { id: 'other-loop', category: 'other', confidence: 'high', match: phrase('too many hops', 'hop count exceeded', 'mail loop', 'routing loop', 'loop detected', 'loops back to myself') },
  { id: 'other-size', category: 'other', confidence: 'high', match: phrase('message too large', 'message size exceeds', 'exceeds the size limit', 'message is too big', 'size limits', 'message too big', 'exceeded the maximum message size') },
  { id: 'yahoo-policy-reasons', category: 'other', confidence: 'medium', match: phrase('message not accepted for policy reasons') },
  // Exchange Online "Sender is not authorized to send to destination" (the guide's fourth
  // sub-code), 5.7.1 "Delivery not authorized, message refused" (transport rule, restricted
  // group), 5.7.124 "Sender not in allowed-senders list"; Gmail "has a policy that prohibited the
  // mail"; Postfix "Sender address rejected: Access denied", "Denied by policy"; Cox, Spectrum
  // "sender rejected"; Mailman "not allowed to post to this mailing list".
  {
    id: 'sender-not-authorized',
    category: 'sender_not_authorized',
    confidence: 'high',
    match: phrase('sender is not authorized', 'sender not authorized', 'not authorized to send to', 'delivery not authorized', 'sender not in allowed-senders list', "recipient's list of senders", 'has a policy that prohibited the mail', 'rejected by organization policy', 'transport rule', 'mail flow rule', 'not allowed to post to this', 'members-only list', 'non-member to a members-only'),
  },
  {
    id: 'sender-rejected',
    category: 'sender_not_authorized',
    confidence: 'medium',
    match: phrase('denied by policy', 'sender rejected', 'sender address rejected', 'sender denied', 'sender blocked', 'sender is in my black list', 'sender address has been blacklisted', 'sender verify failed', 'sender was rejected', 'sender not allowed', 'sender not pre-approved', 'your email address has been blacklisted', 'you are sending to/from an address that has been blacklisted'),
  },
  // The recipient side: Exchange "RESOLVER.ADR.RecipientNotFound"/"RecipNotFound", Gmail 5.1.1
  // "The email account that you tried to reach does not exist", 5.2.1 "is disabled", 5.2.2 "over
  // quota"; Yahoo "This user doesn't have a yahoo.com account"; Postfix "Recipient address rejected";
  // Exchange Online 5.7.504/5.7.505 "Recipient address rejected: Access denied", "banned recipient";
  // Domino "User … not listed in Domino Directory" / "… public Name & Address Book" (before the
  // blocklist rules' "listed in"); Exchange 2003 "The recipient name is not recognized"; qmail
  // "no mailbox here by that name".
  {
    id: 'recipient',
    category: 'recipient_rejected',
    confidence: 'high',
    match: phrase('recipient address rejected', 'recipientnotfound', 'recipnotfound', 'user unknown', 'unknown user', 'no such user', 'no such recipient', 'no such mailbox', 'no mailbox here', 'mailbox unavailable', 'mailbox not found', 'mailbox does not exist', 'mailbox is disabled', 'mailbox disabled', 'invalid recipient', 'recipient not found', 'recipient unknown', 'unknown recipient', 'account that you tried to reach', "user doesn't have a", 'not a valid recipient', 'address does not exist', 'address rejected', 'mailbox full', 'mailbox is full', 'over quota', 'quota exceeded', 'out of storage space', 'insufficient storage', 'recipient rejected', 'rcpt rejected', 'unrouteable address', 'host unknown', 'user not found', 'address not present', 'not listed in', 'recipient name is not recognized', 'not recognized as a valid recipient', 'banned recipient', 'blocked by the recipient', 'refuses to accept', 'recipient is not accepting', 'receiving mail at a rate', 'receiving mail too quickly', 'suppression list', 'has been suppressed', 'does not exist', 'no longer valid', 'inactive account', 'account is disabled', 'account disabled', 'user suspended', 'not our customer'),
  },
  // Blocklists and reputation: Spamhaus, Barracuda, SpamCop, SORBS and other DNSBLs; Postfix
  // "Client host rejected: blocked using X"; Exchange 5.7.513 "Customer Block list", 5.7.507
  // "rejected by recipient", 5.7.508 "exceeded permitted limits"; Gmail "unusual rate of
  // unsolicited mail originating from your IP", "very low reputation of the sending IP", "not
  // authorized to send email directly to our servers"; Yahoo "[TSS04] temporarily deferred due to
  // user complaints", "[BL21] … Spamhaus's list"; Mimecast "Host network not allowed"; Tencent
  // "Ip frequency limited"; Sendmail "no access from mail server … which is an open relay".
  {
    id: 'blocklist-name',
    category: 'ip_reputation',
    confidence: 'high',
    match: phrase('spamhaus', 'barracuda', 'spamcop', 'sorbs', 'dnsbl', 'blocked using', 'blocklist', 'block list', 'blacklist', 'black list', 'denylist', 'deny list', 'abuseat', 'uceprotect', 'psbl', 'mailspike', 'customer block list'),
  },
  { id: 'blocklist-word', category: 'ip_reputation', confidence: 'high', match: word('rbl', 'rbls', 'dnsbl') },
  // Exchange Online 5.7.1/5.7.513 "Client host [192.0.2.1] blocked using …" (the IP sits between the words).
  { id: 'client-host-blocked', category: 'ip_reputation', confidence: 'high', match: inOrder('client host', 'blocked') },
  {
    id: 'ip-reputation',
    category: 'ip_reputation',
    confidence: 'high',
    match: phrase('client host rejected', 'client host blocked', 'host network not allowed', 'blocked ip', 'ip blocked', 'ip address blocked', 'ip frequency limited', 'ip reputation', 'reputation', 'bad sender ip', 'sender ip address rejected', 'connections not accepted from', 'connections will not be accepted from', 'not accepting mail from your ip', 'no access from mail server', 'open relay', 'open proxy', 'dynamic ip', 'dynamic/zombied', 'residential', 'spams from your ip', 'from your ip', 'your ip address', 'your ip ', 'unusual rate of unsolicited mail', 'not authorized to send email directly to our servers', 'permanently deferred', 'user complaints', 'rejected by recipient', 'exceeded permitted limits within', 'listed at', 'listed in', 'listed on', 'is listed', 'blocked for abuse', 'network is on our'),
  },
  // Content filters: Gmail 5.7.1 "likely unsolicited mail", 5.7.0 "blocked because its content
  // presents a potential security issue", "Messages with multiple addresses in From: header are
  // not accepted", "not RFC 5322 compliant"; amavis "Reject, id=… - SPAM"; Barracuda "Message
  // content rejected, UBE"; Zoho "Email flagged as Spam"; virus scanners; attachment policies.
  {
    id: 'content',
    category: 'content_rejected',
    confidence: 'high',
    match: phrase('spam', 'unsolicited', 'bulk mail', 'bulk e-mail', 'bulk email', 'virus', 'malware', 'infected', 'phishing', 'attachment', 'content', 'message filtered', 'filtered', 'from: header', 'rfc 5322', 'rfc5322', 'rfc 2822', 'not rfc', 'duplicate header', 'missing a valid', 'malformed', 'suspicious', 'spam score', 'uribl', 'surbl', 'blocked url', 'blacklisted url', 'junk mail', 'scam'),
  },
  { id: 'content-word', category: 'content_rejected', confidence: 'high', match: word('ube', 'uce') },
  // "550-192.0.2.1 blocked by ldap:…": a refusal that names the client's IP. After the content
  // rules, because Gmail prefixes content refusals with the IP too ("[192.0.2.1 12] … this
  // message has been blocked").
  { id: 'ip-named-and-refused', category: 'ip_reputation', confidence: 'medium', match: both(namesAnIp, phrase('blocked', 'banned', 'blacklisted', 'refused')) },
  // What is left of "Access denied" is an answer to the sender (Postfix check_sender_access,
  // Exchange "550 5.7.1 … Access denied"); "Recipient address rejected: Access denied" matched above.
  { id: 'access-denied', category: 'sender_not_authorized', confidence: 'medium', match: phrase('access denied', 'not authorized', 'unauthorized', 'administrative prohibition', 'not permitted to send') },
];

/** Status and reply codes alone, when no text rule matched anywhere (RFC 3463, 7372, Microsoft, Gmail). */
export const CODE_RULES: TRule[] = [
  { id: 'code-5.7.509', category: 'dmarc_policy', confidence: 'medium', match: status('5.7.509') },
  { id: 'code-dkim', category: 'dkim_fail', confidence: 'medium', match: status('5.7.20', '5.7.21', '5.7.22', '5.7.30') },
  { id: 'code-spf', category: 'spf_fail', confidence: 'medium', match: status('5.7.23', '5.7.24', '5.7.27') },
  { id: 'code-5.7.25', category: 'no_reverse_dns', confidence: 'medium', match: status('5.7.25') },
  { id: 'code-auth-checks', category: 'authentication_required', confidence: 'medium', match: status('5.7.26', '5.7.515') },
  { id: 'code-5.7.54', category: 'relay_denied', confidence: 'medium', match: status('5.7.54', '5.7.64') },
  { id: 'code-5.7.57', category: 'client_not_authenticated', confidence: 'medium', match: status('5.7.57') },
  { id: 'code-auth-credentials', category: 'client_not_authenticated', confidence: 'medium', match: status('5.7.8') },
  { id: 'code-auth-reply', category: 'client_not_authenticated', confidence: 'medium', match: replyCode(530, 535) },
  { id: 'code-ms-ip', category: 'ip_reputation', confidence: 'medium', match: status('5.7.606-649', '5.7.511', '5.7.513', '5.7.507', '5.7.508') },
  { id: 'code-ms-restricted', category: 'sending_restricted', confidence: 'medium', match: status('5.7.501-503', '5.7.700-750', '5.7.520', '5.1.90') },
  { id: 'code-ms-sender', category: 'sender_not_authorized', confidence: 'medium', match: status('5.7.12', '5.7.13', '5.7.124', '5.7.133-136', '5.7.900-999') },
  { id: 'code-recipient', category: 'recipient_rejected', confidence: 'medium', match: status('5.1.1', '5.1.2', '5.1.3', '5.1.6', '5.1.10', '5.2.1', '5.2.2', '5.7.504', '5.7.505') },
];
