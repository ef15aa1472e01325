/* sp-diagnosis-rules.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-diagnosis-private.h"
#include "sp-probe.h"
#include "sp-resolver.h"
#include "sp-session.h"
#include "sp-tls-report.h"

/*
 * The diagnosis rules, as data.
 *
 * Each rule has an id (stable: JSON reports and the corpus test use it),
 * the texts, and one or more matches. A match names the steps it applies to,
 * a reply code range, an enhanced status code ("*" for any part) and a
 * case-insensitive GRegex over the reply text, or, for a failure before any
 * reply, a GError domain and code. The most specific matching rule wins (see
 * _sp_diagnosis_match_score()): a text pattern counts most, then an enhanced
 * code, then an exact reply code, then a step; a hint (REPLY_HINT) counts
 * only above the generic rules. On a tie the earlier rule wins, so rules
 * with narrow patterns come before broad ones.
 *
 * To add a case: add a rule (or a match to an existing rule) here, and a
 * line with a reply as a real server words it to
 * tests/data/diagnosis-corpus.txt. The test fails for a rule or a match that
 * no corpus line reaches.
 *
 * The texts are for helpdesk staff: the meaning says in plain words what
 * happened; the reasons (up to five, most likely first) are causes at this
 * step; the advice (up to four) are concrete next actions.
 */

#define STEP(s)     (1u << (s))
#define S_ANY       0u
#define S_DNS       STEP (SP_STEP_DNS)
#define S_CONNECT   STEP (SP_STEP_CONNECT)
#define S_BANNER    STEP (SP_STEP_BANNER)
#define S_GREETING  (STEP (SP_STEP_EHLO) | STEP (SP_STEP_HELO))
#define S_STARTTLS  STEP (SP_STEP_STARTTLS)
#define S_MAIL      STEP (SP_STEP_MAIL)
#define S_RCPT      STEP (SP_STEP_RCPT)
#define S_DATA      STEP (SP_STEP_DATA)
#define S_MESSAGE   STEP (SP_STEP_MESSAGE)
#define S_TLS       STEP (SP_STEP_TLS)
#define S_AUTH      STEP (SP_STEP_AUTH)
#define S_OTHER     (STEP (SP_STEP_NONE) | S_DNS | S_CONNECT | S_TLS | STEP (SP_STEP_RSET) | \
                     STEP (SP_STEP_QUIT) | STEP (SP_STEP_OTHER))
/* Every command after the greeting. */
#define S_COMMANDS  (S_MAIL | S_RCPT | S_AUTH | S_DATA | S_MESSAGE | S_STARTTLS | S_OTHER)
/* Every step but STARTTLS: a reply to STARTTLS cannot ask for STARTTLS. */
#define S_NOT_STARTTLS (S_BANNER | S_GREETING | (S_COMMANDS & ~S_STARTTLS))

#define REPLY(steps, from, to, enhanced, pattern) \
  { (steps), (from), (to), (enhanced), (pattern), SP_DIAGNOSIS_DOMAIN_NONE, 0 }
/* A text that outranks the texts other rules look for (see priority). */
#define REPLY_FIRST(priority, steps, from, to, enhanced, pattern) \
  { (steps), (from), (to), (enhanced), (pattern), SP_DIAGNOSIS_DOMAIN_NONE, 0, (priority) }
/* Words that only name a cause when no other rule knows the text (see
 * priority): they outrank the meaning of the codes alone and nothing else. */
#define REPLY_HINT(steps, from, to, pattern) \
  { (steps), (from), (to), NULL, (pattern), SP_DIAGNOSIS_DOMAIN_NONE, 0, -1 }
#define FAILURE(steps, domain, code) \
  { (steps), 0, 0, NULL, NULL, SP_DIAGNOSIS_DOMAIN_##domain, (code) }
#define ANY_CODE SP_DIAGNOSIS_ANY_CODE

#define INFO      SP_EXPLANATION_SEVERITY_INFO
#define TEMPORARY SP_EXPLANATION_SEVERITY_TEMPORARY
#define PERMANENT SP_EXPLANATION_SEVERITY_PERMANENT

/* Texts that several rules share. */
#define ADVICE_RETRY_LATER \
  N_("Run the test again in 15 to 30 minutes. A sending server would keep the message and " \
     "retry by itself for several days.")
#define ADVICE_TELL_ADMIN \
  N_("Send the recipient’s mail administrator the time of the test and the server’s reply " \
     "text: the cause is on their side.")
#define ADVICE_TEST_FROM_SERVER \
  N_("Test again from your organisation’s own mail server (the one that sends to the "      \
     "internet), since that is where real mail comes from.")
/* Only where the person named the server (sp_attempt_get_server_given ()). */
#define ADVICE_TEST_DOMAIN_SERVERS \
  N_("Leave the server field empty to test the domain’s own mail servers from DNS.")
#define ADVICE_TEST_DOMAIN_SERVERS_PORT_25 \
  N_("Leave the server field empty to test the domain’s own mail servers from DNS, on port " \
     "25.")
#define ADVICE_READ_TEXT \
  N_("Read the server’s own text in the reply: it often names the exact reason or gives a " \
     "web address that explains it.")

/* A bare "try again later": the words fit greylisting, a limit on the
 * sender and trouble on the server alike, so the explanation names them
 * all (the rules "try-later-grey" and "try-later" differ only in the
 * cause they are counted as). */
#define TRY_LATER_EXPLANATION \
  N_("The server put off the command and asks to try again later, without saying why."),   \
  { N_("A deliberate delay for senders it has not seen before (greylisting): the message "  \
       "is taken when it is sent again after a few minutes."),                               \
    N_("A limit on how much it takes from your address right now, or doubts about the "     \
       "address’s reputation."),                                                             \
    N_("A temporary problem on the server itself."),                                         \
    NULL },                                                                                  \
  { ADVICE_RETRY_LATER,                                                                      \
    N_("If it goes on for hours, check your IP address on the public blocklists and send "   \
       "the recipient’s administrator the time of the test and the reply."),                \
    NULL }

/* Yahoo's and AOL's deferrals: bounce handlers read them as a limit on
 * volume, as a judgement of the sending IP address, or both, and so does
 * the explanation (the rules "yahoo-deferred" and "aol-deferred" differ in
 * the cause they are counted as). */
#define YAHOO_DEFERRED_EXPLANATION \
  N_("Yahoo (or AOL) is holding back or refusing mail from your IP address because of "     \
     "complaints about it or an unusual volume of mail from it."),                           \
  { N_("Yahoo users marked mail from your address as spam."),                                \
    N_("Much mail, or mail to many addresses that do not exist, came from your address."),   \
    N_("The address is new for sending mail, or shared with senders of unwanted mail."),     \
    NULL },                                                                                  \
  { N_("Look the code in the reply up on Yahoo’s sender hub, "                              \
       "https://senders.yahooinc.com/smtp-error-codes, which says what it means."),          \
    N_("Send less, remove addresses that bounce, and make sure your mail passes SPF, DKIM "  \
       "and DMARC."),                                                                        \
    N_("If it goes on, use the sender support form that the sender hub links to."),          \
    NULL }

/* Why a certificate does not validate, and what to do before a password
 * may go to the server. */
#define CERTIFICATE_REASONS \
  N_("The server uses a self-signed certificate, or one from a private authority this "      \
     "computer does not trust."),                                                            \
  N_("The certificate has expired, or it is for another name than the one tested, such "     \
     "as an IP address."),                                                                   \
  N_("A device on the way, such as a security appliance or an attacker, replaced the "       \
     "server’s certificate."),                                                               \
  NULL
#define CERTIFICATE_ADVICE \
  N_("Read the problems in the certificate report above, and ask the server’s "              \
     "administrator to fix the certificate."),                                               \
  N_("If the server uses your organisation’s own authority, give that authority’s "          \
     "certificate as the CA file."),                                                         \
  N_("Only if the server’s administrator confirms the SHA-256 fingerprint shown in the "     \
     "certificate report, accept this certificate for this test: “Trust for this test” in "  \
     "the app, --accept-certificate on the command line.")

static const SpDiagnosisRule rules[] = {
  /* Translators: the texts of this table explain mail server replies and
   * network failures to helpdesk staff. Keep them short and concrete; “MX”,
   * “EHLO”, “MAIL FROM”, “RCPT TO”, “DATA” and “STARTTLS” are protocol words
   * and stay as they are. */

  /* DNS: before any connection */

  { "dns-nxdomain", PERMANENT,
    N_("The domain after the “@” does not exist: DNS has no record of it at all."),
    { N_("The domain is misspelt, for example “gmial.com” or a missing letter."),
      N_("The domain has expired or was never registered."),
      N_("The domain was registered only recently and DNS has not caught up yet."),
      N_("The DNS server used only knows internal names (split DNS)."),
      NULL },
    { N_("Check the spelling of everything after the “@”."),
      N_("Ask the recipient for their address in writing, or copy it from an email they sent."),
      N_("Run the test again with a public DNS server, such as 1.1.1.1, to rule out the local "
         "DNS server."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_NOT_FOUND) } },

  { "dns-null-mx", PERMANENT,
    N_("The domain states that it accepts no email at all: it publishes a “null MX” record "
       "(RFC 7505)."),
    { N_("The domain is used only for a website or for sending, never for receiving mail."),
      N_("The organisation receives mail at a different domain."),
      N_("Its administrator switched mail off on purpose, or by mistake during a move."),
      NULL },
    { N_("Ask the recipient for an address at a domain that receives mail."),
      N_("If this is your own domain and it should receive mail, replace the “MX 0 .” record "
         "with the names of your mail servers."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_NULL_MX) } },

  { "dns-no-mail-host", PERMANENT,
    N_("The domain exists, but it names no mail server (no MX record) and has no address "
       "either, so there is nowhere to deliver mail."),
    { N_("The MX records were deleted or never added, for example during a move to another "
         "mail provider."),
      N_("The domain is used only for other services and does not receive mail."),
      N_("The address has a typo in a part of the domain, such as a wrong subdomain."),
      NULL },
    { N_("Check the part after the “@” for a typo."),
      N_("Ask the domain’s administrator to publish MX records for their mail servers."),
      N_("Run the test again with another DNS server to rule out an outdated answer."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_NO_MAIL_HOST) } },

  { "dns-no-addresses", PERMANENT,
    N_("The domain names its mail servers (MX records), but none of those names has an "
       "address, so no server can be reached."),
    { N_("An MX record points to a host name with a typo or to a server that was removed."),
      N_("The mail server’s own address records were deleted by mistake."),
      N_("The test was limited to IPv4 or IPv6, and the servers have only the other kind of "
         "address."),
      NULL },
    { N_("Ask the domain’s administrator to correct the MX records or the address records of "
         "the names they point to."),
      N_("If you chose IPv4 or IPv6 only, run the test again without that choice."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_NO_ADDRESSES) } },

  { "dns-server-failure", TEMPORARY,
    N_("The DNS server could not get an answer for this domain (SERVFAIL)."),
    { N_("The domain’s own name servers are down or set up wrongly."),
      N_("The domain’s DNS signatures (DNSSEC) are broken, so a checking DNS server refuses "
         "the answer."),
      N_("The DNS server used by this computer has a problem of its own."),
      NULL },
    { N_("Run the test again in a few minutes."),
      N_("Run it with another DNS server, such as 1.1.1.1 or 8.8.8.8; if that works, the local "
         "DNS server is at fault."),
      N_("If every DNS server fails, tell the domain’s administrator: their DNS needs fixing."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_SERVER_FAILURE) } },

  { "dns-refused", PERMANENT,
    N_("The DNS server refused to answer the question."),
    { N_("The DNS server only answers computers of its own network."),
      N_("The server given is a domain’s own name server, which answers only for its own "
         "domains."),
      N_("The DNS server limits how many questions it takes from this address."),
      NULL },
    { N_("Use your organisation’s DNS server or a public one, such as 1.1.1.1."),
      N_("Check the DNS server address given for the test."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_REFUSED) } },

  { "dns-timeout", TEMPORARY,
    N_("No DNS server answered in time, so the mail servers of the domain are unknown."),
    { N_("This computer has no working network connection."),
      N_("A firewall blocks DNS (port 53) to the DNS server used."),
      N_("The DNS server address given for the test is wrong or that server is down."),
      N_("The domain’s own name servers do not answer, so the DNS server gives up."),
      NULL },
    { N_("Check that this computer is online, for example by opening a website."),
      N_("Run the test again with another DNS server, such as 1.1.1.1."),
      N_("Run the test again in a few minutes."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_TIMED_OUT),
      FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_CONNECTION) } },

  { "dns-invalid-name", PERMANENT,
    N_("The part after the “@” is not a valid domain name, so it cannot be looked up."),
    { N_("The address has a typo, a space or a character that domain names cannot hold."),
      N_("The address was pasted with extra text, such as a closing bracket."),
      NULL },
    { N_("Type the address again by hand and check each character after the “@”."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_INVALID_NAME) } },

  { "dns-failed", TEMPORARY,
    N_("Looking up the mail servers of the domain in DNS failed."),
    { N_("The DNS server used has a problem or is not reachable."),
      N_("The domain’s DNS is set up wrongly."),
      NULL },
    { N_("Run the test again with another DNS server, such as 1.1.1.1."),
      N_("Run the test again in a few minutes."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, ANY_CODE) } },

  /* Connecting */

  { "connect-refused", PERMANENT,
    N_("The server’s computer answered, but nothing accepted a connection on this port: it was "
       "refused at once."),
    { N_("The mail service on that server is stopped or has crashed."),
      N_("A firewall at the destination rejects connections from your address."),
      N_("The host name or IP address is wrong, so this is not the mail server."),
      N_("The port is wrong: mail servers take mail from other servers on port 25, and from "
         "users on 587."),
      N_("A firewall on your side rejects the connection on the way out."),
      NULL },
    { N_("Check the server name and the port you tested."),
      ADVICE_TEST_DOMAIN_SERVERS,
      N_("Ask the server’s administrator whether the mail service is running."),
      N_("Test from another network to see whether a firewall on your side is involved."),
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_CONNECTION_REFUSED),
      FAILURE (S_ANY, IO, G_IO_ERROR_CONNECTION_REFUSED) } },

  { "connect-timeout", TEMPORARY,
    N_("The server did not answer at all: the connection attempt got no reply before the time "
       "limit."),
    { N_("Your organisation or internet provider blocks outgoing connections to port 25; many "
         "office and home networks do this against spam."),
      N_("A firewall at the destination silently drops connections from your address."),
      N_("The server is switched off or unreachable."),
      N_("The IP address is wrong or out of date."),
      NULL },
    { N_("Test port 587 on the same server: if 587 answers and 25 does not, port 25 is blocked "
         "on the way."),
      N_("Test from another network, such as a mobile hotspot, or from your organisation’s "
         "mail server."),
      N_("Ask your network administrator whether outgoing port 25 is allowed."),
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_CONNECT_TIMED_OUT),
      FAILURE (S_CONNECT, IO, G_IO_ERROR_TIMED_OUT) } },

  { "connect-unreachable", TEMPORARY,
    N_("There is no route from this computer to the server’s address: a router on the way "
       "said the host cannot be reached."),
    { N_("The server is switched off or disconnected, and its network says so."),
      N_("A firewall on the way rejects the connection with a “host unreachable” message."),
      N_("The address is a private one that cannot be reached from here."),
      NULL },
    { N_("Check the server name and its address."),
      N_("Test from another network."),
      N_("Ask the server’s administrator whether the server is up."),
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_UNREACHABLE),
      FAILURE (S_ANY, IO, G_IO_ERROR_HOST_UNREACHABLE) } },

  { "connect-network-unreachable", TEMPORARY,
    N_("This computer has no route to the server’s network at all, so the connection could "
       "not even start. The problem is on this side, not at the server."),
    { N_("This computer is offline or its network connection is down."),
      N_("The address is IPv6 and this network has no IPv6."),
      N_("A VPN or a routing problem keeps traffic from leaving this network."),
      NULL },
    { N_("Check this computer’s network connection."),
      N_("Run the test again with IPv4 only."),
      N_("Test from another network."),
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_NETWORK_UNREACHABLE),
      FAILURE (S_ANY, IO, G_IO_ERROR_NETWORK_UNREACHABLE) } },

  { "port-25-blocked", PERMANENT,
    N_("No mail server answered on port 25, but the same servers answer on another mail port. "
       "So the servers are up, and something between this computer and them blocks "
       "outgoing connections to port 25: usually this network’s firewall or its internet "
       "provider."),
    { N_("Your internet provider blocks port 25 on home and office lines against spam, as "
         "many do."),
      N_("Your organisation’s firewall lets only its own mail server connect to port 25."),
      N_("A guest, hotel, mobile or VPN network blocks port 25."),
      NULL },
    { N_("Run the test from your organisation’s mail server, or from a network that allows "
         "outgoing port 25."),
      N_("Ask your network administrator or internet provider whether outgoing port 25 is "
         "blocked."),
      N_("Nothing is wrong with the recipient’s servers as far as this test can tell."),
      NULL },
    { FAILURE (S_ANY, PROBE, SP_PROBE_ERROR_PORT_25_BLOCKED) } },

  { "connect-no-port-answers", TEMPORARY,
    N_("The mail servers answered on no port at all: not on port 25, and not on ports 587 "
       "and 465 either. They are down, their addresses are wrong, or something drops every "
       "connection from here to them."),
    { N_("The servers are switched off or their network is down."),
      N_("The DNS records point to old addresses."),
      N_("A firewall at the destination drops all connections from your address."),
      N_("This network blocks all outgoing connections except web browsing."),
      NULL },
    { N_("Test again from another network, such as a mobile hotspot."),
      N_("Check that the domain’s MX records point to the right servers."),
      ADVICE_RETRY_LATER,
      NULL },
    { FAILURE (S_ANY, PROBE, SP_PROBE_ERROR_NO_PORT_ANSWERS) } },

  { "connect-failed", TEMPORARY,
    N_("A connection to the server could not be opened."),
    { N_("A network problem between this computer and the server."),
      N_("A firewall on either side interferes with the connection."),
      N_("The server’s address or port is wrong."),
      NULL },
    { N_("Check the server name and the port."),
      N_("Test from another network."),
      N_("Run the test again in a few minutes."),
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_CONNECT_FAILED),
      FAILURE (S_CONNECT, ANY, ANY_CODE) } },

  { "tls-failed", PERMANENT,
    N_("Encryption (STARTTLS) could not be set up with the server."),
    { N_("The server’s certificate has expired, is not trusted, or is for another name."),
      N_("The server offers only old TLS versions or ciphers that are no longer accepted."),
      N_("A firewall or security appliance in between interferes with encrypted SMTP."),
      N_("The server’s TLS set-up is broken."),
      NULL },
    { N_("Ask the server’s administrator to check the certificate and the TLS versions it "
         "offers."),
      N_("Check the certificate with “openssl s_client -starttls smtp -connect HOST:25”."),
      N_("Test from another network to rule out an appliance on your side."),
      NULL },
    { FAILURE (S_STARTTLS | S_TLS, SESSION, SP_SESSION_ERROR_CLOSED),
      FAILURE (S_STARTTLS | S_TLS, SESSION, SP_SESSION_ERROR_PROTOCOL),
      FAILURE (S_ANY, TLS, ANY_CODE),
      FAILURE (S_TLS, ANY, ANY_CODE),
      FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_TLS_FAILED) } },

  { "tls-unsupported-here", PERMANENT,
    N_("This computer cannot encrypt connections, so encryption (TLS) could not be tried: "
       "GLib’s TLS support is missing."),
    { N_("The glib-networking package, which gives GLib programs TLS, is not installed."),
      N_("In a container or sandbox, the TLS module of GLib is not available."),
      NULL },
    { N_("Install glib-networking (on Debian and Ubuntu: “sudo apt install glib-networking”) "
         "and run the test again."),
      N_("To test the rest of the session meanwhile, run the test with encryption turned off."),
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_TLS_UNAVAILABLE) } },

  { "starttls-injection", PERMANENT,
    N_("The server sent more data right after it agreed to STARTTLS, before encryption "
       "started. Anything sent in plain text at that moment could come from an attacker "
       "(STARTTLS command injection), so the test stopped."),
    { N_("The mail server software has a known bug of this kind and needs an update."),
      N_("A firewall, proxy or attacker between this computer and the server adds data to the "
         "connection."),
      N_("The server is not a standard mail server, or it is broken."),
      NULL },
    { N_("Ask the server’s administrator to update the mail server software."),
      N_("Test from another network to see whether something on the way adds the data."),
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_TLS_INJECTION) } },

  { "starttls-not-offered", PERMANENT,
    N_("The server does not offer encryption (STARTTLS), and this test requires it. Senders "
       "that enforce MTA-STS or DANE for the domain would not deliver here either."),
    { N_("The server has encryption switched off, or no certificate set up."),
      N_("A firewall that inspects SMTP removes STARTTLS from the server’s EHLO reply."),
      N_("The server is old or not a standard mail server."),
      NULL },
    { N_("Ask the server’s administrator to turn STARTTLS on: most mail on the internet is "
         "sent encrypted."),
      N_("Test from another network to rule out a firewall on your side that removes "
         "STARTTLS."),
      N_("Run the test with opportunistic encryption to test the rest of the session."),
      NULL },
    { FAILURE (S_ANY, PROBE, SP_PROBE_ERROR_TLS_NOT_OFFERED) } },

  { "smtputf8-not-offered", PERMANENT,
    N_("An address has characters beyond plain ASCII before the “@”, and the server does not "
       "offer SMTPUTF8, the extension that carries such addresses. A sending server would "
       "return the message to its sender."),
    { N_("The mailbox name really has accented or non-Latin letters, and the server does not "
         "support internationalised addresses."),
      N_("The address was typed with a look-alike character, such as an accented letter or a "
         "typographic quote."),
      NULL },
    { N_("Check the address for look-alike characters and type it again in plain ASCII."),
      N_("Ask the recipient whether the mailbox has an ASCII alias, and test that."),
      N_("Ask the recipient’s administrator whether the server can enable SMTPUTF8."),
      NULL },
    { FAILURE (S_ANY, PROBE, SP_PROBE_ERROR_SMTPUTF8_NOT_OFFERED) } },

  /* Certificates that did not validate. The connection was encrypted and
   * the test went on, as most sending servers would; the texts say what a
   * sender that checks certificates (MTA-STS, DANE) would do. */

  { "certificate-expired", PERMANENT,
    N_("The server’s certificate has expired. The connection was still encrypted and most "
       "sending servers deliver anyway, but senders that enforce MTA-STS or DANE for the "
       "recipient’s domain would refuse to deliver here."),
    { N_("The certificate was not renewed in time, for example because its automatic renewal "
         "stopped working."),
      N_("A new certificate was installed, but the mail service still uses the old one "
         "because it was not restarted."),
      N_("The clock of this computer is wrong, so a valid certificate looks expired."),
      NULL },
    { N_("Ask the server’s administrator to renew the certificate and restart the mail "
         "service."),
      N_("Check the date and time of this computer."),
      NULL },
    { FAILURE (S_ANY, CERTIFICATE, SP_TLS_PROBLEM_EXPIRED) } },

  { "certificate-not-yet-valid", PERMANENT,
    N_("The server’s certificate is not valid yet: its start date lies in the future. Most "
       "sending servers deliver anyway, but senders that enforce MTA-STS or DANE would "
       "refuse to deliver here."),
    { N_("The clock of this computer is behind."),
      N_("The certificate was made on a computer whose clock was ahead, or dated for later on "
         "purpose."),
      NULL },
    { N_("Check the date and time of this computer."),
      N_("Ask the server’s administrator to check the certificate’s dates."),
      NULL },
    { FAILURE (S_ANY, CERTIFICATE, SP_TLS_PROBLEM_NOT_YET_VALID) } },

  { "certificate-name-mismatch", PERMANENT,
    N_("The server’s certificate is for another name than the mail server’s (the host name "
       "of the MX record). Most sending servers deliver anyway, but senders that enforce "
       "MTA-STS or DANE would refuse to deliver here."),
    { N_("The server is hosted and shows its provider’s certificate instead of one for this "
         "name."),
      N_("The MX record names a host that the certificate does not list, for example after "
         "a rename or a move to another server."),
      N_("The server was tested by an IP address or by another name than the one in the MX "
         "record."),
      NULL },
    { N_("Ask the server’s administrator for a certificate that lists the MX host name among "
         "its alternative names."),
      N_("If you entered the server yourself, test it by the host name of the MX record."),
      NULL },
    { FAILURE (S_ANY, CERTIFICATE, SP_TLS_PROBLEM_NAME_MISMATCH) } },

  { "certificate-self-signed", PERMANENT,
    N_("The server’s certificate is self-signed: it vouches for itself, so nothing proves "
       "that it belongs to this server. Most sending servers deliver anyway, but senders that "
       "enforce MTA-STS would refuse to deliver here."),
    { N_("The mail server still uses the certificate that was made when it was installed."),
      N_("The administrator made a certificate of their own instead of getting one from an "
         "authority."),
      NULL },
    { N_("Ask the server’s administrator to install a certificate from a public authority; "
         "free ones exist, such as from Let’s Encrypt."),
      N_("If the server is internal and your organisation trusts this certificate, give it "
         "as the CA file of the test."),
      NULL },
    { FAILURE (S_ANY, CERTIFICATE, SP_TLS_PROBLEM_SELF_SIGNED) } },

  { "certificate-untrusted", PERMANENT,
    N_("No authority this computer trusts vouches for the server’s certificate (unknown "
       "issuer). Most sending servers deliver anyway, but senders that enforce MTA-STS would "
       "refuse to deliver here."),
    { N_("The certificate comes from an organisation’s own (private) authority."),
      N_("The server does not send the intermediate certificates that link its certificate "
         "to a known authority."),
      N_("A security appliance in between replaces certificates to inspect the traffic."),
      NULL },
    { N_("If the server belongs to your organisation, give your authority’s certificate as "
         "the CA file and test again."),
      N_("Ask the server’s administrator to send the whole certificate chain, with the "
         "intermediate certificates."),
      N_("Test from another network to rule out an appliance that inspects TLS."),
      NULL },
    { FAILURE (S_ANY, CERTIFICATE, SP_TLS_PROBLEM_UNKNOWN_ISSUER) } },

  { "certificate-invalid", PERMANENT,
    N_("The server’s certificate failed validation: it was revoked, it is signed in a way "
       "that is no longer safe, or it is invalid in another way. Most sending servers deliver "
       "anyway, but senders that enforce MTA-STS or DANE would refuse to deliver here."),
    { N_("The authority revoked the certificate, for example because its key leaked."),
      N_("The certificate is signed with an outdated algorithm such as SHA-1 or MD5."),
      N_("The certificate is malformed."),
      NULL },
    { N_("Ask the server’s administrator to replace the certificate with a current one."),
      N_("Check the certificate with “openssl s_client -starttls smtp -connect HOST:25”."),
      NULL },
    { FAILURE (S_ANY, CERTIFICATE, SP_TLS_PROBLEM_REVOKED),
      FAILURE (S_ANY, CERTIFICATE, SP_TLS_PROBLEM_INSECURE),
      FAILURE (S_ANY, CERTIFICATE, SP_TLS_PROBLEM_OTHER) } },

  { "banner-timeout", TEMPORARY,
    N_("The connection opened, but the server never sent its greeting within the time limit."),
    { N_("The server looks up your address in DNS or in blocklists first, and these lookups "
         "are slow."),
      N_("The server delays unknown senders on purpose (tarpitting)."),
      N_("The port expects encryption from the very start (port 465), so it waits for a TLS "
         "client instead of sending a greeting."),
      N_("The server is overloaded."),
      NULL },
    { N_("Run the test again with a longer time limit, such as 120 seconds."),
      N_("If you tested port 465, test port 25 or 587 instead."),
      ADVICE_TEST_FROM_SERVER,
      NULL },
    { FAILURE (S_BANNER, SESSION, SP_SESSION_ERROR_TIMED_OUT),
      FAILURE (S_BANNER, IO, G_IO_ERROR_TIMED_OUT) } },

  { "step-timeout", TEMPORARY,
    N_("The server did not finish its answer within the time limit."),
    { N_("The server is overloaded or its checks (spam, virus, directory lookups) are slow."),
      N_("The server delays suspicious senders on purpose (tarpitting)."),
      N_("The network connection was lost in the middle of the conversation."),
      NULL },
    { N_("Run the test again with a longer time limit, such as 120 seconds."),
      N_("Run the test again later."),
      ADVICE_TELL_ADMIN,
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_TIMED_OUT),
      FAILURE (S_ANY, IO, G_IO_ERROR_TIMED_OUT) } },

  { "banner-closed", TEMPORARY,
    N_("The server accepted the connection and closed it again before greeting: it does not "
       "want to talk to this address."),
    { N_("Your public IP address is on a blocklist and the server drops such connections "
         "without a word."),
      N_("Too many connections came from your address, so the server is limiting it."),
      N_("The server only accepts connections from certain addresses, such as its spam "
         "filtering service."),
      N_("The mail service is overloaded or restarting."),
      NULL },
    { N_("Run the test again in a few minutes."),
      N_("Check your public IP address on a blocklist lookup site."),
      ADVICE_TEST_FROM_SERVER,
      NULL },
    { FAILURE (S_BANNER, SESSION, SP_SESSION_ERROR_CLOSED),
      FAILURE (S_BANNER, IO, G_IO_ERROR_CONNECTION_CLOSED) } },

  { "connection-closed", TEMPORARY,
    N_("The server ended the connection in the middle of the conversation, without a reply."),
    { N_("The server dropped the session on purpose after a check, such as of your address or "
         "your EHLO name."),
      N_("A firewall or security appliance in between cut the connection."),
      N_("The mail service crashed or restarted."),
      NULL },
    { N_("Run the test again to see whether it happens every time."),
      N_("Test from another network or from your organisation’s mail server."),
      N_("Ask the server’s administrator to look in their log for your address at the time of "
         "the test."),
      NULL },
    /* G_IO_ERROR_CONNECTION_CLOSED is the same code as BROKEN_PIPE. */
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_CLOSED),
      FAILURE (S_ANY, IO, G_IO_ERROR_CONNECTION_CLOSED) } },

  { "protocol-error", PERMANENT,
    N_("What came back is not a valid SMTP answer, so this is probably not a mail server, or "
       "something in between changes the traffic."),
    { N_("The port belongs to another service, such as a web server."),
      N_("The port expects encryption from the start (port 465), so the answer is encrypted "
         "data."),
      N_("A firewall or proxy in between rewrites SMTP replies."),
      N_("The mail server software is broken."),
      NULL },
    { N_("Check the port: test 25 for servers that receive mail, or 587 for sending."),
      N_("Look at the lines the server sent in the log to see what it is."),
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_PROTOCOL),
      FAILURE (S_ANY, IO, G_IO_ERROR_MESSAGE_TOO_LARGE) } },

  { "auth-unavailable", PERMANENT,
    N_("Logging in could not be tried: the server offers no login method that this app can "
       "use, or none at all."),
    { N_("The server offers logins only after encryption (STARTTLS), and the connection was "
         "not encrypted."),
      N_("The server is not meant for logging in, such as an MX server on port 25."),
      N_("The server offers only methods other than PLAIN and LOGIN."),
      NULL },
    { N_("Turn encryption (STARTTLS) on, and test the submission port 587."),
      N_("Check the login methods after “AUTH” in the server’s EHLO reply."),
      NULL },
    { FAILURE (S_AUTH, ANY, ANY_CODE),
      FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_AUTH_UNSUPPORTED) } },

  { "auth-not-encrypted", PERMANENT,
    N_("The password was not sent, because the connection to the server is not encrypted and "
       "logging in without encryption was not allowed."),
    { N_("The server does not offer encryption (STARTTLS), or encryption was turned off for "
         "the test."),
      N_("A firewall in between removes STARTTLS from the server’s EHLO reply."),
      NULL },
    { N_("Turn encryption (STARTTLS) on, or use implicit TLS on port 465."),
      N_("Test the submission port 587, where servers offer STARTTLS before logging in."),
      N_("Only on a network you trust, and only to test, allow logging in without "
         "encryption."),
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_AUTH_NOT_ENCRYPTED) } },

  { "cancelled", INFO,
    N_("The test was stopped before it finished."),
    { NULL },
    { N_("Run the test again to get a result."),
      NULL },
    { FAILURE (S_ANY, IO, G_IO_ERROR_CANCELLED) } },

  { "local-failure", TEMPORARY,
    N_("The test failed on this side before the server could answer."),
    { N_("A network problem on this computer or on the way to the server."),
      N_("A firewall or security software on this computer interferes."),
      NULL },
    { N_("Read the message in the log for the exact error."),
      N_("Run the test again; if it fails the same way, test from another network."),
      NULL },
    { FAILURE (S_ANY, ANY, ANY_CODE) } },

  /* Replies. The most specific text wins (see REPLY_FIRST): a text that
   * names the side and the cause outranks a plain cause, which outranks the
   * enhanced code; codes alone decide only where they are unambiguous. */

  { "microsoft-banned-ip", PERMANENT,
    N_("Microsoft 365 refuses mail from your IP address: it is on Microsoft’s own list of "
       "banned sending addresses, because of spam or other unwanted mail sent from it."),
    { N_("Unwanted mail was sent from your IP address, or from others in the same range."),
      N_("The address is new for sending mail and has no reputation yet with Microsoft."),
      NULL },
    { N_("Ask for removal at Microsoft’s delist portal, https://sender.office.com, with the IP "
         "address named in the reply."),
      N_("Find and stop the source of unwanted mail first, or the address is listed again."),
      ADVICE_TEST_FROM_SERVER,
      NULL },
    { REPLY_FIRST (9, S_ANY, 500, 559, "5.7.606-649", NULL),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "banned sending ip|sender\\.office\\.com") },
    "ip-reputation" },

  { "outlook-com-blocked-ip", PERMANENT,
    N_("Outlook.com refuses mail from your IP address, or from the range it belongs to, "
       "because of its reputation with Microsoft."),
    { N_("Your internet or hosting provider’s address range sent unwanted mail to Outlook.com "
         "users."),
      N_("Your own address sent mail that recipients marked as junk."),
      NULL },
    { N_("Ask for removal through Outlook.com’s sender support form, "
         "https://olcsupport.office.com."),
      N_("Sign up for Microsoft’s Smart Network Data Services (SNDS) to see how Outlook.com "
         "sees your address."),
      N_("If the whole range is listed, ask your internet or hosting provider to contact "
         "Microsoft."),
      NULL },
    { REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "\\bS3140\\b|\\bS3150\\b|part of their network is on our blocklist") },
    "ip-reputation" },

  { "gmail-authentication", PERMANENT,
    N_("Gmail refuses the message because it is not authenticated: it passed neither SPF "
       "nor DKIM for the sender’s domain, and Gmail requires one of them from every sender."),
    { N_("You are testing from a computer that the sender domain’s SPF record does not list; "
         "this is normal for a desk computer."),
      N_("The sender domain has no SPF record, or its mail is not signed with DKIM."),
      NULL },
    { N_("Follow Google’s email sender guidelines, https://support.google.com/a/answer/81126: "
         "publish SPF, sign with DKIM and, for bulk mail, publish DMARC."),
      N_("Test from your organisation’s mail server, which passes SPF and signs with DKIM."),
      NULL },
    { REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "gmail requires all senders to authenticate|"
                      "authenticate with either spf or dkim") },
    "sender-authentication" },

  { "gmail-rate", TEMPORARY,
    N_("Gmail is limiting mail from you for now: it saw an unusual amount of mail, or of "
       "unwanted mail, from your IP address or domain."),
    { N_("Much mail was sent to Gmail in a short time, for example a newsletter."),
      N_("Gmail users marked recent mail from you as spam."),
      N_("The mail is not authenticated, and Gmail limits such mail first."),
      NULL },
    { N_("Check your IP address and domain in Google Postmaster Tools, "
         "https://postmaster.google.com, and follow Google’s sender guidelines."),
      N_("Send more slowly; a sending server retries deferred mail by itself."),
      N_("Make sure your mail passes SPF, DKIM and DMARC."),
      NULL },
    { REPLY_FIRST (9, S_ANY, 400, 499, NULL,
                      "gmail has detected an unusual rate|"
                      "gmail has detected this sender exceeded"),
      REPLY_FIRST (9, S_ANY, 400, 499, NULL,
                      "our system has detected an unusual rate of unsolicited"),
      REPLY_FIRST (9, S_ANY, 400, 499, "4.7.28", NULL) },
    "rate-limited" },

  { "microsoft-error-throttle", PERMANENT,
    N_("Microsoft 365 has stopped this mailbox from sending through SMTP AUTH for a while, "
       "because its earlier messages kept failing."),
    { N_("An application kept sending after errors: the mailbox was full, it was not allowed "
         "to send as the sender address, it had no licence, or its recipients were invalid or "
         "too many."),
      N_("Another application that uses the same mailbox is set up wrongly, and its errors "
         "block this one too."),
      NULL },
    { N_("Fix the error the reply names, for example by emptying the mailbox or granting "
         "“Send As” rights, and then wait: the block ends by itself, and Microsoft support "
         "cannot lift it sooner."),
      N_("To send sooner, use another mailbox whose settings are right."),
      NULL },
    { REPLY_FIRST (9, S_ANY, 400, 559, NULL, "sender throttled due to continuous") },
    /* The sender's own provider holds the mailbox back: the headline names
     * the sender, not this computer's address. */
    "sender-account-blocked" },

  { "microsoft-outdated-exchange", PERMANENT,
    N_("Microsoft 365 is slowing down or refusing mail from this Exchange server because the "
       "server’s version is out of date and has known security holes."),
    { N_("The on-premises Exchange server that sends the mail lacks recent cumulative or "
         "security updates, or runs a version that is no longer supported."),
      N_("Microsoft 365 first delays mail from such a server for some minutes every hour, and "
         "later refuses it."),
      NULL },
    { N_("Install the latest cumulative update and security update on the Exchange server, or "
         "move to a supported version."),
      N_("In the Exchange admin center, the report “Out-of-date connecting on-premises Exchange "
         "servers” (under Reports, Mail flow) lists the servers concerned; there an "
         "administrator can pause the enforcement for a limited number of days a year."),
      NULL },
    { REPLY_FIRST (9, S_ANY, 400, 559, NULL, "exchange server version is out-of-date") },
    /* The receiver refuses this sending server, not a public list. */
    "client-blocked" },

  { "aol-refused", PERMANENT,
    N_("AOL (part of Yahoo) refuses this message without saying why: its filters judged the "
       "message, the sender or the sending IP address as unwanted."),
    { N_("Complaints about mail from your address or domain, or a poor reputation of your "
         "sending IP address."),
      N_("The message looks like spam to AOL’s filter."),
      N_("The sender’s domain does not pass SPF, DKIM or DMARC."),
      NULL },
    { N_("Look the refusal up on Yahoo’s sender hub, https://senders.yahooinc.com/, which also "
         "serves AOL."),
      N_("Make sure your mail passes SPF, DKIM and DMARC, and send only to people who asked "
         "for it."),
      ADVICE_TEST_FROM_SERVER,
      NULL },
    { REPLY_FIRST (9, S_ANY, 500, 559, NULL, "aol will not accept delivery") },
    "message-content" },

  { "yahoo-deferred", PERMANENT,
    YAHOO_DEFERRED_EXPLANATION,
    { REPLY_FIRST (9, S_ANY, 400, 559, NULL, "\\bVS\\d+-IP\\d*\\b"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "(all )?messages from [^ ]+ (will be )?permanently deferred"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "\\bI?TSS?0\\d\\b|\\[TS0\\d\\]|CON:B1|RLY:B\\d|"
                      "temporarily deferred - 4\\.16|\\[GL0\\d\\]") },
    "ip-reputation" },

  { "aol-deferred", TEMPORARY,
    YAHOO_DEFERRED_EXPLANATION,
    { REPLY_FIRST (9, S_ANY, 400, 499, NULL, "\\(DYN:T1\\)|421dynt1") },
    "rate-limited" },

  { "dmarc-fail", PERMANENT,
    N_("The server refused the mail because it could not confirm that the sender’s domain "
       "sent it: SPF and DKIM both failed, and the domain’s DMARC policy says to reject."),
    { N_("You are testing from a computer that is neither in the domain’s SPF record nor "
         "signing with its DKIM key; this is normal for a desk computer."),
      N_("The sender’s domain publishes a strict DMARC policy (p=reject)."),
      N_("A mail service that sends for the domain is not set up for SPF or DKIM."),
      NULL },
    { N_("Test from your organisation’s mail server, which passes SPF and signs with DKIM."),
      N_("Use a sender address at a domain without a strict DMARC policy, only for testing."),
      N_("Check the domain’s SPF, DKIM and DMARC records with a checker."),
      NULL },
    { REPLY_FIRST (9, S_ANY, 400, 559, NULL, "dmarc compliance|dmarc (check )?fail"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "domain owner policy"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "dmarc policy|domain's dmarc|dmarc=fail"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "\\bdmarc\\b(?!=pass)"),
      REPLY_FIRST (6, S_ANY, 500, 559, "5.7.509", NULL) } },

  { "spf-fail", PERMANENT,
    N_("The server refused the mail because the sender’s domain does not allow your IP "
       "address to send for it (SPF check failed)."),
    { N_("You are testing from a computer that is not listed in the SPF record of the sender’s "
         "domain; this is normal for a desk computer."),
      N_("The SPF record lacks a server or service that sends for the domain."),
      N_("The SPF record has an error, such as too many lookups."),
      NULL },
    { N_("Test from a server listed in the sender domain’s SPF record, such as your mail "
         "server."),
      N_("Use a sender address whose domain allows this IP address."),
      N_("Check the sender domain’s SPF record with an SPF checker."),
      NULL },
    { REPLY_FIRST (8, S_ANY, 400, 559, NULL, "spf record"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "not allowed by the sender"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "fails to pass spf|openspf|spfbl check|"
                      "spfbl [^ ]+ is not allowed to send"),
      /* A check's result, as Microsoft's 5.7.515 lists them ("Spf= Fail"). */
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "\\bspf ?= ?fail|spf ?: ?fail"),
      /* The check could not finish (a temporary error looking the record
       * up): still the sender domain's SPF record to look at. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "\\bspf (lookup|check) (failure|error)|problem on spf lookup|"
                      "spf temporary error|temporary spf"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "\\bspf\\b|sender policy framework|"
                      "\\d+\\.\\d+\\.\\d+\\.\\d+ is not allowed to send|"
                      "not (a )?(designated|permitted|allowed) sender"),
      REPLY_FIRST (4, S_ANY, 400, 559, "*.7.23", NULL),
      REPLY_FIRST (4, S_ANY, 400, 559, "*.7.24", NULL) } },

  { "dkim-fail", PERMANENT,
    N_("The server refused the mail because it has no valid DKIM signature for the sender’s "
       "domain."),
    { N_("The message was not signed, and the receiver requires a signature."),
      N_("The signature does not match the sender’s domain, or the key in DNS is wrong."),
      N_("Something changed the message after it was signed."),
      NULL },
    { N_("Send the test through your organisation’s mail server, which signs outgoing mail."),
      N_("Check the sender domain’s DKIM keys in DNS."),
      NULL },
    { REPLY_FIRST (8, S_ANY, 400, 559, NULL, "dkim[^.]{0,30}(signature error|selector)"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "dkim unauthenticated|dkim[^.]{0,20}(invalid|missing|required|"
                      "not allowed)|dkim (check|verification|validation) fail"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "\\bdk email"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "dkim signature|(invalid|missing)[/ a-z]*signature"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "dkim=fail"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL, "\\bdkim\\b(?! domain)|domainkeys"),
      REPLY (S_ANY, 400, 559, "*.7.20-22", NULL) } },

  { "client-timeout", TEMPORARY,
    N_("The server gave up waiting for the next command or for the rest of the message, and "
       "closed the connection."),
    { N_("When commands are typed by hand, the next one came later than the server waits: a "
         "few minutes at most, less on a busy server."),
      N_("A firewall, antivirus program or slow network link in between held the data back."),
      N_("The program sending the mail stopped in the middle of the message."),
      NULL },
    { N_("Run the test again; when typing by hand, have the next command ready and send it "
         "soon after each reply."),
      N_("If it happens during the message, test from another network, or without the "
         "firewall or antivirus program that scans outgoing mail."),
      NULL },
    { REPLY_FIRST (8, S_ANY, 400, 499, NULL, "idle timeout"),
      REPLY_FIRST (7, S_ANY, 400, 499, NULL,
                      "timeout waiting for (client|input|data|command)|"
                      "input timeout"),
      REPLY_FIRST (5, S_ANY, 421, 421, NULL, "^timeout\\b"),
      REPLY_FIRST (5, S_ANY, 451, 451, NULL, "^timeout\\.?$"),
      REPLY_FIRST (8, S_ANY, 400, 499, NULL,
                      "timeout exceeded|(smtp |read |idle |input |data )?command timeout|"
                      "timed out (during |while )?waiting for (input|data|the client|commands?)|"
                      "waiting for input from client|^connection time(d )?out\\.?$|"
                      "^timeout \\(#4\\.4\\.2\\)$|collect: read timeout|"
                      "timeout waiting for (data|input|commands?) from (the )?client|"
                      "^timeout - closing connection|read data from client error") } },

  { "server-error", TEMPORARY,
    N_("The server had a problem of its own while handling the command (a local error in "
       "processing)."),
    { N_("A part of the server failed for a moment: its disk, its virus scanner, or the "
         "directory it checks recipients against."),
      N_("The server is set up wrongly, for example a lookup table it cannot read."),
      NULL },
    { ADVICE_RETRY_LATER,
      ADVICE_TELL_ADMIN,
      NULL },
    { REPLY_FIRST (8, S_DATA | S_MESSAGE, 500, 551, NULL, "^error processing message"),
      REPLY_FIRST (8, S_RCPT, 400, 499, NULL, "verification in progress"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "connection error: 0x[0-9a-f]+|^smtp: unknown code|"
                      "out of memory|failed to execute|unable to scan for viruses"),
      REPLY_FIRST (5, S_ANY, 400, 499, NULL,
                      "(cannot|unable to|failed to) (open|create|write|read|"
                      "lock) [^.]{0,20}(queue|spool|temp|tmp|file)|queue failure|"
                      "\\btransmission error|(write|read) error after|buffer overflow|"
                      "writing [^ ]+ failed|local delivery [^.]{0,60}timed out|service (is )?"
                      "temporarily unavailable|"
                      "service failure|failure,? try again|error processing message|"
                      "backend (connection|error)|storage timeout"),
      REPLY_FIRST (6, S_ANY, 400, 499, NULL,
                      "\\b(av|anti-?virus) (system|service|scanner) (is )?(offline|"
                      "unavailable|down)|"
                      "error sending|spool fail|input/output error|all relays failed|"
                      "something wrong happened|no answer from host"),
      REPLY_FIRST (3, S_BANNER | S_GREETING, 500, 559, NULL, "^service currently unavailable$"),
      REPLY_FIRST (1, S_ANY, 400, 559, NULL, "\\bstoredrv\\b"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "cannot open /|list expansion problem|(transport|program|"
                      "command) gave exit status|license (has )?expired|"
                      "proxy session setup failed|fwd-(data-contents|connect|mail-from|"
                      "rcpt-to|data-cmd)|failed to submit|submission service unavailable|"
                      "\\b[a-z_]+\\(\\) failed|cannot open message|bad smtp response code|"
                      "unable to (start smtp daemon|read controls)|cannot open input|"
                      "something is wrong with this server|local (delivery failed|"
                      "storage error)|cannot store message|terminated abnormally|"
                      "^(mail processing|message sending) failed|failed to store message"),
      REPLY_FIRST (5, S_ANY, 400, 499, NULL,
                      "(connection to|communication with) (the )?mail server|"
                      "error while reading|error validating (the )?(e-?mail )?address|"
                      "temporary domain failure"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "\\bruleset\\b|\\brewrite: |map [^ ]+ not found|missing key for map"),
      REPLY_FIRST (6, S_ANY, 400, 499, NULL,
                      "server was temporarily unavailable|"
                      "recipient'?s (mail )?server (was|is) (temporarily )?unavailable"),
      REPLY_FIRST (6, S_ANY, 400, 499, NULL,
                      "unable to look up|host not found, try again|alias expansion|"
                      "expansion (error|problem)|private key"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "could not (be )?saved?|no data saved|error writing|cannot write"),
      REPLY_FIRST (3, S_ANY, 400, 499, NULL, "server (is )?not available"),
      REPLY_FIRST (5, S_ANY, 500, 559, NULL, "cannot read"),
      REPLY_FIRST (3, S_ANY, 400, 499, NULL,
                      "config(uration)? error|misconfigured|interrupted system call|"
                      "encountered an error|cannot create[^.]{0,20}file"),
      REPLY_FIRST (8, S_ANY, 400, 499, NULL,
                      "error getting|\\bldap\\b|policy engine|engine error|"
                      "(cannot|unable to) (check|verify) mx records?|mx lookup failed"),
      REPLY_FIRST (5, S_ANY, 500, 559, NULL,
                      "internal (server |system )?error|system config(uration)? error|"
                      "erreur interne|error interno|interner (server)?fehler|erro interno|"
                      "errore interno|"
                      "backend not running|transaction timeout|unable to save message|"
                      "database (error|unavailable|has gone)"),
      REPLY_FIRST (7, S_ANY, 400, 499, NULL,
                      "unverified address: connect to|connection timed out|"
                      "too busy|mailbox has an invalid format|internal confusion|"
                      "could not store (the )?message"),
      REPLY_FIRST (8, S_ANY, 400, 499, NULL,
                      "unable to scan|(problem|error|failure) (running|with|"
                      "in) (the )?(virus|anti-?virus|av)\\b|"
                      "virus[- ]?scan(ner)?[^.]{0,20}(fail|error|problem|unavailable|"
                      "not available)|scan(ning)? (failed|error)|dkim signing (failed|"
                      "error)|signing failed"),
      REPLY_FIRST (4, S_ANY, 400, 499, NULL,
                      "unexpected error|failed to (process|queue|store|deliver|save)|"
                      "could not (process|queue)"),
      REPLY_FIRST (8, S_ANY, 400, 499, NULL,
                      "(filter|scanner|milter)[^.]{0,30}(failed|failure|error)|"
                      "broken policy"),
      /* "Oops" opens a temporary failure the server itself ran into. */
      REPLY_FIRST (7, S_RCPT, 400, 499, NULL, "recipient address lookup failed|^oops\\b"),
      REPLY_FIRST (7, S_ANY, 400, 499, NULL,
                      "cannot connect to inet[46]? socket|"
                      "complete recipient verify callout|database error|"
                      "technical problem on our end|error communicating with|"
                      "problem with (the )?(spam|virus|content) filter|internal failure|"
                      "queue error|unable to queue|lookup (failure|error)|temporary (dns|"
                      "lookup)|dns (temporary|timeout|lookup failure)|resolver error|"
                      "internal [a-z]* ?error|scan(ner)? (timeout|timed out|error|"
                      "unavailable|not)|error connecting to|scanner timed out|clamd|"
                      "backend failure|malfunction|"
                      "server (has )?temporarily rejected (this )?message|"
                      "error queu(e)?ing|connect to (the )?queue|persistence failure|"
                      "cannot initiali[sz]e [a-z]+ map|map [^ ]+ specified, but|"
                      "ldap_search|socket_map_lookup|waiting for spool|untrapped exception|"
                      "(could not|cannot) write (the )?file|not received successfully|"
                      "unable to accept (the )?message at this time"),
      REPLY_FIRST (3, S_ANY, 400, 499, NULL,
                      "local error|error in processing|internal (server )?error|"
                      "server error|system error|configuration (error|problem)|"
                      "queue file write error|spool file|"
                      "(?<![\\]0-9] )temporary (local problem|failure|error|"
                      "system problem|server error)|temporar(y|ily) (unavailable|"
                      "problem)|resources (temporarily )?(unavailable|exceeded)|"
                      "system resources|unable to (read|process|verify|load|forward)|"
                      "cannot forward|could not load|connect(ion)? error|"
                      "too (much )?load|too busy|server busy|system (is )?busy|"
                      "try (again )?later|service (is )?(currently )?unavailable|"
                      "\\bqq[t ]|timeout \\(#|aborted due to|failed to be|"
                      "undelivered mail|upstream error|no healthy|problem occurred|"
                      "not available right now|try later|i/o error|"
                      "unavailable to complete|queue unavailable"),
      REPLY (S_ANY, 451, 451, "4.3.0", NULL),
      REPLY (S_ANY, 400, 499, "4.3.5", NULL),
      REPLY (S_ANY, 400, 499, "4.3.2", NULL),
      /* A temporary failure that no rule knows, in words of a part of
       * the server failing ("Local storage error", "Mail processing
       * failed", "Backend error"), is the server's own trouble. */
      REPLY_HINT (S_ANY, 400, 499,
                      "^(?=.*\\b(stor(e|age|ing)|disk|process(ing)?|backend|relays|"
                      "i/o|input/output|internal|database|queue|spool|plugins?|agent|daemon|"
                      "sync|socket|worker|lmtp|filesystem|file system)\\b)"
                      "(?=.*\\b(fail(ed|ure|s)?|errors?|unable|cannot|could not|"
                      "problem|trouble|time ?out|timed out|unavailable|not available|"
                      "busy|exception|crash(ed)?|abort(ed)?)\\b)") } },

  { "message-content", PERMANENT,
    N_("The server refused the message because of its content: its filter took it for spam, "
       "a virus or another threat."),
    { N_("The test message looks like spam to the filter, for example because it is short "
         "and has no real content."),
      N_("A link or an attachment in the message is on a list of dangerous ones."),
      N_("The sender’s reputation lowers the score of every message."),
      NULL },
    { N_("Send a normal message from your mail program to compare."),
      N_("Ask the recipient’s administrator to check their filter log for the message."),
      NULL },
    { REPLY_FIRST (8, S_MESSAGE, 500, 559, NULL, "discarded by (the )?(server |content )?filter"),
      REPLY_FIRST (8, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "data loss prevention|(message|mail|e-?mail) (was )?classified as spam|"
                      "due to possible abuse"),
      /* GTUBE: the test string that every spam filter refuses. */
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL, "\\bcontent-policy\\b|\\bgtube\\b"),
      REPLY_FIRST (6, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "(not allowed|blocked|banned)[^.]{0,40}(in the body|"
                      "body of (your|the) (e-?mail|message))"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "detected that this message|(rejecting|rejected) (mail|"
                      "message) content|recurrent pattern|by our (spam |content )?filter|"
                      "rejected by (our |the )?(spam|content) filter"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "link fake|fake, hidden|insecure link|"
                      "spam[a-z]* score exceeds|spam ?score (of [0-9.]+ )?(is )?too high|"
                      "spamware|scored -?[0-9.]+ (spam )?points"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "inappropriate (words|content|language)|character set not allowed|"
                      "in a language i do not understand"),
      REPLY_FIRST (6, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "message filtered|spamming|rejected by the scanner"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "body url|content violation|subject (is )?not allowed|"
                      "forged (received )?header|header value not allowed"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "antispam checks|spam ?score"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "domain present in the spamhaus dbl|(black|block) ?listed url|"
                      "uribl|surbl|blocked (url|link)|url in (the )?message|phish|"
                      "spam or virus|virus or spam|spam pattern|"
                      "appears to be unsolicited|spam-like|consider[a-z]* (to be )?spam|"
                      "nature of the content|unsafe content|antispam checks|"
                      "\\?p=unsolicitedmessageerror"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "message.{0,40}(rejected|blocked).{0,30}(content|spam\\b)|"
                      "spamsignature"),
      /* Words about the message itself, even before DATA. */
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "content (rejected|filter|policy|blocked|not accepted|reject)|"
                      "(e-?mail|message) (was )?flagged as spam"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "\\bspam\\b|spam ?(score|content|detected|signature|profiler|"
                      "check)|spamassassin|rspamd|(?<![/.])antispam|unsolicited|\\buce\\b|"
                      "\\bbulk\\b|suspicious|\\bjunk\\b|content (rejected|filter|policy|"
                      "blocked|not accepted)|message content|(not allowed|unwanted|"
                      "suspect|unacceptable) content|content reject|DT:SPM|"
                      "mass mailer|spammy|spamtrap|data rejected by|delivery requirements|"
                      "OFR_?506|credential leak|looks like|score too high|html mail|"
                      "filter rules|by (the )?filter|classified as|mailmarshal|"
                      "will not accept delivery of this message|nie przyjmiemy|\\[cs\\]|"
                      "mensagem foi rejeitada") } },

  { "sender-authentication", PERMANENT,
    N_("The receiver refused the message because it could not confirm that the sender’s "
       "domain sent it: it passed neither SPF nor DKIM for that domain."),
    { N_("You are testing from a computer that the sender domain does not list as a sender; "
         "this is normal for a desk computer."),
      N_("The sender domain has no SPF record or DKIM signing set up."),
      NULL },
    { N_("Test from your organisation’s mail server, which passes SPF and signs with DKIM."),
      N_("Check the domain’s SPF and DKIM records with a checker."),
      NULL },
    { REPLY_FIRST (10, S_ANY, 400, 559, NULL, "spf,? (and |or )?dkim,? (and |or )?dmarc"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "approved relay"),
      /* A provider's own proof of the sending domain (TransIP), Facebook's
       * authentication errors, a sender domain's policy, and a check that
       * the sender's domain names the sending address ("… is not <IP>"). */
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "no valid '?x-transip-mail-auth'? dns record|"
                      "postmaster\\.facebook\\.com/auth_error|sender'?s policy prohibits|"
                      "unverifi?y?able sending ips?"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "fake sender|forged sender|spoofed sender"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "sender[- ]?id\\b|(address|"
                      "ip) [^ ]+ is not authori[sz]ed to send (messages |mail )?(from|"
                      "for|on behalf)"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "accepted only from [^ ]+ mail relays|mismatches client ip|"
                      "invalid ip for sending mail of domain|"
                      "purported responsible address"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "(spf|authenticate) (with )?(either )?(spf )?or dkim|"
                      "authentication requirements|sender is unauthenticated|"
                      "mail is unauthenticated|unauthenticated (e-?mail|"
                      "mail)(?! not allowed from)|authentication (information|checks)|"
                      "aligned with|anti-?spoofing|spoof|"
                      "mismatched with (the )?(message )?header|header from address|"
                      "not (properly )?authenticated\\. gmail"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "\\barc\\b[^.]{0,10}(validation|check|fail|seal)"),
      REPLY (S_ANY, 400, 559, "*.7.26", NULL),
      REPLY (S_ANY, 500, 559, "5.7.515", NULL) } },

  { "sender-verify", PERMANENT,
    N_("The server checked the sender address by contacting the sender domain’s own mail "
       "server, and that check failed (sender verification)."),
    { N_("The sender address does not exist on its own domain’s mail server."),
      N_("The sender domain’s mail server could not be reached or refused the check."),
      N_("A made-up sender address was used for the test."),
      NULL },
    { N_("Use a real, existing mailbox of your organisation as sender."),
      N_("Check that your own mail servers accept mail for the sender address."),
      NULL },
    { REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "no verifiable sender address in (the )?message headers"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "sender address rejected: unverified address"),
      REPLY_FIRST (6, S_MAIL, 400, 559, NULL, "(from|sender) address (is )?not reachable"),
      REPLY_FIRST (5, S_MAIL, 400, 559, NULL,
                      "(?<!domain of )(envelope[- ]from|sender) address [^ ]+ does not "
                      "exist"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "^verification failed for <|sender verify failed|"
                      "sender address rejected: user unknown"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "sender unknown/invalid|"
                      "could not verify \\\"?from:?\\\"? header address|"
                      "sender (address )?not verified|sender address rejected: undeliverable "
                      "address|^<[^>]+>,? sender unknown|sender did not verify|(from|"
                      "sender)[^.]{0,30}callout"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "did not accept the empty address|accept the null sender"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "unable to validate (the )?sender|callback fail"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "(sender|mail ?from)[^;]{0,40}verif[a-z]* failed|verify mail ?from|"
                      "no answer from [^ ]+ mx"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "sender verif|verify (the )?sender|sender callout|"
                      "unverified sender|sender address rejected: (unverified|"
                      "address verification)|sender address (is )?not verified|"
                      "could not verify (the )?sender|non-?existent sender|sender non-?existent|"
                      "sender (address )?does not exist|callout[^.]*sender|"
                      "sender[^.]*callout") } },

  { "sender-not-allowed", PERMANENT,
    N_("The signed-in account is not allowed to send with this sender address."),
    { N_("The sender address belongs to another mailbox, and this account has no permission "
         "to send as it."),
      N_("The server allows only the account’s own address, or addresses it was given "
         "rights for."),
      NULL },
    { N_("Use the sender address of the account you signed in with."),
      N_("Ask the administrator for “send as” rights for that address."),
      NULL },
    { REPLY_FIRST (7, S_MAIL, 500, 559, NULL, "^not our customer"),
      REPLY_FIRST (7, S_ANY, 500, 559, NULL,
                      "do not own this address|^(sender|from)( domain|"
                      " address)?( <[^>]*>| [^ ]+)? (is )?not authori[sz]ed( for this "
                      "account)?\\.?$|from header (address )?(must be on|not allowed)"),
      REPLY_FIRST (6, S_MAIL, 500, 559, NULL,
                      "cannot send a message as|unable to send e-?mail from this domain|"
                      "envelope[- ](from|sender)\\b.{0,80} not allowed"),
      REPLY_FIRST (8, S_ANY, 500, 559, NULL,
                      "does not align with (the )?authenticated domain|"
                      "sending is not enabled for|cannot send mail yet"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "from:? address (is )?not verified|from domain must (equal|match)|"
                      "not authori[sz]ed to send (e-?mails? )?(from|as)|may not use (the |"
                      "this )?\"?(envelope[- ]from|sender|from)|authenticated user must|"
                      "not one of your addresses|not authori[sz]ed to perform|"
                      "domain (is )?not verified|must use this domain|"
                      "restricted to sending domain|not allowed for sender ip"),
      /* Said to MAIL FROM, the user is the sender the server will not take. */
      REPLY_FIRST (5, S_MAIL, 500, 559, NULL, "^invalid user\\b"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "not associated with (your|this) (account|user)"),
      /* A provider's relay takes only its own existing users as senders. */
      REPLY_FIRST (7, S_MAIL, 400, 559, NULL, "sender rejected[^.]{0,10} invalid local user"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "(from|sender) name is not valid|does not conform with auth|"
                      "not allowed in header from"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "sender domain not verified|verify the sender domain|"
                      "not authorized envelope sender|not authorized to send on behalf|"
                      "not accept (masquerading|forging)|no policy for 5322\\.from"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "not authori[sz]ed to send (e-?mail )?(using|as|from|"
                      "with) this (identity|address|sender)"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "not authori[sz]ed to send (messages |mail )?(with|"
                      "using) the address|not authori[sz]ed to use mail from|"
                      "smtp user [^ ]+ is not authori[sz]ed"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "(same as|equal) (the )?(authori[sz]ation|authori[sz]ed|auth) user|"
                      "local user (only|is not allowed)|relaying disallowed as\\b"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "not in my domain|sender is not authori[sz]ed to send from"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "(must|does not) belong to (the )?(authenticated|logged)|"
                      "sending from (this |the )?domain[^.]{0,40}not allowed|"
                      "non-local sender domain|mismatch with (the )?(login|auth[a-z]*) user|"
                      "must match the (e-?mail )?address you used to (auth|log ?in)|"
                      "sender address is not authorized|"
                      "not authorized use of (the )?sender|"
                      "not allowed to send (e-?mails? |mail )?(from|as) (this|that|the) (address|"
                      "sender|domain)|unconfigured sending domain|"
                      "sending domain[^.]{0,20}(not configured|unconfigured|not verified)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "sender is not allowed to send from|not owned by|"
                      "send ?as ?(denied|rejected)|permissions? to send as|"
                      "not (allowed|authori[sz]ed) to (send|act|mail) (as|on behalf)|"
                      "allowed to act as|"
                      "from and auth|match(es)? (the )?auth|"
                      "not same as (the )?(smtp )?authenticat|"
                      "sender (address )?does not match|"
                      "verified sender identity|address is not verified|"
                      "identities failed|is not allowed from your host"),
      REPLY_FIRST (6, S_ANY, 500, 559, "5.7.60", NULL) } },

  { "sender-account-blocked", PERMANENT,
    N_("The sending account has been blocked by its own mail provider, usually after it "
       "sent spam or went over a sending limit."),
    { N_("The account or its password was stolen and used to send spam."),
      N_("The account went over its provider’s daily sending limits."),
      NULL },
    { N_("Change the account’s password and check it for forwarding rules you did not "
         "make."),
      N_("Ask your mail administrator to unblock the account (in Microsoft 365: “Restricted "
         "entities” in the Defender portal)."),
      NULL },
    { REPLY_FIRST (7, S_MAIL | S_AUTH, 400, 559, NULL,
                      "smtp account is not (yet )?activated"),
      REPLY_FIRST (8, S_ANY, 500, 559, NULL,
                      "(account|mailbox)\\b.{0,60}? (was|has been) compromised"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "account (is )?no longer authori[sz]ed|"
                      "domain of (smtp )?mail from is (temporarily )?disabled|"
                      "mail server has been suspended|account is not authori[sz]ed to use this "
                      "service|outgoing mail .{0,100}(suspended|disabled|blocked)|"
                      "unusual sending activity|sending for this account is disabled|"
                      "sending (is )?disabled for this account"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "(black|block) ?listed user|disabled by user from hpanel"),
      /* The signed-in account, named as the SMTP user or by a provider's tag. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "smtp (user|account) (is |has been )?(disabled|suspended|blocked|locked)|"
                      "\\[SB01\\]|\\[CSR\\] account blocked"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "not a robot|use (the )?web for sending"),
      REPLY_FIRST (6, S_MAIL | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "sending[^.]{0,30}(is )?(paused|suspended)"),
      REPLY_FIRST (7, S_AUTH | S_MAIL, 400, 559, NULL,
                      "account (has been )?(administratively )?(locked|suspended|"
                      "disabled)|subscription[^.]{0,30}expired|locked on suspicion"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "bad outbound sender|spam abuse detected|"
                      "tenant has exceeded threshold|traffic not accepted from this ip|"
                      "unregistered domains|restricted from sending|(your|sending|"
                      "sender'?s?) (account|mailbox)[^.]{0,20}(suspended|blocked|"
                      "disabled|locked)|account (has been )?suspended for|"
                      "password expired|originating from your (account|address)|"
                      "login disabled|outboundspam|massive abuse"),
      REPLY_FIRST (7, S_ANY, 500, 559, "5.7.501-503", NULL),
      REPLY_FIRST (6, S_ANY, 500, 559, "5.7.705-708", NULL),
      REPLY_FIRST (6, S_ANY, 500, 559, "5.7.750", NULL) } },

  { "sender-domain", PERMANENT,
    N_("The server refused the sender because the sender’s domain cannot receive replies: it "
       "does not exist in DNS or accepts no mail."),
    { N_("The sender address uses a made-up or internal domain, such as example.local."),
      N_("The sender’s domain has a typo."),
      N_("The sender’s domain has no MX record, or a null MX."),
      NULL },
    { N_("Use a real address of your organisation as sender."),
      N_("Check the sender domain’s MX records."),
      NULL },
    { REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "(sender domain|envelope sender) must (exist|resolve)|"
                      "sender domain has no dns|"
                      "has no a, aaaa,? or mx (dns )?records"),
      REPLY_FIRST (6, S_MAIL, 400, 559, NULL,
                      "recursive cname records for [^ @]+@|"
                      "^domain does not resolve"),
      /* Sendmail, also where the check waits for RCPT TO; its badmx check
       * is of the sender's domain too. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "domain of sender address [^ ]+ does not (exist|resolve)|"
                      "invalid mx record for host"),
      REPLY_FIRST (8, S_MAIL, 400, 559, NULL, "mx lookup failure"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "sender address rejected: unable to look up"),
      REPLY_FIRST (6, S_MAIL, 400, 499, NULL, "address resolution failure"),
      REPLY_FIRST (6, S_MAIL, 400, 559, NULL, "unknown host"),
      REPLY_FIRST (7, S_MAIL, 400, 499, NULL,
                      "unable to resolve|cannot resolve|could not resolve"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "domain of (the )?sender address does not resolve|"
                      "sender (address )?domain does not resolve|invalid sender domain"),
      REPLY_FIRST (7, S_MAIL, 400, 559, NULL,
                      "requires (a )?valid sender domain|^domain must resolve"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "unresolvable.{0,20}from domain|domain may not exist or dns check failed|"
                      "(unable to|could not|cannot) verify (the )?sender'?s? domain"),
      REPLY_FIRST (7, S_MAIL, 400, 559, NULL, "fqdn required in the envelope sender"),
      REPLY_FIRST (7, S_MAIL, 400, 559, NULL,
                      "domain must exist|your domain has no|no (dns|mx)(/mx)? entries|"
                      "your mail exchangers|routable address"),
      REPLY_FIRST (6, S_MAIL | S_RCPT, 400, 559, NULL, "from:? ?domain must resolve"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "domain of (your |the )?sender[^.]{0,30}(no mail exchanger|no mx|"
                      "not found|does not exist)|"
                      "sender[^.]{0,40}no mail exchanger|"
                      "(find|found) (a |any )?(valid )?(mail exchanger|mx) for (the )?sender|"
                      "bad sender'?s system address"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "sender address rejected: (domain|malformed dns|unknown domain|"
                      "[^.]*null ?mx)|(sender|from|return|mail ?from|"
                      "envelope)[^.]{0,30}\\b(domain|mx)\\b[^.]{0,30}(not found|"
                      "(does not|not) exist|no mx|no valid mx|invalid|unknown|"
                      "lookup (error|failure)|not allowed)|"
                      "no (valid )?mx for (your )?(from|sender)|"
                      "non-?existent (internet )?domain|does not have any mx|return mx|"
                      "real domain name required|sender'?s mx"),
      REPLY_FIRST (8, S_MAIL | S_RCPT, 400, 559, NULL,
                      "(sender|from).{0,60}mx lookup|dns lookup failure: [^ ]+@"),
      REPLY_FIRST (7, S_MAIL | S_RCPT, 400, 559, "*.1.8",
                      "^sender (e-?mail )?address rejected\\.?$"),
      REPLY_FIRST (5, S_MAIL | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "null ?mx|rfc ?7505|unknown tld|rfc ?2606|reserved domain"),
      REPLY_FIRST (3, S_MAIL, 400, 559, NULL,
                      "domain (not found|unknown)|no such domain|unknown domain|"
                      "does not exist|unroutable|no mx|mx (record|lookup)|"
                      "invalid dns|illegal mx|domain is invalid|unresolvable"),
      REPLY (S_MAIL | S_RCPT, 400, 559, "*.1.8", NULL),
      REPLY (S_ANY, 500, 559, "5.7.27", NULL) } },

  { "sender-syntax", PERMANENT,
    N_("The server refused the sender address because of its form: it is not a valid "
       "address."),
    { N_("A typo or a character that addresses cannot contain in the sender address."),
      N_("The address is incomplete, for example without the part after the “@”."),
      N_("Extra text around the address, such as a display name or quotes."),
      NULL },
    { N_("Check the sender address for typos, spaces and stray characters."),
      N_("Use a plain address such as helpdesk@yourcompany.com."),
      NULL },
    { /* Exim's words for an address it cannot parse. */
      REPLY_FIRST (6, S_MAIL, 500, 559, NULL,
                      "domain missing or malformed|malformed local part|"
                      "\"@\" or \"\\.\" expected after"),
      REPLY_FIRST (8, S_MAIL, 500, 559, NULL, "domain name must be specified"),
      REPLY_FIRST (8, S_MAIL, 500, 559, NULL, "^(mail )?from:? syntax error"),
      REPLY_FIRST (9, S_ANY, 500, 559, NULL, "return (e-?mail )?domain is invalid"),
      /* GoDaddy's IB501 and IB502 name what is wrong with the address. */
      REPLY_FIRST (6, S_MAIL, 400, 559, NULL,
                      "blank from:? addresses|ip addresses are not allowed as a from|"
                      "^invalid from\\b"),
      REPLY_FIRST (7, S_MAIL | S_RCPT, 400, 559, "*.1.7",
                      "^sender (e-?mail )?address rejected\\.?$"),
      REPLY_FIRST (8, S_MAIL, 400, 559, NULL, "mailbox syntax|bad address"),
      REPLY_FIRST (6, S_MAIL, 400, 559, NULL,
                      "does not have a domain|prescan|token too long|"
                      "\\bunbalanced ['\\\"(<)>]|address [^ ]{0,300} ?too long"),
      REPLY_FIRST (3, S_MAIL, 400, 559, NULL,
                      "mailbox name not allowed|valid address is required|"
                      "address is not valid"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "malformed sender"),
      REPLY_FIRST (3, S_MAIL, 400, 559, NULL,
                      "malformed (e-?mail )?address|use (the )?form [a-z]+@"),
      REPLY_FIRST (7, S_MAIL, 400, 559, NULL, "enclosed in angle brackets|angle brackets"),
      REPLY_FIRST (8, S_MAIL, 500, 559, NULL, "syntax error in (mailbox )?address"),
      REPLY_FIRST (8, S_MAIL, 400, 559, NULL,
                      "reverse[- ]path (must|is too|too)|"
                      "local part of (the )?reverse[- ]path|"
                      "need fully[- ]qualified (hostname|domain) for (the )?domain part"),
      REPLY_FIRST (7, S_MAIL, 500, 559, "5.1.7", "syntax error"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "(origin|return|reverse) (address|path)[^.]{0,10}syntax|"
                      "syntax error in (the )?(return|reverse)[- ]path"),
      REPLY_FIRST (7, S_MAIL, 400, 559, NULL,
                      "path too long|(address|domain|local part)[^.]{0,20}(too long|"
                      "cannot exceed)|(?<!real )domain name required|no address found|"
                      "missing <>|address is null"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "bad sender address|sender address syntax|"
                      "sender'?s? address was syntactically"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "syntax error in (the )?(sender|mail from)|(sender|"
                      "mail from)( address)? syntax error"),
      REPLY_FIRST (7, S_MAIL, 400, 559, NULL,
                      "no domain part|domain part (is )?(missing|required)|"
                      "address has no domain"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "sender address rejected: need fully|sender syntax|(sender|"
                      "from) address must|capital letters|sender address syntax|"
                      "bad sender address|domain name required for sender|"
                      "^invalid sender address|^sender address (is )?(required|malformed)"),
      REPLY_FIRST (3, S_MAIL, 400, 559, NULL,
                      "invalid e-?mail address|invalid (sender |mail from )?address|"
                      "address syntax|malformed (mail )?address|invalid sender|"
                      "invalid mail from|syntax[^.]*sender|sender[^.]*syntax|"
                      "not a valid (e-?mail |rfc[- ]?5321 )?address|"
                      "8-bit character in (mailbox )?address"),
      REPLY (S_MAIL, 500, 559, "5.1.7", NULL),
      REPLY (S_MAIL, 500, 559, "5.1.3", NULL) } },

  { "sender-blocked", PERMANENT,
    N_("The server refuses the sender address or its domain: it is on a block list of the "
       "receiver or of a public domain list."),
    { N_("The receiving organisation blocked your address or domain."),
      N_("The recipient blocked your address in their own mailbox settings (a list of "
         "blocked senders)."),
      N_("The sender domain is listed on a domain blocklist, such as the Spamhaus DBL."),
      N_("The sender domain was used for spam, possibly forged by others."),
      NULL },
    { N_("Ask the recipient’s administrator whether your address or domain is blocked."),
      N_("Look the sender domain up on the blocklist named in the reply."),
      NULL },
    { /* Debian's Exim: the administrator's own list of senders. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "sender (envelope )?address \\S+ is locally blocklisted"),
      REPLY_FIRST (7, S_MAIL, 500, 559, NULL, "your mail was administratively rejected"),
      REPLY_FIRST (6, S_ANY, 500, 559, NULL, "^sender not allowed\\.?$"),
      REPLY_FIRST (8, S_ANY, 500, 559, NULL, "mail from address not allowed"),
      REPLY_FIRST (7, S_ANY, 500, 559, NULL, "^e-?mail from:? [^ ]+ not allowed"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "blocked on advice of dbl\\b"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "\\bblock-send-?er\\b"),
      /* Its postmaster and abuse zones list sender domains. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "rfc-ignorant\\.org"),
      REPLY_FIRST (6, S_MAIL, 400, 559, NULL,
                      "banned sender|^mail from [^ ]+ is not allowed|"
                      "^(black|block) ?listed \\(?<?[^ @]+@"),
      REPLY_FIRST (6, S_MAIL | S_RCPT, 400, 559, NULL,
                      "[a-z0-9-]+\\.[a-z]{2,} has been sending (mostly )?spam"),
      REPLY_FIRST (6, S_MAIL, 400, 559, NULL, "null senders?[^.]{0,20}rejected"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "blocked senders\\b|blocked sender list|"
                      "sender domain (is )?not (allowed|accepted)|"
                      "not accepting (e-?)?mail from this sender|\\bmail from rejected spam\\b|"
                      "involved with spam warm-?up"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "\\brhsbl\\b|domain name is listed|\\bsender (address )?is (black|"
                      "block) ?listed"),
      REPLY_FIRST (6, S_MAIL | S_RCPT, 400, 559, NULL,
                      "your domain (has been|is) (blocked|(black|block) ?listed|banned)"),
      REPLY_FIRST (8, S_MAIL, 400, 559, NULL,
                      "address (?![0-9.]+ )[^ ]{1,100} is (black|block) ?listed|"
                      "that sender cannot send mail here|"
                      "domain blocked|(domain|e-?mail address|(?<!ip )address|sender) is (black|"
                      "block) ?listed"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "from that domain is not accepted|your address is not liked source"),
      REPLY_FIRST (1, S_ANY, 400, 559, NULL, "sender address rejected"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "sender (address )?(<[^>]*>|'[^']*'|\\S+@\\S+) (is |"
                      "has been )?((black|block) ?listed|blocked|banned|rejected)|"
                      "sending domain (has been |is )?((black|block) ?listed|blocked|"
                      "banned)|sender[^.]{0,20}(local )?(black|block) ?list|do not "
                      "accept mail from|sender not acceptable"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "no access for this (domain|user)|denies the sender|"
                      "sender <[^>]*> ((black|block) ?listed|blocked|rejected)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "\\bsender (<[^>]*> )?rejected\\b(?!:)|sender rejected:|"
                      "sender is rejected|(sender|domain) [^ ]+ is banned|"
                      "blocked by this recipient|domain suffix rejected|"
                      "mail server at [^ ]+ is blocked"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "mail ?from domain[^;]* listed|"
                      "sender (address )?\\[[^]]*\\] blocked|sender'?s domain is listed|"
                      "mail servers for the domain[^;]* listed|"
                      "envelope sender (address )?(is )?((black|block) ?listed|blocked|"
                      "rejected)|badmailfrom|\\bsender (e-?mail )?(address |"
                      "domain )?(is |has been )?((black|block) ?listed|blocked|"
                      "banned|on [^.]*(black|block) ?list|rejected(?!:))|"
                      "\\bsender (e-?mail )?address (is )?not allowed|\\bfrom (address|"
                      "domain) (is )?((black|block) ?listed|blocked|rejected|"
                      "banned)|(black|block) ?listed sender|"
                      "sender (address )?rejected: access denied|"
                      "sending address not accepted|envelope blocked|"
                      "policy restrictions \\(domain based\\)|want your mail|"
                      "\\bsender (was|is|has been) (rejected|a spammer)|"
                      "sender is spammer|(your|sender'?s?) (e-?mail )?address (has been|"
                      "is) ((black|block) ?listed|blocked|banned)|"
                      "address that has been (black|block) ?listed|senderfilterconfig|"
                      "sender domain listed"),
      REPLY_FIRST (5, S_MAIL, 400, 559, NULL, ">(\\.\\.\\.|:) access denied"),
      /* Sendmail's access map names the sender address, then its verdict:
       * before any message, spam is about the sender. */
      REPLY_FIRST (5, S_MAIL, 400, 559, NULL, ">\\.\\.\\. [^.]*\\bspam\\b") } },

  /* Exim's words when no router takes the address: for an unknown user and
   * for a domain it cannot route alike; readers split between the two. */
  { "unrouteable-address", PERMANENT,
    N_("The server found no way to deliver to this address: the mailbox does not exist "
       "there, or the server cannot route mail for the domain."),
    { N_("The part before the “@” has a typo, or the mailbox was removed."),
      N_("The domain is not one the server takes mail for, and it finds nowhere else to send "
         "it."),
      NULL },
    { N_("Check the address with the recipient."),
      N_("Check the MX records of the recipient’s domain."),
      NULL },
    { REPLY_FIRST (7, S_RCPT, 500, 559, NULL, "^unrouteable address\\.?$") },
    "recipient-domain" },

  /* GMX's two lines contradict each other; readers find no cause in them. */
  { "generic-mailbox-failure", PERMANENT,
    NULL,
    { N_("The address does not exist there, or the mailbox is disabled: “mailbox "
         "unavailable” are the standard words for any refusal of a recipient."),
      N_("The provider had a problem of its own: “try again later” does not fit a permanent "
         "code."),
      NULL },
    { N_("Check the address with the recipient."),
      N_("Run the test again later; if the refusal stays, send the recipient’s administrator "
         "the time of the test and the reply."),
      NULL },
    { REPLY_FIRST (8, S_RCPT | S_DATA | S_MESSAGE, 500, 559, NULL,
                      "mailbox unavailable failure sending mail") } },

  /* MailEnable's words: no such mailbox, or a domain it does not serve. */
  { "mailbox-not-local", PERMANENT,
    N_("The server refuses the recipient: either the mailbox does not exist there, or the "
       "address is not in one of its own domains and it will not pass the mail on."),
    { N_("The server tested does not receive mail for the recipient’s domain, so it would "
         "have to relay the message, which it allows only to its own signed-in users."),
      N_("The address has a typo, or the mailbox was deleted."),
      NULL },
    { N_("Test the servers in the MX records of the recipient’s domain, not another server."),
      N_("Check the address with the recipient."),
      NULL },
    { REPLY_FIRST (8, S_RCPT, 500, 559, NULL,
                      "mailbox unavailable or (is )?not local|"
                      "not local address") },
    "relay-denied" },

  { "mailbox-unavailable", PERMANENT,
    N_("The server refuses the recipient with the standard words “mailbox unavailable”: most "
       "often the address does not exist there, but the words say no more."),
    { N_("A typo in the part before the “@”."),
      N_("The person left, or the mailbox was deleted or renamed."),
      N_("The mailbox exists but is disabled, or does not take mail from you."),
      N_("Some providers, such as Outlook.com, use these words for other refusals too, "
         "including mail they take for spam."),
      NULL },
    { N_("Ask the recipient for the exact address, or copy it from an email they sent."),
      N_("If the address is right, ask the recipient’s administrator why the mailbox refuses "
         "mail."),
      NULL },
    { REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 500, 559, NULL,
                      "^(requested action not taken: |"
                      "request failed; )?mailbox unavailable\\.?$"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 500, 559, NULL,
                      "^mailbox unavailable or access denied( - <[^>]*>)?$|"
                      "^requested action not taken: mailbox unavailable \\([a-z0-9]+\\)\\.?$") },
    "recipient-unknown" },

  { "recipient-unknown", PERMANENT,
    N_("The recipient’s mail server says this address does not exist."),
    { N_("A typo in the part before the “@”."),
      N_("The person left, or the mailbox was deleted or renamed."),
      N_("The address is an alias or a group that was never set up on this server, or "
         "directory synchronisation has not run yet."),
      N_("The server tested is not the final one and its list of recipients is out of date."),
      NULL },
    { N_("Check the spelling of the part before the “@”."),
      N_("Ask the recipient for the exact address, or copy it from an email they sent."),
      N_("If the address should exist, ask the recipient’s administrator to check the mailbox "
         "and its aliases."),
      NULL },
    /* In our users' languages and their neighbours'. */
    { REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 500, 559, NULL,
                      "utente (inesistente|non esistente)|casella (inesistente|non esistente)|"
                      "usu[aá]rio n[aã]o (existe|encontrado)|usuario (inexistente|no existe)|"
                      "u[zż]ytkownik nie istnieje|nie ma takiego u[zż]ytkownika|"
                      "adresse (hier )?nicht vorhanden|empf[aä]nger unbekannt|"
                      "benutzer unbekannt|utilisateur inconnu"),
      REPLY_FIRST (3, S_RCPT | S_DATA | S_MESSAGE, 500, 559, NULL, "\\bno user found\\b"),
      REPLY_FIRST (4, S_RCPT, 400, 559, NULL, "^error: wrong recipient"),
      REPLY_FIRST (5, S_RCPT, 500, 559, NULL, "email address - [^ ]+ - is not available here"),
      REPLY_FIRST (4, S_RCPT, 500, 559, NULL,
                      "^<[^>]*>:? recipient (address )?rejected\\.?$|"
                      "^recipient rejected: <[^>]*>$"),
      REPLY_FIRST (2, S_RCPT, 500, 559, NULL,
                      "^#?(5\\.1\\.0 )?(recipient )?address rejected\\.?$"),
      REPLY_FIRST (7, S_RCPT, 500, 559, NULL, "#?5\\.1\\.1 bad address"),
      REPLY_FIRST (7, S_RCPT | S_DATA | S_MESSAGE, 500, 559, NULL,
                      "this user does not have an? ([a-z0-9.-]+ )?account\\b"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL, "recipient address rejected: unverified address"),
      REPLY_FIRST (6, S_RCPT, 500, 559, NULL, "recipient verif(y|ication) (from [a-z]+ )?failed"),
      REPLY_FIRST (5, S_RCPT, 400, 559, NULL, "not in (the )?(recipient|user) list"),
      REPLY_FIRST (4, S_RCPT, 400, 559, NULL, "^mailbox <?[^ ]+@[^ ]+>? (is )?unavailable"),
      REPLY_FIRST (4, S_RCPT, 400, 559, NULL,
                      "\\b(address|mailing list|list|mailbox|recipient|user|"
                      "account)( name)? (was |is )?not found|^<[^>]+> not found"),
      REPLY_FIRST (4, S_RCPT, 400, 559, NULL,
                      "mail box does not exist|mailbox \\([^)]*\\) not found"),
      REPLY_FIRST (5, S_RCPT, 400, 559, NULL, "not a (known|valid) mailbox"),
      REPLY_FIRST (3, S_RCPT, 500, 559, NULL,
                      "recipient unknown|(mailbox|user|account|"
                      "e-?mail address) (name )?(is )?(unknown|not known)|unknown (mailbox|"
                      "virtual user|local user|addressee)|invalid user\\b|"
                      "invalid-recipient|userunknown|not (present|"
                      "listed) in (the )?(directory|address book)|mailbox not present|"
                      "address could not be found|is not a valid (mailbox|user)|"
                      "not a valid user|no one (at|by) this address|"
                      "no existe (dicha persona|ese usuario|el usuario|la cuenta)|"
                      "nessun utente|utilisateur inconnu|"
                      "'s? (e-?mail )?name is not found|addresses (were|are) unknown|"
                      "cannot accept user|mailbox (is )?unava[il]+able|"
                      "no mailbox (here )?by that name|(bad|unknown) destination mailbox address|"
                      "mailbox unallocated|unknown or illegal (user|alias)|unknown or expired|"
                      "no user record"),
      REPLY_FIRST (7, S_RCPT, 400, 559, NULL, "is absent on this domain"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL,
                      "recipient e-?mail add?ress unknown|"
                      "\\buser \\([^)]{1,100}\\) unknown|rcpt user .{0,100} not ok"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "not in route list|user <[^>]*> unknown|(dosn'?t|do not) exist|"
                      "\\bemail not exist\\b|; nosuchuser;"),
      REPLY_FIRST (3, S_RCPT, 500, 559, NULL, "invalid mailbox"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "recipient undeliverable|unknown e-?mail address|"
                      "cannot receive for specified address"),
      REPLY_FIRST (4, S_RCPT, 500, 559, NULL, "^#?5\\.1\\.0 address rejected"),
      REPLY_FIRST (4, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "(user|address|rcpt|recipient|account)[^;]{0,40}\\b(no|not|"
                      "does not|does no) exists?|user \\[[^]]*\\] not found|"
                      "unavailable (mail )?user|not a member of domain|marked as invalid|"
                      "recipient <[^>]*> (invalid|unknown)|no mail ?box available|"
                      "path no exist"),
      REPLY_FIRST (6, S_RCPT, 500, 559, "5.7.504", NULL),
      REPLY_FIRST (6, S_DATA, 400, 559, NULL, "all recipient addresses rejected"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "recipient address rejected: unverified address:.{0,100}(unknown|"
                      "does not exist|no such|5\\.1\\.1|said: 55)|"
                      "callout verification fail|\\(cached\\) callout|validrcptto|"
                      "badrcptto|not our (customer|user)"),
      REPLY_FIRST (3, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "user unknown|unknown user|no such (user|recipient|mailbox|person)|"
                      "(user|mailbox|recipient|rcpt|account|"
                      "addressee)[^.;]{0,60}\\b(does not|not|no longer) (exist|"
                      "valid)|recip(ient)? ?not ?found|(mailbox|account|user) not found|"
                      "no mailbox|unknown recipient|recipient unknown|(not a|invalid|"
                      "bad)[ _](valid )?recipient(?! address)|not a (known|"
                      "registered)[^.]*user|non-?existent (local )?(user|recipient|mailbox|"
                      "account|e-?mail address|address|local part)|"
                      "(user|recipient|mailbox|address|addressee|adress)\\b[^.;]{0,40}"
                      "(?<![@.])\\bnon-?existent\\b(?![.@][a-z0-9])|"
                      "inexistent recipient|address unknown|"
                      "addressee unknown|no account by that name|"
                      "does not have a [^ ]+ account|is no longer valid|"
                      "not an active address|no such address(?! here \\(mx)|"
                      "mailbox unavailable|destinatario (inesistente|sconosciuto|"
                      "desconocido)|usu[aá]rio (desconhecido|inexistente)|"
                      "utente sconosciuto|nieznany u[zż]ytkownik|"
                      "adresse destinataire invalide|unknown local part|"
                      "access denied\\. as\\("),
      REPLY_FIRST (4, S_RCPT, 550, 550, NULL,
                      "invalid address|(address|mailbox) (is )?invalid|no longer valid|"
                      "badrecipientto"),
      REPLY (S_RCPT, 500, 559, "5.1.1", NULL),
      REPLY (S_ANY, 400, 559, "5.1.10", NULL),
      REPLY (S_DATA | S_MESSAGE, 500, 559, "5.1.1", NULL),
      REPLY (S_RCPT, 550, 550, "5.4.1", NULL) } },

  { "recipient-disabled", PERMANENT,
    N_("The recipient’s mailbox exists but is not accepting mail: it is disabled, suspended "
       "or unavailable."),
    { N_("The account was switched off, for example because the person left."),
      N_("The mailbox was suspended, for example for unpaid fees or a security problem."),
      N_("Some servers say this for addresses that do not exist at all."),
      NULL },
    { N_("Contact the recipient by another channel and ask whether the address is still in "
         "use."),
      N_("Ask the recipient’s administrator whether the account is active."),
      NULL },
    { REPLY_FIRST (9, S_RCPT | S_DATA | S_MESSAGE, 500, 559, NULL,
                      "account is not authori[sz]ed to receive"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 500, 559, NULL,
                      "recipient is unable to receive e-?mail"),
      REPLY_FIRST (7, S_RCPT | S_DATA | S_MESSAGE, 500, 559, NULL,
                      "(address|account|mailbox) is no longer active"),
      REPLY_FIRST (6, S_RCPT, 500, 559, NULL, "disabled due to abuse"),
      REPLY_FIRST (6, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "mailbox [^;]{0,80}account (is )?disabled"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL, "rejected: on hold\\b"),
      REPLY_FIRST (5, S_RCPT, 400, 559, NULL, "(alias|distribution list|list) is not active"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "user is terminated|account (is |has been )?terminated"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL, "not configured to receive"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "this (account|mailbox) (has been |is )(disabled|discontinued|"
                      "suspended)|temporary locked|is now disabled"),
      REPLY_FIRST (5, S_RCPT, 400, 559, NULL,
                      "not being accepted at this address|does not accept incoming"),
      REPLY_FIRST (4, S_RCPT, 400, 559, NULL,
                      "(mailbox|account|user|address|recipient|"
                      "incoming)[^;]{0,40}\\b(disabled|inactivity|suspended|not active|"
                      "not activated|frozen|(?<!unknown or )expired|archived|blocked|"
                      "locked|closed|discontinued)|(disabled|(?<!unknown or )expired|"
                      "archived|frozen|locked|suspended) (mailbox|mbox|account|user|"
                      "e-?mail address|address|recipient)|"
                      "recipient address rejected: (disabled|blocked)|\\barchiv(ed|ee|ée|"
                      "iert|ado|ato|ata)\\b|compte[^.]*bloque|konto[^.]*zablokowane|"
                      "(?<!server )has been suspended|is currently suspended|"
                      "suspend the service|no longer accepts? (e-?)?mail"),
      /* The code alone names the cause when the text names none. */
      REPLY_FIRST (6, S_RCPT, 500, 559, "5.2.1",
                      "^(requested action not taken: )?mailbox unavailable\\.?$"),
      REPLY (S_RCPT, 500, 559, "5.2.1", NULL),
      REPLY (S_ANY, 400, 559, "*.7.13", NULL) } },

  { "mailbox-full", TEMPORARY,
    N_("The recipient’s mailbox is full: it has reached its storage limit."),
    { N_("The recipient has too much mail stored and their quota is used up."),
      N_("The mailbox is no longer used, so nobody empties it."),
      NULL },
    { N_("Tell the recipient by phone or another channel to delete or archive mail."),
      N_("Ask their administrator to raise the quota."),
      N_("A 4xx reply is temporary: sending servers keep retrying for a few days."),
      NULL },
    { REPLY_FIRST (8, S_RCPT, 400, 559, NULL, "too much mail data [^ ]+@"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "exceed (the )?maximum mailbox size"),
      REPLY_FIRST (4, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "over (the |its |his |her |their )?(allowed |disk |storage |"
                      "mailbox )?quota|(mailbox|disk ?space|storage|mail ?folder) quota|"
                      "(mailbox|mail ?folder|folder)[^.]{0,30}(is full|\\bfull\\b|"
                      "exceed[a-z]* (its |the |his |her )?(quota|size|storage|space|limit))|"
                      "exceed[a-z]* (its|the|his|her|their) (disk ?space|storage|mailbox|"
                      "local) (limit|quota|"
                      "allocation)|would exceed[^.]{0,30}(quota|storage)|"
                      "space has been used up|(user|recipient|mailbox) is over"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "mailbox (for )?[^ ]{0,100} ?is full"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "exceed[a-z]* (the |his |her |their )?(mailbox )?quota"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL, "quota limit"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL, "full mailbox"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL, "exceeds quota|quota usage"),
      REPLY_FIRST (7, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "mailbox size limit|enough space|out of storage space"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "(mailbox|box|account|recipient|user)[^.]{0,40}\\b(full\\b|over ?quota|"
                      "quota exceeded|exceeded[^.]*quota|size limit|storage space|"
                      "enough space)|"
                      "over ?quota|quota (exceeded|full|violation)|exceeded (storage|"
                      "the quota|quota)|storage allocation|"
                      "insufficient (mailbox )?storage|disk quota|too many (mails|"
                      "messages) on the server|zuviele mails|caixa (postal )?(cheia|"
                      "lotada)|buz[oó]n lleno|casella (piena|pieno)|"
                      "skrzynka[^.]*pe[lł]na|bo[iî]te[^.]*pleine"),
      REPLY (S_RCPT | S_DATA | S_MESSAGE, 400, 559, "*.2.2", NULL) } },

  { "recipient-busy", TEMPORARY,
    N_("The recipient’s mailbox cannot take mail at this moment: it is locked, busy or "
       "receiving mail faster than the server allows."),
    { N_("The mailbox receives a lot of mail right now, for example from a mailing list or a "
         "loop."),
      N_("The mailbox is being moved, repaired or backed up."),
      NULL },
    { ADVICE_RETRY_LATER,
      N_("If it goes on for hours, tell the recipient by another channel."),
      NULL },
    { REPLY_FIRST (8, S_RCPT | S_DATA | S_MESSAGE, 400, 499, NULL,
                      "rate limit exceeded for recipient"),
      REPLY_FIRST (6, S_RCPT, 400, 499, NULL,
                      "address temporarily unavailable|recipient account is unavailable"),
      REPLY_FIRST (7, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL, "\\bmailbox busy\\b"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL, "message receive limit"),
      /* Exchange: too many deliveries to this one mailbox at the same time. */
      REPLY_FIRST (8, S_RCPT | S_DATA | S_MESSAGE, 400, 499, NULL, "recipient thread limit"),
      REPLY_FIRST (4, S_RCPT | S_DATA | S_MESSAGE, 400, 499, NULL,
                      "mail ?box (is )?(temporarily |currently )?unavailable"),
      REPLY_FIRST (7, S_RCPT | S_DATA | S_MESSAGE, 400, 499, NULL,
                      "recipient( <[^>]*>| [^ ]+@[^ ]+)? has exceeded|"
                      "waiting for (a |the )?lock"),
      REPLY_FIRST (5, S_RCPT, 400, 499, NULL, "^busy\\b|box is busy"),
      /* A forwarding service holding mail for an address that bounced. */
      REPLY_FIRST (7, S_RCPT | S_DATA | S_MESSAGE, 400, 499, NULL, "temporarily bounced"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 499, NULL,
                      "not to accept more than \\d+ messages"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "receiving (e-?)?mail (too quickly|at a rate|faster)|(messages|"
                      "mail) to [^ ]+@[^ ]+ deferred|too many recent messages|"
                      "[^ ]+@[^ ]+ temporarily unavailable|recipient has exceeded|"
                      "receiving (too many|mail at)|exceeded[^.]*messages[^.]*receive"),
      REPLY_FIRST (3, S_RCPT | S_DATA | S_MESSAGE, 400, 499, NULL,
                      "(mailbox|user|recipient(?! address rejected))[^.]{0,30}(busy|locked|"
                      "temporarily (unavailable|disabled|locked)|in use)|"
                      "mailbox temporarily|try again later[^.]*mailbox"),
      REPLY (S_RCPT | S_DATA | S_MESSAGE, 400, 499, "4.2.1", NULL) } },

  { "recipient-moved", PERMANENT,
    N_("The recipient is no longer at this address; the server may name a new one."),
    { N_("The person moved to another organisation or another address."),
      N_("The mailbox was moved and no forwarding was set up."),
      NULL },
    { N_("Look for a new address in the server’s reply text."),
      N_("Ask the recipient, by another channel, for their current address."),
      NULL },
    { REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL, "use [^ ]+@[^ ]+ instead"),
      REPLY_FIRST (3, S_RCPT, 400, 559, NULL, "\\bmoved\\b"),
      REPLY_FIRST (3, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "user not local|please try <|has moved|no longer (with|at|works)|"
                      "forward(ing)? address|moved to"),
      REPLY (S_ANY, 400, 559, "*.1.6", NULL) } },

  { "recipient-domain", PERMANENT,
    N_("The server does not know where to deliver mail for the recipient’s domain."),
    { N_("The domain after the “@” has a typo."),
      N_("The domain does not exist or has no mail servers."),
      N_("The server tested is not responsible for this domain."),
      NULL },
    { N_("Check the part after the “@”."),
      ADVICE_TEST_DOMAIN_SERVERS,
      NULL },
    { REPLY_FIRST (8, S_RCPT, 400, 559, NULL, "^<[^>]+>:? domain is not verified"),
      REPLY_FIRST (6, S_RCPT, 500, 559, NULL,
                      "unsupported or missing domain|domain (is )?not served by|"
                      "^(recipient )?domain not allowed|only handles [^.;]{0,40} recipients"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL,
                      "dom[ií]nio n[aã]o (encontrado|existe)|dominio (no existe|"
                      "inexistente|non esiste|inesistente)|domena nie istnieje"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "smtpsend\\.dns\\.nonexistentdomain"),
      /* RFC 7504: a host that takes no mail at all says so at once. */
      REPLY_FIRST (5, S_BANNER | S_GREETING, 521, 521, NULL, "does not accept (e-?)?mail"),
      REPLY_FIRST (8, S_RCPT, 400, 559, NULL,
                      "forward-?email txt record|"
                      "not configured to use https?://forwardemail\\.net"),
      REPLY_FIRST (7, S_RCPT, 400, 559, NULL,
                      "domain (has been|is) disabled|invalid destination domain|"
                      "recipient address rejected: domain not active|dominio non valido|"
                      "local (mail )?delivery is disabled|mail for [^ ]+ is not deliverable|"
                      "domain is not accepting mail"),
      REPLY_FIRST (5, S_RCPT, 400, 559, NULL, "domain is not in service"),
      REPLY_FIRST (3, S_RCPT, 400, 559, NULL,
                      "domain (name )?(must exist|is unknown)|(host|"
                      "domain)( or domain name)? not found|unknown host|"
                      "unroutable (address|domain)|mail domain[^.]{0,40}(unknown|"
                      "not found|does not exist)|name or service not known|"
                      "no mx (record )?(found )?for|no (valid )?mx records?\\b|host unreachable|"
                      "bad destination system address|find (a|the) (mail server for|"
                      "recipient domain)"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL,
                      "invalid mx\\b|dns domain .{0,100} does not exist|"
                      "infodomainnonexistent|domain [^ ]{1,100} is (obsolete|"
                      "no longer supported)|unrouteable mail domain|"
                      "invalid mx record with an ip address|"
                      "domain is deliberately rejected"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL, "domain is not reachable|domain (is )?unreachable"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL,
                      "cannot find a mail exchanger|no mail exchanger for"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL, "not accepting (e-?)?mail for (this |the )?domain"),
      REPLY_FIRST (4, S_RCPT, 400, 559, NULL,
                      "null ?mx|rfc ?7505|does not accept (e-?)?mail|"
                      "wrong office 365 region|"
                      "recipient address rejected: domain not found|unrouteable address|"
                      "do not point to us|unknown tld|rfc ?2606|reserved domain"),
      REPLY_FIRST (3, S_RCPT, 400, 559, NULL,
                      "invalid domain|host unknown|domain (not found|unknown|"
                      "does not exist)|no such domain|unknown domain|"
                      "cannot find a valid mx for rcpt|mx for rcpt|rcpt domain|"
                      "not (a )?local domain|not hosted|unrouteable domain"),
      REPLY (S_RCPT | S_DATA | S_MESSAGE, 400, 559, "*.1.2", NULL) } },

  /* Exchange's RESOLVER.ADR.BadPrimary: the address is well formed, the
   * recipient object behind it is not. Readers count it as the
   * recipient's address. */
  { "recipient-bad-primary", PERMANENT,
    N_("The recipient’s mailbox on Microsoft Exchange has no valid primary address: the "
       "recipient’s organisation has set it up wrongly."),
    { N_("The administrator created or changed the mailbox without a valid primary email "
         "address."),
      NULL },
    { ADVICE_TELL_ADMIN,
      NULL },
    { REPLY_FIRST (8, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "resolver\\.adr\\.badprimary|primary smtp address is missing") },
    "recipient-syntax" },

  { "recipient-syntax", PERMANENT,
    N_("The server refused the recipient address because of its form: it is not a valid "
       "address."),
    { N_("A typo, a space or a character addresses cannot contain."),
      N_("The address is incomplete or has extra text around it."),
      N_("The address has non-English characters and the server does not support them."),
      NULL },
    { N_("Check the recipient address for typos and stray characters."),
      N_("Copy the address from a recent email of the recipient."),
      NULL },
    { REPLY_FIRST (8, S_RCPT, 500, 559, NULL, "^(rcpt )?to:? syntax error"),
      REPLY_FIRST (6, S_RCPT, 500, 559, NULL,
                      "does not conform to rfc[- ]?2?821 syntax|user address required|"
                      "invalid control characters|recipient domain not specified"),
      REPLY_FIRST (7, S_RCPT, 500, 559, NULL,
                      "(mailbox|address) (cannot|must not) be empty|"
                      "is a domain, not a mailbox|(missing|invalid) angle brackets|"
                      "domain literals? (are )?not allowed"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL,
                      "endere[cç]o inv[aá]lido|direcci[oó]n (no v[aá]lida|inv[aá]lida)|"
                      "indirizzo (non valido|errato)|nieprawid[lł]owy adres|"
                      "\\bunbalanced ['\\\"(<)>]|prescan|token too long|"
                      "address [^ ]{0,300} ?too long|sender-specified routing"),
      REPLY_FIRST (8, S_RCPT, 400, 559, NULL, "fully qualified (domain name|address) required"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL, "single[- ]label domain"),
      REPLY_FIRST (3, S_RCPT, 400, 559, NULL,
                      "mailbox name not allowed|valid address is required|"
                      "address is not valid"),
      REPLY_FIRST (8, S_RCPT, 400, 559, NULL, "syntax error in (the )?mailbox address"),
      REPLY_FIRST (7, S_RCPT, 400, 559, NULL, "normali[sz]e (the )?recipient"),
      REPLY_FIRST (9, S_RCPT, 400, 559, NULL, "syntax error in (the )?forward[- ]path"),
      REPLY_FIRST (7, S_RCPT, 400, 559, NULL,
                      "(address|domain|local part)[^.]{0,20}(too long|cannot exceed)"),
      REPLY_FIRST (8, S_RCPT, 400, 559, NULL, "bad (recipient )?address syntax"),
      REPLY_FIRST (8, S_RCPT, 400, 559, NULL, "recipient address syntax|bad recipient address"),
      REPLY_FIRST (8, S_RCPT, 400, 559, NULL,
                      "syntax error in (the )?(recipient|rcpt)|(recipient|"
                      "rcpt to)( address)? syntax error|"
                      "destination (mailbox )?address syntax|"
                      "improper (recipient )?address|should not be empty|"
                      "empty (recipient|address)"),
      REPLY_FIRST (5, S_RCPT, 400, 559, NULL,
                      "recipient address syntax|bad recipient address|"
                      "recipient address rejected: need fully|invalid (rcpt to|"
                      "recipient) address|rcpt syntax|blank mailhost|null recipient|"
                      "must (contain|specify) a domain|invalid route address|"
                      "(?<!unknown )local[- ]part|not a valid rfc|hostname required|"
                      "syntax illegal for recipient|illegal in host ?name|"
                      "8-bit character in (mailbox )?address"),
      REPLY_FIRST (5, S_RCPT, 501, 501, NULL, "invalid|bad|malformed|syntax|parse"),
      REPLY_FIRST (4, S_RCPT, 400, 559, NULL,
                      "address syntax|syntax error[^.]*(recipient|rcpt|address)|"
                      "malformed|illegal address|restricted characters|"
                      "need fully-?qualified address|invalid host name|invalid address|"
                      "bad address"),
      /* Amazon SES checks the addresses after the final dot. Its "Address
       * contains illegal characters" names no side: readers split. */
      REPLY_FIRST (7, S_RCPT | S_DATA | S_MESSAGE, 500, 559, NULL,
                      "(subscriber|recipient) e-?mail (address )?is invalid"),
      REPLY (S_RCPT, 500, 559, "5.1.3", NULL) } },

  { "recipient-restricted", PERMANENT,
    N_("The recipient accepts mail only from certain senders, and this sender is not one "
       "of them."),
    { N_("The address is a group or a list that takes mail only from its members or from "
         "inside the organisation."),
      N_("The recipient or their administrator allowed only some senders."),
      NULL },
    { N_("Ask the recipient whether the address takes mail from outside senders."),
      N_("Ask the owner of the group to allow your sender address."),
      NULL },
    { REPLY_FIRST (8, S_RCPT, 400, 559, NULL, "direct access to mailbox|valid hotp token"),
      REPLY_FIRST (7, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "mailbox '[^']*' only accepts"),
      REPLY_FIRST (5, S_RCPT, 400, 559, NULL,
                      "not authori[sz]ed (owner|domain|sender)|banned recipient|"
                      "not authorized sender"),
      REPLY_FIRST (6, S_RCPT, 500, 559, NULL, "private list"),
      /* Sendmail's access database refusing a recipient. */
      REPLY_FIRST (5, S_RCPT, 500, 559, NULL, "^<[^>]*>\\.\\.\\. access denied\\.?$"),
      /* Postfix's access table refusing a recipient; Exchange Online's
       * directory check says 5.4.1 instead (recipient-unknown). */
      REPLY_FIRST (5, S_RCPT, 500, 559, "5.7.1", "recipient address rejected: access denied"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "only accepting (e-?)?mail from"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL, "public ?folder"),
      /* Exchange's store refusing a sender without the right to post (to a
       * public folder, mostly), in the error's name. */
      REPLY_FIRST (8, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL, "mapiexceptionnotauthorized"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "not a (group |list )?member(?! of domain)|"
                      "non-?members?\\b"),
      REPLY_FIRST (4, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "members-only|closed mailing list|not subscribed to|"
                      "list of senders|sender not pre-approved|not accepting mail with"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "does not accept bounces|do not accept null senders"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "not (allowed|authori[sz]ed) to "
                      "(receive|post)"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL, "only in the same domain"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "recipient (is )?not allowed"),
      REPLY_FIRST (5, S_RCPT, 500, 559, NULL, "cannot message [^ ]+@"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "blocked by your organi[sz]ation"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "permission to post|refused to receive|mailbox [^ ]+ is restricted|"
                      "unsubscribed"),
      REPLY_FIRST (4, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "resolver\\.rst\\.(?!.*size)|not authenticated (for|by)|"
                      "sender was not authenticated|allowed[- ]senders|only (accepts?|"
                      "receives?) (mail )?from|restricted (group|list|recipient)|"
                      "recipient preferences|not (authori[sz]ed|allowed) to send "
                      "(mail )?to|"
                      "cannot send messages to this recipient|delivery restricted|"
                      "authorized recipients|posta non certificata|only internal senders|"
                      "only send testing e-?mails to your own|"
                      "internal senders only|blocked by your organi[sz]ation|"
                      "your envelope recipient|"
                      "recipient address rejected: not authori[sz]ed|"
                      "delivery not authori[sz]ed|not abilitato|rejected by recipients"),
      REPLY_FIRST (4, S_RCPT | S_DATA | S_MESSAGE, 500, 559, "5.7.12", NULL),
      REPLY_FIRST (4, S_RCPT | S_DATA | S_MESSAGE, 500, 559, "5.7.124", NULL),
      REPLY_FIRST (4, S_RCPT | S_DATA | S_MESSAGE, 500, 559, "5.7.133-136", NULL) } },

  { "recipient-suppressed", PERMANENT,
    N_("The sending service will not send to this recipient: the address is on its "
       "suppression list."),
    { N_("Earlier mail to this address bounced, for example because the mailbox did not "
         "exist then."),
      N_("The recipient marked earlier mail as spam or unsubscribed."),
      NULL },
    { N_("Check the address with the recipient by another channel."),
      N_("If the address is right, remove it from the suppression list in the sending "
         "service’s dashboard, then send again."),
      NULL },
    { REPLY_FIRST (8, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "recipient( address)? (is |was )?suppressed|on (the |a |our )?"
                      "suppression list") },
    "recipient-restricted" },

  { "too-many-recipients", TEMPORARY,
    N_("The server accepts only a limited number of recipients per message or per session, "
       "and this one went over it."),
    { N_("The message has more recipients than the server takes at once."),
      N_("A sending server would send the rest in another session, so nothing is lost."),
      NULL },
    { N_("Send to fewer recipients at a time, or split the list."),
      NULL },
    { REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "only one recipient at a time|single envelope recipient"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "multiple recipients"),
      REPLY_FIRST (6, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "number of rcpts?|"
                      "more than \\d+ (rcpts|recipients)|next batch"),
      REPLY_FIRST (7, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "limit of \\d+ recipients|recipients exceeded"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "rcpt numbers|"
                      "too many (recipients|rcpt|recipient attempts)|(recipient|rcpt) limit|"
                      "max(imum)? (number of |of \\d+ )?(rcpt|recipients)|reciplimit|"
                      "recipients? allowed|"
                      "per transaction|destination domains per transaction"),
      REPLY_FIRST (8, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "recipients? per (message|connection|transaction|session)|"
                      "recipients? limit"),
      REPLY_FIRST (5, S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL, "more than one recipient"),
      REPLY (S_RCPT, 452, 452, "4.5.3", NULL),
      REPLY (S_RCPT | S_DATA | S_MESSAGE, 400, 559, "*.5.3", NULL) } },

  { "relay-denied", PERMANENT,
    N_("The server will not pass the message on (relay): it does not accept mail for this "
       "recipient’s domain from you."),
    { N_("The server tested is not a mail server of the recipient’s domain; for example your "
         "own server, or the wrong server was entered."),
      N_("The server does not list the domain as one of its own (an accepted domain)."),
      N_("The server relays only for signed-in users or for listed IP addresses."),
      NULL },
    { ADVICE_TEST_DOMAIN_SERVERS,
      N_("If this server should take mail for the domain, add the domain to its accepted "
         "domains."),
      N_("To send through this server to other domains, sign in or have your IP address "
         "allowed to relay."),
      NULL },
    { REPLY_FIRST (7, S_RCPT, 500, 559, NULL, "not accepted relay target|not relaying to"),
      /* Relaying needs a login; the reply is about relaying. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "relaying through this server requires authentication|"
                      "requires authentication when attempting to send to a non-local"),
      REPLY_FIRST (5, S_RCPT, 400, 499, NULL, "unable to relay"),
      /* The address is not here, and the server does not pass mail on. */
      REPLY_FIRST (7, S_RCPT, 500, 559, NULL, "relaying is not supported"),
      /* Sendmail's verdict first, then why it could not tell the client. */
      REPLY_FIRST (7, S_RCPT, 500, 559, NULL, "^<[^>]*>\\.\\.\\. relaying denied"),
      REPLY_FIRST (6, S_RCPT, 400, 559, NULL, "relay check domain fail|deny relay to"),
      REPLY_FIRST (5, S_ANY, 500, 559, NULL, "allowed list of rcpt ?hosts"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "tenantattribution"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL, "\\buucp\\b|percent hack|source rout"),
      REPLY_FIRST (5, S_ANY, 500, 559, NULL,
                      "not allowed to relay|not an open relay|insecure mail relay|"
                      "do not handle mail for|allowed rcpthost|not local host"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "not allowed to be relayed|relayed thru"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "relay operation rejected"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "relay(ing)? (mail )?to [^ ]+ (is )?not allowed|"
                      "relay(ing)?[^.]{0,40}not allowed"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "relais|relay(ing)? (is )?disabled|relay access denied|"
                      "forward[- ]path is not allowed"),
      REPLY_FIRST (5, S_ANY, 500, 559, NULL, "denies relay"),
      REPLY_FIRST (5, S_ANY, 500, 559, NULL,
                      "relay(ing)? (to this domain )?(is )?(not allowed|disallowed)|"
                      "do not relay|as a relay|configured to relay|not a gateway|"
                      "forward-path is not allowed|cannot deliver mail for"),
      REPLY_FIRST (5, S_ANY, 500, 559, NULL,
                      "\\brelay(ing)?\\)? (is )?(access )?(denied|rejected|not allowed)|"
                      "unable to relay|"
                      "not allowed to relay|"
                      "no relay|we do not relay|relay not|cannot relay|relay access|"
                      "not authorized relay|for relay|allowed rcpthosts|rcpthosts") } },

  { "ipv6-not-accepted", PERMANENT,
    N_("The server does not take mail for this domain over IPv6, and this test connected over "
       "IPv6."),
    { N_("The receiving organisation takes mail over IPv6 only when it has turned that on for "
         "its domain, as in Microsoft 365."),
      NULL },
    { N_("Run the test again with IPv4 only."),
      N_("If your own mail server sends only over IPv6, give it an IPv4 address for sending."),
      NULL },
    { REPLY_FIRST (9, S_ANY, 400, 559, NULL, "does not accept (e-?mail|mail) over ipv6") },
    /* The receiver refuses this kind of connection, not a public list. */
    "client-blocked" },

  { "client-blocked", PERMANENT,
    N_("The server’s own access rules refuse your IP address or network: it is blocked by "
       "the receiving organisation, not by a public blocklist."),
    { N_("The receiving organisation blocked your address, your network or your country."),
      N_("The server takes mail only from listed partners, such as a filtering service in "
         "front of it."),
      N_("The server accepts only its own users on this port."),
      NULL },
    { N_("Ask the recipient’s administrator to allow your IP address."),
      ADVICE_TEST_FROM_SERVER,
      NULL },
    { /* Debian's Exim: the administrator's own list of client addresses. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "sender ip address \\S+ is locally blocklisted"),
      /* Sendmail's greeting when it will not talk to this client. */
      REPLY_FIRST (6, S_BANNER, 500, 559, NULL, "\\besmtp not accepting messages"),
      /* Orange's LPN codes refuse the connecting address. */
      REPLY_FIRST (7, S_BANNER | S_GREETING, 500, 559, NULL,
                      "only quit (is )?accepted|solo se acepta quit|seul quit est accept|"
                      "nur quit akzeptiert"),
      REPLY_FIRST (6, S_BANNER, 400, 559, NULL,
                      "^connection (rejected|refused)\\.?$|service rejected\\b.*\\blpn\\d"),
      /* A filter refusing the client by its host name, when it connects. */
      REPLY_FIRST (6, S_BANNER, 500, 559, NULL, "^hostname rejected"),
      REPLY_FIRST (3, S_BANNER, 500, 559, NULL, "not authori[sz]ed"),
      /* Microsoft 365: a partner connector for the domain takes mail only
       * from its listed IP addresses or certificate. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "tenantinboundattribution|restrictdomainsto(ipaddresses|certificate)|"
                      "\\bip (address )?(is )?temporarily banned|^client not authori[sz]ed|"
                      "sender ip [^ ]+ is (temporarily )?not allowed|"
                      "blocked due to too many failed (auth|login)|"
                      "only accepted from authori[sz]ed"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "your (server|ip|ip address|host) has been banned|"
                      "^connection not allowed|the ip you'?re using to send mail is "
                      "not authori[sz]ed"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL, "connections will not be accepted from"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "^dy-00\\d\\b"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "host not recognized|"
                      "from \\[?\\d+\\.\\d+\\.\\d+\\.\\d+\\]? rejected: administrative "
                      "prohibition|client host rejected: service unavailable"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "\\b(sender )?ip (address )?[^ ]+ is (black|block) ?listed here|"
                      "you (have been|are) (temporarily )?(black|block) ?listed"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "you are not allowed to send (e-?)?mail\\b(?! (to|from|as|on))|"
                      "intrusion prevention|failed logins"),
      REPLY_FIRST (2, S_ANY, 400, 559, NULL, "client host rejected"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "appears to be on a dynamic|brute ?-?force|unsecured proxy|"
                      "blackholed|your (ip|"
                      "host) \\([^)]{0,100}\\) (is temporarily rejected|has been rejected)|"
                      "delivery from [a-z]{2} \\(|sending server blocklisted|"
                      "adsl or dial|"
                      "\\d+\\.\\d+\\.\\d+\\.\\d+ blocklisted\\. transmission rejected"),
      REPLY_FIRST (2, S_BANNER, 500, 559, NULL, "connection (rejected|refused)"),
      REPLY_FIRST (4, S_BANNER | S_GREETING, 400, 559, NULL, "^not allowed\\.?$"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "dynamically assigned|smarthost"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "ip\\W{0,3}[^ ]{0,40}\\)? is filtered|register your ip"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "access not allowed|not allowed by your ip|policy[:,] sender host"),
      REPLY_FIRST (6, S_BANNER, 400, 499, NULL, "^access denied\\.?$"),
      /* AOL's codes for dynamic, residential and unallocated addresses. */
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "\\brtr:(bb|bg|du)\\b"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "no access for this ip|\\bblack ip\\b|"
                      "host [^ ]+ (\\[[^]]*\\] )?(black|block) ?listed"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "\\d+\\.\\d+\\.\\d+\\.\\d+ is a banned sender|"
                      "your access to submit messages|bypassing service provider|"
                      "^your ip( address)? (was|has been) rejected|client hostname blocked|"
                      "\\bnot listed as (an )?mta\\b|ers-customized-block|"
                      "\\bstatic blocklist\\b|policy matched for \\[|"
                      "mail from this ip( address)? is (rejected|blocked|not allowed)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "(black|block) ?listed by recipient|from this range|geographical|"
                      "countries\\.nerd|country"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "client host rejected: (access denied|may not be mail exchanger|#)|"
                      "(?<!sender )(?<!mail )(ip|host|network|"
                      "address) (is )?not (allowed|welcome)|(host|ip|"
                      "address) (is )?in (the )?(black|block) ?list on this server|"
                      "(black|block) ?list(ed)? on this server|not allowed to connect|"
                      "not (accepting|accept) (connections|e-?mail) (from|over)|"
                      "does not accept email over|not welcome here|customer blocklist|"
                      "ip not in whitelist|requires confirmation|whitelist\\.aspx|"
                      "use the smtp (relay|server) (of|at) your|"
                      "not authori[sz]ed to send (e-?mail )?directly|dial-?up|dynamic ip|"
                      "transient ip|residential|reserved ip|"
                      "policy restrictions \\(ip based\\)|rejected by recipient(?! policy)|"
                      "service denied|access denied for|CXCNCT|"
                      "sender ip (address )?rejected|bad sender ip"),
      REPLY_FIRST (2, S_BANNER | S_GREETING, 500, 559, NULL,
                      "access denied|not accepting connections|no smtp service|"
                      "service not available|^blocked\\b"),
      REPLY_FIRST (2, S_BANNER | S_GREETING, 400, 499, NULL, "^blocked\\b"),
      REPLY_FIRST (1, S_MAIL, 400, 559, "5.7.1", "^access denied"),
      REPLY_FIRST (6, S_ANY, 500, 559, "5.7.507", NULL),
      REPLY_FIRST (6, S_ANY, 500, 559, "5.7.513", NULL) } },

  { "blocklist", PERMANENT,
    N_("The server refuses mail from your IP address because it is on a blocklist or has a "
       "poor reputation."),
    { N_("Your public IP address (or your provider’s whole range) is listed on a blocklist "
         "such as Spamhaus, Barracuda or SpamCop."),
      N_("Spam was sent from your address recently, for example by an infected computer or a "
         "hacked account."),
      N_("The address belongs to a home or dynamic range that lists block by default."),
      NULL },
    { N_("Look up your public IP address at the blocklist named in the reply and follow its "
         "removal steps."),
      N_("Find and stop the source of the spam before asking for removal."),
      ADVICE_TEST_FROM_SERVER,
      N_("Ask the recipient’s administrator to allow-list your IP address."),
      NULL },
    { REPLY_FIRST (7, S_ANY, 500, 559, NULL, "on a public block ?list"),
      /* The client's address on a list, in so many words: at DATA too,
       * where the words around it ("spam", "exploits") name no content. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "\\d+\\.\\d+\\.\\d+\\.\\d+\\]? (is|was) (listed (on|in|at|by)|in an? "
                      "(black|block) ?list)\\b"),
      REPLY_FIRST (6, S_ANY, 500, 559, NULL,
                      "\\d+\\.\\d+\\.\\d+\\.\\d+ found in (https?://)?[a-z0-9-]+\\.[a-z]"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "\\bip (address )?\\(?[0-9a-f.:]+\\)? is (black|"
                      "block) ?listed at\\b"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "\\bscbl\\b"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "((black|block) ?listed (at|by|on|in) |(?<!not )(?<!domain is )"
                      "listed (at|by|on|in) the )(uceprotect|spamhaus|spamcop|sorbs|"
                      "barracuda|spamrats|psbl|mailspike|abusix|invaluement)|"
                      "your ip( address| adress)? (is|was|has been) (black|block) ?listed"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "\\bip in (xbl|pbl|sbl|cbl|zen)\\b|"
                      "\\d+\\.\\d+\\.\\d+\\.\\d+ is (black|block) ?listed(?! (by|at|on|in) )"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "(due to|on|in) (a |the )?spam ?list\\b|listed by (css|sbl|xbl|pbl|"
                      "dbl|zen)\\b"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "listed on rbl?\\b"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "blocked using (fblw\\d+|\\{)"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "helo command \\[[^]]*\\] blocked using"),
      /* A list named by its lookup page (Barracuda's BRBL), its tag or its maker. */
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "barracudanetworks\\.com/reputation|rejected by the dnsbl|\\[rbl\\]|"
                      "\\bERS-(QIL|RBL)|\\(ERS\\)|cloudmark"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "realtime (black|block) ?list|real-time (black|block) ?list|"
                      "\\borbs\\b|\\bnjabl\\b|dynablock"),
      /* rfc-ignorant.org's zone of IP networks with bad WHOIS data. */
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "bad whois info on ip"),
      /* Ahead of Yahoo's own codes, when the text names the public list. */
      REPLY_FIRST (10, S_ANY, 400, 559, NULL, "\\bin spamhaus'?s list"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "spamhaus|barracuda ?(reputation|central)|bbl\\.barracuda|spamcop|"
                      "\\bsorbs\\b|uceprotect|spamrats|\\bpsbl\\b|mailspike|abuseat|"
                      "\\bcbl\\b|invaluement|hostkarma|0spam|abusix|dnsbl|\\brbl\\b|"
                      "dnsrbl|blocked using [a-z0-9-]+\\.|listed (at|on|in|"
                      "by) [a-z0-9.-]+\\.[a-z]{2,}|found in [a-z0-9.-]+\\.[a-z]{2,}|"
                      "(black|block) ?list(ed)? (at|by) [a-z0-9.-]+\\.[a-z]{2,}|"
                      "blocklist ?1|cloudmark|\\bcsi\\b|bl\\.spamcop|spfbl (you|"
                      "permanently)|is listed on|listed in (the )?[a-z]+ ?(bl|"
                      "block ?list|(black|block) ?list)|(in|on) a (black|block) ?list|"
                      "multi-(black|block) ?list|(network|ip|host|"
                      "server) (is )?(temporar(il)?y )?(black|block) ?listed") } },

  { "ip-reputation", PERMANENT,
    N_("The server refuses mail from your IP address because of its reputation with this "
       "provider: its own filters judged mail from that address as unwanted, without "
       "naming a public blocklist."),
    { N_("Much mail from your IP address was reported as spam, or sent to addresses that do "
         "not exist."),
      N_("The address is new for sending mail, or shared with other senders whose mail is "
         "unwanted."),
      N_("A computer or an account on your network sends spam without your knowledge."),
      N_("The provider’s own block list lists the address, or a public blocklist it "
         "consults does."),
      NULL },
    { N_("Use the provider’s own delisting or sender support page, if the reply names one."),
      N_("Look your public IP address up on the public blocklists too, and follow their "
         "removal steps where it is listed."),
      N_("Find and stop the source of unwanted mail before asking for removal."),
      ADVICE_TEST_FROM_SERVER,
      NULL },
    { REPLY_FIRST (8, S_ANY, 400, 499, NULL,
                      "^your ip\\b.{0,40}? is temporar(il)?y (blocklisted|blocked)"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "rejected \\[ipr\\]"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "\\bspam source\\b"),
      /* The client host refused, and why: the address sends spam or phishing. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "client host rejected: [^.]{0,30}\\b(spam|phishing)\\b"),
      /* Before any message, a word of spam is about the connecting address:
       * the server has not seen a message yet. */
      REPLY_FIRST (4, S_BANNER | S_GREETING | S_RCPT, 400, 559, NULL,
                      "\\bspam\\b|(?<![/.])antispam"),
      REPLY_FIRST (1, S_ANY, 400, 559, NULL, "^ou-00\\d\\b"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "\\bSC-00\\d\\b|\\b(OU|DY)-002\\b"),
      /* Hotmail's older gateways: the same policy text without its code. */
      REPLY_FIRST (9, S_ANY, 500, 559, NULL, "rejected for policy reasons on this gateway"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "\\bip [^ ]+ (is|has been) (blocked|banned)|dictionary attack|"
                      "directory harvest|compromised (or virus[- ]infected )?(server|"
                      "computer|host|machine)|virus[- ]infected (server|computer|host|"
                      "machine)|too many (spams?|unwanted messages|junk)|abus d[ée]tect|"
                      "which is an open relay|blocked as (a )?possible open relay|\\bhl:(rep|"
                      "mep)\\b"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "\\bip (address )?(has been|is|was) (temporarily )?(blocked|(black|"
                      "block) ?listed|banned)"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "bad karma|karma score"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "\\(rtr:b[lb]\\)|rtrbl|\\brtr:ch\\b|known spamming|too much spam from"),
      /* Mail.ru: "Try again later (IP). Please contact abuse@…". */
      REPLY_FIRST (8, S_ANY, 400, 499, NULL,
                      "\\(\\d+\\.\\d+\\.\\d+\\.\\d+\\)\\. please contact abuse@"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "spam ips?\\b|zombie"),
      /* Mail refused for the address it came from, and nothing else named. */
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "messages from \\[?[0-9a-f.:]+\\]? were not sent|"
                      "mail from \\[?\\d+\\.\\d+\\.\\d+\\.\\d+\\]? (was|has been) "
                      "rejected"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "ip_control"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "ip address is block ?listed|bad ip|from ip address [^ ]+ blocked|"
                      "support_bl|\\[S10\\]"),
      /* The client's address itself blocked, at whatever step the server
       * says so, unless a named list follows ("blocked using …"). */
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "\\[[0-9a-f.:]+\\] (is )?blocked(?! using| by)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "poor reputation|identified as spammer|ipcheck\\.proofpoint|"
                      "dnsbl-lookup\\.cgi|denyip"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "reputation|\\bS3140\\b|\\bS3150\\b|\\bSC-00\\d|"
                      "part of their network|\\bI?TSS?0\\d|\\[TS0\\d\\]|CON:B1|"
                      "banned sending ip|not (currently )?accepting (mail|e-?mail|"
                      "messages) from your (ip|host|server|network)|"
                      "messages? from [0-9a-f.:\\[\\]]+ (temporarily |"
                      "permanently )?deferred|all messages from|blocked for (abuse|spam)|"
                      "blocked for spamming|bloquee pour incident|"
                      "ip (address )?(has been |is )?(temporarily )?(blocked|(black|"
                      "block) ?listed|banned)|blocklisted (ip|host)|comcast block|"
                      "\\bBL0\\d+|AUP#CXBL|siq score|suspected spam sender|spam rate|"
                      "excessive (rejected|authentication)|too many invalid recipients|"
                      "judged to be spam|unexpected volume|user complaints|\\(BL\\)|"
                      "bloqueada por spam"),
      REPLY_FIRST (5, S_ANY, 500, 559, NULL, "unusual rate of unsolicited"),
      /* Microsoft's "banned sender" is the sending address (IP), at any step. */
      REPLY_FIRST (7, S_ANY, 500, 559, "5.7.511", NULL),
      REPLY_FIRST (6, S_ANY, 400, 499, "4.7.850-899", NULL),
      REPLY_FIRST (6, S_ANY, 400, 499, "4.7.650-699", NULL) } },

  { "reverse-dns", PERMANENT,
    N_("The server refuses your IP address because its reverse DNS (the name behind the "
       "address, a PTR record) is missing or does not match."),
    { N_("Your sending IP address has no PTR record."),
      N_("The PTR name does not point back to the same address (a mismatch)."),
      N_("You are testing from an office or home line whose provider sets a generic name."),
      NULL },
    { N_("Ask whoever owns the IP address (your internet or hosting provider) to set a PTR "
         "record with your mail server’s name."),
      N_("Make sure that name also resolves back to the same IP address."),
      ADVICE_TEST_FROM_SERVER,
      NULL },
    { REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "\\bhost [^ ]+ (\\[[^]]*\\] )?from (rfc ?2606 reserved domain|"
                      "unknown tld)"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "does not have a reverse\\b|"
                      "reverse \\(address-to-name\\)"),
      REPLY_FIRST (5, S_BANNER | S_GREETING, 400, 559, NULL, "dns look-?up"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "ip must resolve|dns reverse"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "reverse dns (entry|name)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "fcrdns|ip in client name|generic (host ?name|reverse)"),
      /* Postfix's unknown[address], as policy services quote it: no
       * reverse name, whatever else they list. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "\\b(ptr|rdns)\\b|\\(dns:nr\\)|421dnsnr|host ?name: unknown\\["),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "ip name lookup failed|(address|"
                      "ip) ([0-9a-f.:\\[\\]]+ )?does not resolve|"
                      "possibly forged hostname|no dns entries for your mta"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "reverse (dns|hostname|lookup|name|record)|\\bptr\\b|\\brdns\\b|"
                      "cannot find your (reverse )?hostname|hostname does not match|"
                      "no reverse|reverse-?dns|unresolvable (host|client)|"
                      "client host rejected: cannot find|"
                      "forward dns[^.]{0,40}does not point|"
                      "unresolvable relay host"),
      REPLY (S_ANY, 400, 559, "*.7.25", NULL) } },

  { "domain-reputation", PERMANENT,
    N_("The receiving provider refuses mail from the sender’s domain because of that "
       "domain’s poor reputation with it, without naming a public blocklist."),
    { N_("Much mail from the domain was marked as spam or sent to addresses that do not "
         "exist."),
      N_("The domain is new, or was used by others for unwanted mail."),
      NULL },
    { N_("Check the domain’s standing with the provider’s tools, such as Google Postmaster "
         "Tools for Gmail."),
      N_("Make sure the domain’s mail passes SPF, DKIM and DMARC, and send only to people "
         "who asked for it."),
      NULL },
    { REPLY_FIRST (8, S_ANY, 400, 559, NULL, "reputation of a domain"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "sender has (a )?poor reputation"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "reputation of the (sending )?domain|domain reputation|"
                      "domain[^.]{0,40}(poor|low|bad) reputation") } },

  { "dnsbl-misconfigured", PERMANENT,
    N_("The receiving server refuses mail because its own blocklist lookups fail: the "
       "blocklist refuses to answer it, and it treats that as a listing. Your address is "
       "probably not listed at all."),
    { N_("The receiving server asks the blocklist through a public DNS resolver, which "
         "blocklists such as Spamhaus do not answer."),
      N_("The receiving server has gone over the free use of the blocklist."),
      NULL },
    { ADVICE_TELL_ADMIN,
      N_("Point them to the address in the reply: it explains how to query the blocklist "
         "properly."),
      NULL },
    /* Said beside a listing, these words mean the lookup itself failed. */
    { REPLY_FIRST (9, S_ANY, 400, 499, NULL,
                      "lookup fail(ure|ed).{0,80}\\b(dnsbl|rbl|blocklist)\\b"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "open resolver|returnc/pub|query refused|blocklist (query|"
                      "lookup) (was )?(refused|rejected)") } },

  { "greylisting", TEMPORARY,
    N_("The server asks to try again later. This is usually greylisting: a first message "
       "from an unknown sender is held back on purpose, and accepted when the sender retries."),
    { N_("Greylisting: the server has not seen this combination of sender, recipient and IP "
         "address before."),
      N_("The server is checking the sender and wants more time."),
      NULL },
    { N_("Wait 5 to 15 minutes and run the same test again, from the same computer."),
      N_("Nothing is lost: real sending servers retry by themselves, so the first message of "
         "a new sender only arrives a little late."),
      NULL },
    { REPLY_FIRST (7, S_ANY, 400, 499, NULL, "try again[^.]{0,30} from the same ip"),
      REPLY_FIRST (6, S_ANY, 400, 499, NULL, "- gl/gl$|reconnect(ed)? (to|too) (fast|soon|early)"),
      REPLY_FIRST (8, S_ANY, 400, 499, NULL, "not seen before"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "grey\\.rbl|gr[ae]y-? ?list|gr[ae]ylisted|not yet authori[sz]ed|"
                      "greylisting|postgrey|sqlgrey|milter-greylist|triplet|"
                      "first time sender|retry timeout|deferred for \\d+ seconds|"
                      "try again in \\d+ (seconds|minutes)|please retry in \\d+|"
                      "intentional policy rejection|"
                      "internal resource (is )?temporarily unavailable") } },

  { "try-later-grey", TEMPORARY,
    TRY_LATER_EXPLANATION,
    { REPLY_FIRST (6, S_RCPT, 450, 451, NULL,
                      "will be queued? for \\d+ ?sec|(^|: )temporary deferral, try again soon"),
      REPLY_FIRST (4, S_RCPT, 450, 451, NULL,
                      "^(\\[[a-z0-9]+\\] )?(please )?try (again )?later\\.?$"),
      REPLY_FIRST (4, S_ANY, 450, 451, "4.7.1",
                      "^(please )?try (again )?later|"
                      "^temporarily rejected\\. try (again )?later") },
    "greylisting" },

  { "try-later", TEMPORARY,
    TRY_LATER_EXPLANATION,
    { REPLY_FIRST (4, S_ANY, 400, 499, NULL,
                      "^(\\[[a-z0-9]+\\] )?(please )?try (again )?later[.!]?$|"
                      "^try again later, closing connection|^(please )?try again\\.?$"),
      /* Postfix's reply while a milter is down, and greylisting milters' too. */
      REPLY_FIRST (9, S_ANY, 400, 499, NULL, "^service unavailable - try again later$"),
      /* 4.3.2: the system is not taking messages, whoever says it. */
      REPLY_FIRST (5, S_ANY, 400, 499, "4.3.2", "try (again )?later") },
    "server-error" },

  { "too-many-connections", TEMPORARY,
    N_("The server limits how many connections it takes at a time, from one IP address or "
       "from everyone, and that limit is reached."),
    { N_("Other connections from your IP address are open at the same time, for example a "
         "mail server sending a queue or several tests at once."),
      N_("Everyone in your office shares one public IP address."),
      N_("The server is busy with many other senders and has no free connection right now."),
      NULL },
    { N_("Wait a minute and run the test again, with no other test running."),
      N_("Test one server at a time instead of all at once."),
      NULL },
    { REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "(?<!per )connection limit|number of (smtp )?sessions|"
                      "blocked due to (excessive|too many) connections"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "trop de connexions|zu viele verbindungen|demasiadas conexiones|"
                      "troppe connessioni|za du[zż]o po[lł][aą]cze[nń]|conex(õ|"
                      "o)es demais|muitas conex"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "maximum connections exceeded"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "concurrent login|"
                      "connection[_ ]rate[_ ]limit|e[sş]zamanl[iı] ba[gğ]lant|"
                      "too frequent connects?\\b|out of connection slots|concurrent (server |"
                      "smtp )?connections|thread limit"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "too many connections?\\b"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "connection frequency"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "connections? limit|too many (concurrent |simultaneous |open |"
                      "parallel )?(smtp )?(connections|sessions)|connection (count|limit|"
                      "rate|frequency)|concurrency limit|"
                      "number of (concurrent )?connections|connections \\d+ exceed|"
                      "ports are busy|CXCNCT|too many connections") } },

  { "rate-limited", TEMPORARY,
    N_("The server is limiting how much it accepts from you: too many connections, messages "
       "or recipients in a short time."),
    { N_("Many messages came from your address recently, for example a newsletter or a "
         "forwarding rule."),
      N_("Several tests were run in a row."),
      N_("The recipient gets too much mail right now, so their server slows all senders "
         "down."),
      NULL },
    { ADVICE_RETRY_LATER,
      N_("Spread out large sendings over time."),
      N_("If it keeps happening, ask the recipient’s administrator about their limits."),
      NULL },
    { REPLY_FIRST (8, S_ANY, 400, 559, NULL, "maximum allowed mail transactions exceeded"),
      REPLY_FIRST (9, S_ANY, 400, 499, NULL,
                      "^temporarily rate limited|open a new connection to send more"),
      REPLY_FIRST (8, S_ANY, 400, 499, NULL, "\\baup#mxrt\\b"),
      REPLY_FIRST (9, S_ANY, 400, 499, NULL,
                      "too many (new )?(recipients|rcpts?)[^.;]{0,20}(today|per (ip|hour|day))"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "more than \\d+ (messages|mails|e-?mails) (in|per) (a |the |one )?"
                      "(day|hour|minute)|try again tomorrow|"
                      "e-?mail limit (is |has been )?reached|\\brate cap\\b|queue quota|"
                      "retrying too fast|(daily |hourly )?send(ing)? cap reached|"
                      "limite (m[aá]ximo )?de envio|l[ií]mite de env[ií]o|limite di invio|"
                      "limit wysy[lł](ania|ki)|too many login attempts|"
                      "only allowed to send \\d+|allowed to send \\d+ messages|message limit|"
                      "from any single (subnet|ip)|outmail quota|(outgoing|outbound|sending|"
                      "send) (mail )?quota|exceeded your [a-z]* ?(sending|outgoing|outmail)|"
                      "max(imum)? number of messages|messages?[^.]{0,30}(over|"
                      "in) (the )?past \\d+ ?h|maxoutgoingmessages|too many times|"
                      "sending too many"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "(maximum |max )?credits exceeded"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "\\bhl:ifc\\b"),
      REPLY_FIRST (7, S_AUTH, 400, 559, NULL, "too many auth(entication)? (commands|attempts)"),
      REPLY_FIRST (6, S_ANY, 500, 559, "5.2.121", NULL),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "receive limit from (a )?specific sender|flooding"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "(hourly|daily) quota|(hourly|daily) (sending )?limit"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "too many recipients[^.]{0,20}(this|per|an|in the last) (hour|day)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "exceeded (the |your )?(hourly|daily|hour|day) limit|\\bhour limit|"
                      "outgoing limits?|reached (its|the|your) limit (for|"
                      "of) (processing|requests|sending|messages|e-?mails|connections)|"
                      "(mails|e-?mails|messages) per session|limited to \\d+ messages|"
                      "\\d+ messages ?/ ?(hour|day|minute)"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "AUP#[IO]-1(3[5-9]\\d|4\\d\\d|540|580)\\b|"
                      "policy rejection- quota exceeded"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "messages (sent )?per (second|minute|hour|day)|per second limit"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "excessive (volume|rate|mail|sending)|(relay|sending|peak|daily|"
                      "hourly)[^.]{0,20}limit (exceeded|reached)"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "you are limited to \\d+ messages|message count quota"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "message count per (session|connection)|messages per (session|"
                      "connection)|maximum message count"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "exceeded the rate limit|\\bRP-00\\d"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "throttl|(daily|sending|submission|email|message) (message )?quota|"
                      "quota for sending"),
      REPLY_FIRST (6, S_ANY, 400, 499, NULL,
                      "unusual rate|sender throttled|throttled due to|"
                      "too many recipients (from|this hour)|sent to too many recipients|"
                      "limit of \\d+ exceeded"),
      REPLY_FIRST (6, S_ANY, 500, 559, NULL,
                      "sender throttled|throttled due to|sent to too many recipients|"
                      "limit of \\d+ exceeded|frequency limited"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "too (many|much) (messages|mails?|e-?mails|requests|new tls)|"
                      "rate ?limit|throttl|sending (limit|quota|rate)|"
                      "daily (sending )?(limit|quota)|(submission|sending|email|message|"
                      "relay|send) (quota|rate)|quota for sending|"
                      "exceeded (the )?(permitted )?(limit|rate)|has exceeded \\d+|"
                      "exceeded your (messaging )?limits|messages? per (hour|day|minute|"
                      "session|connection|\\d)|exceed(s|ed)? \\d+/|"
                      "max(imum)? (number of )?messages? per|message per connection|"
                      "exceded the max|mail flood|ratelimit|per 1 hour|"
                      "submissionquotaexceeded|exceeded its daily limit|"
                      "reached your daily limit|frequency limit|msgs per|only send \\d+|"
                      "outgoing messages|slow down|sending rate|recipient rate|"
                      "rate for this client|exceeded the configured limit|"
                      "number of messages exceeded|try again slower|"
                      "max(imum)? (number of )?(e-?mails|mails) per|too many (e-?mails|"
                      "mails) (per|in)"),
      REPLY_FIRST (6, S_ANY, 400, 499, "4.7.500-649", NULL),
      REPLY_FIRST (6, S_ANY, 500, 559, "5.7.508", NULL) } },

  { "starttls-required", PERMANENT,
    N_("The server requires an encrypted connection (STARTTLS) before it accepts mail."),
    { N_("The server’s policy is to take mail only over encrypted connections."),
      N_("This is a submission port (587), where encryption is usually required."),
      N_("The server lets you sign in only over an encrypted connection, so that the password "
         "never crosses the network readable."),
      NULL },
    { N_("Turn encryption on and test again: STARTTLS, opportunistic or required (on the "
         "command line, --tls opportunistic or --tls required)."),
      N_("To send through a submission server, use port 587 with STARTTLS, or port 465 with "
         "implicit TLS."),
      N_("If encryption was on, look at the STARTTLS step in the log for why it failed."),
      NULL },
    { REPLY_FIRST (7, S_RCPT, 400, 559, NULL, "requires a secure connection"),
      REPLY_FIRST (7, S_NOT_STARTTLS, 400, 559, NULL, "encryption too weak"),
      REPLY_FIRST (8, S_NOT_STARTTLS, 400, 559, NULL,
                      "required for this connection|but it'?s required"),
      REPLY_FIRST (7, S_NOT_STARTTLS, 400, 559, NULL, "(tls|ssl)[a-z0-9/]* connection required"),
      REPLY_FIRST (7, S_GREETING, 400, 559, NULL, "lack of security"),
      REPLY_FIRST (6, S_NOT_STARTTLS, 400, 559, NULL,
                      "only (on|over) (a )?(tls|secure)|must use encryption|"
                      "use encryption to|tls connection|"
                      "transport layer security required|"
                      "requires? encrypted"),
      REPLY_FIRST (6, S_NOT_STARTTLS, 400, 559, NULL, "over a tls|appropriate tls"),
      REPLY_FIRST (7, S_NOT_STARTTLS, 400, 559, NULL, "not using (a )?tls"),
      REPLY_FIRST (6, S_NOT_STARTTLS, 400, 559, NULL,
                      "tls[a-z ]{0,20} required|required[a-z ]{0,10}tls"),
      REPLY_FIRST (5, S_NOT_STARTTLS, 400, 559, NULL,
                      "starttls|must issue a starttls|tls (is )?required|requires? (tls|"
                      "encryption|secure)|encryption (is )?required|"
                      "tls required for rcpt|not (a )?secure|secure connection required|"
                      "must use (tls|ssl)|secure channel"),
      REPLY (S_ANY, 500, 559, "5.7.10", NULL) } },

  { "auth-basic-disabled", PERMANENT,
    N_("The server no longer accepts a plain user name and password (basic authentication): "
       "it has been switched off for this account or organisation."),
    { N_("Microsoft 365 and other providers turned basic authentication off; devices and "
         "scripts that send with a password stop working."),
      N_("SMTP authentication is disabled for this mailbox or for the whole organisation."),
      NULL },
    { N_("In Microsoft 365, enable authenticated SMTP for this mailbox, or move the device to "
         "OAuth or to a connector that does not need a password."),
      N_("Send through the domain’s MX servers on port 25 instead, where no login is needed."),
      NULL },
    /* QQ's help page on the authorisation code, when its text is unreadable. */
    { REPLY_FIRST (8, S_AUTH, 500, 559, NULL, "no=1001256\\b"),
      REPLY_FIRST (8, S_AUTH, 400, 559, NULL, "授权码|用户无权登[陆录]"),
      /* NetEase (163, 126): the account has not turned SMTP on; it signs in
       * with an authorisation code once it has. */
      REPLY_FIRST (6, S_AUTH | S_MAIL, 500, 559, NULL, "^user has no permission"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "authori[sz]ation code|enter your authori[sz]ation"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "basic auth|smtpclientauthentication|"
                      "smtp ?client ?auth[^.]*disabled|application-specific password|"
                      "application password|app password|log in (via|"
                      "with) your web browser|please log in|web login required|"
                      "authentication is disabled"),
      REPLY_FIRST (5, S_ANY, 400, 559, "5.7.139", NULL),
      /* Microsoft's 5.7.139 quoted inside another reply (530 5.7.57 … Error: 535 5.7.139). */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "5\\.7\\.139 authentication unsuccessful|"
                      "did not meet the criteria to be authenticated") } },

  { "auth-encryption-required", PERMANENT,
    N_("The server lets you log in only over an encrypted connection, so it refused the "
       "login."),
    { N_("Encryption (STARTTLS) was off or not offered, and logging in without it was "
         "allowed for the test."),
      N_("The login method sends the password readably (PLAIN or LOGIN), which the server "
         "accepts only with encryption."),
      NULL },
    { N_("Turn encryption (STARTTLS) on, or use implicit TLS on port 465, and test again."),
      N_("Check whether the server lists STARTTLS in its EHLO reply."),
      NULL },
    { REPLY_FIRST (9, S_AUTH, 500, 559, NULL, "cannot auth in plain ?text"),
      REPLY_FIRST (8, S_ANY, 500, 559, NULL, "mechanism is too weak"),
      REPLY_FIRST (9, S_AUTH, 400, 559, NULL,
                      "(starttls|tls|encryption) (is )?required (before|for) (auth|login)"),
      REPLY_FIRST (8, S_AUTH, 400, 559, NULL, "mechanism (is )?too weak|too weak"),
      REPLY_FIRST (7, S_AUTH, 400, 559, NULL, "encrypt|\\btls\\b|\\bssl\\b|non-secure|cleartext"),
      REPLY_FIRST (7, S_AUTH, 538, 538, NULL, "starttls"),
      REPLY (S_AUTH, 538, 538, NULL, NULL),
      REPLY (S_AUTH, 500, 559, "5.7.11", NULL),
      REPLY (S_AUTH, 500, 559, "5.7.10", NULL) } },

  { "tls-unavailable", TEMPORARY,
    N_("The server could not start encryption (STARTTLS) although it was asked to."),
    { N_("The server’s certificate or TLS set-up has a problem right now."),
      N_("The server has encryption switched off or broken."),
      NULL },
    { N_("Run the test again later."),
      ADVICE_TELL_ADMIN,
      NULL },
    { REPLY_FIRST (8, S_STARTTLS, 400, 499, NULL,
                      "(failed to|cannot|unable to) (initiali[sz]e|start|set up) tls"),
      REPLY_FIRST (8, S_ANY, 400, 499, NULL, "(starttls|tls handshake|tls negotiation) failed"),
      REPLY_FIRST (7, S_ANY, 400, 499, NULL,
                      "(starttls|tls) (is )?(temporarily )?(not possible|unavailable|"
                      "not available)"),
      REPLY_FIRST (8, S_STARTTLS, 400, 559, NULL,
                      "not (been )?configured (to support|for) (starttls|tls)|"
                      "starttls[^.]{0,20}not (supported|configured|available)|"
                      "security subsystem|unable to initiali[sz]e"),
      REPLY_FIRST (4, S_STARTTLS, 454, 454, NULL, NULL),
      /* A temporary refusal of STARTTLS is TLS unavailable for now (RFC 3207). */
      REPLY_FIRST (5, S_STARTTLS, 400, 499, NULL, "try (again )?later"),
      REPLY_FIRST (7, S_STARTTLS, 400, 559, NULL,
                      "tls (is )?(not available|unavailable)|security failure|"
                      "not offered|negotiation failed|handshake|tls not supported|"
                      "tls[^.]{0,20}fail"),
      REPLY_FIRST (4, S_STARTTLS, 400, 499, NULL,
                      "tls (not available|unavailable)|tls[^.]*(local problem|"
                      "temporarily)|not available due to|cannot start tls|tls currently|"
                      "ssl[^.]*(error|not available)|certificate") } },

  { "auth-temporary", TEMPORARY,
    N_("The server could not check the login right now (a temporary authentication "
       "failure)."),
    { N_("The server’s user directory or sign-in service is not reachable for a moment."),
      N_("The server slows down logins after several failed attempts."),
      NULL },
    { ADVICE_RETRY_LATER,
      N_("If it keeps happening, tell the server’s administrator the time of the test."),
      NULL },
    /* A temporary refusal of the login itself (RFC 4954 454 4.7.0). */
    { REPLY_FIRST (5, S_AUTH, 450, 459, NULL, "unable to process"),
      REPLY_FIRST (9, S_AUTH, 400, 559, NULL, "service was unreachable|sts service"),
      REPLY_FIRST (8, S_AUTH, 400, 559, NULL,
                      "(lost|connect(ion)?( error)?) to (the )?auth(entication)? (server|"
                      "service|backend)|auth(entication)? (server|service|"
                      "backend) (unavailable|down|error)"),
      REPLY_FIRST (6, S_AUTH, 400, 499, NULL, "unable to authenticate|at present"),
      REPLY_FIRST (6, S_AUTH, 400, 499, NULL,
                      "temporar|try again|authentication (server|service)"),
      REPLY_FIRST (5, S_AUTH, 400, 499, NULL, "could not authenticate|authentication failed"),
      REPLY (S_AUTH, 454, 454, NULL, NULL),
      REPLY (S_AUTH, 400, 499, "4.7.0", NULL) } },

  { "auth-failed", PERMANENT,
    N_("The server rejected the user name or password."),
    { N_("The password is wrong or has expired."),
      N_("The account is locked or needs multi-factor sign-in, which SMTP cannot do."),
      NULL },
    { N_("Check the user name (often the full email address) and the password."),
      N_("Check in the account’s settings whether SMTP sign-in is allowed."),
      NULL },
    { REPLY_FIRST (8, S_AUTH, 400, 559, NULL,
                      "too many failed (auth(entication)? |login )?attempts"),
      REPLY_FIRST (6, S_AUTH, 500, 559, NULL, "authentication cancell?ed"),
      REPLY_FIRST (6, S_AUTH, 400, 559, NULL, "authentication aborted|exchange cancel"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "present valid (ssl |tls )?certificate|certificate did not "
                      "contain|client certificate (is )?not trusted"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "login credentials|credentials (are )?no longer valid"),
      REPLY_FIRST (5, S_AUTH, 400, 559, NULL, "fail(ed)? auth"),
      REPLY_FIRST (9, S_AUTH, 400, 559, NULL,
                      "credentials (were |are )?(incorrect|invalid|wrong)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "authentification (invalide|incorrecte)|code d'authentification"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "authentication (failed|unsuccessful|rejected|credentials invalid)|"
                      "(username|user name|password)[^.]*(not accepted|incorrect|invalid|"
                      "wrong|rejected)|invalid (credentials|login|"
                      "user ?name or password)|bad (credentials|username|password)|"
                      "login (failed|incorrect)|authentication failure|"
                      "incorrect authentication data|password is too simple|"
                      "auth(entication)? failed"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "too many (auth(entication)?|login) (failures|errors)|"
                      "authentication errors|failed login attempts"),
      REPLY (S_AUTH, 535, 535, NULL, NULL),
      REPLY (S_ANY, 500, 559, "5.7.8", NULL) } },

  { "auth-mechanism", PERMANENT,
    N_("The server does not accept this way of logging in."),
    { N_("The server wants an app password or a modern sign-in (OAuth) instead of the "
         "account’s normal password, as Gmail and Microsoft 365 do."),
      N_("The server does not offer the login methods this app uses (PLAIN or LOGIN)."),
      N_("The server allows logging in only over an encrypted connection."),
      NULL },
    { N_("Create an app password in the account’s security settings and log in with it."),
      N_("Check the login methods after “AUTH” in the server’s EHLO reply."),
      N_("Turn encryption (STARTTLS) on before logging in."),
      NULL },
    { REPLY (S_AUTH, 432, 432, "4.7.12", NULL),
      REPLY_FIRST (5, S_AUTH, 400, 559, NULL,
                      "unrecogni[sz]ed authentication type|mechanism(?! must)|"
                      "authentication not supported|unsupported auth|auth type|"
                      "stronger login|too weak|method[^.]*not supported"),
      REPLY (S_AUTH, 504, 504, NULL, NULL),
      REPLY (S_ANY, 534, 534, NULL, NULL) } },

  { "local-sender-login", PERMANENT,
    N_("The server refuses this sender address without a login: the address is in one of the "
       "server’s own domains, and it takes mail from its own users only after they sign in."),
    { N_("The sender address is in the recipient’s own domain, for example in a test from one "
         "colleague to another, and the server guards its domain against forged senders."),
      N_("The server expects its own users on the submission port (587 or 465), with a user "
         "name and password."),
      NULL },
    { N_("To test delivery from the internet, use a sender address outside the recipient’s "
         "domain."),
      N_("To test sending as this address, use port 587 or 465 and sign in with the user name "
         "and password of its mailbox."),
      NULL },
    { REPLY_FIRST (7, S_ANY, 400, 559, NULL, "sender address rejected: not logged in"),
      /* Maddy's default: "source $(local_domains) { reject 501 5.1.8 … }" on port 25. */
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "use submission") },
    "auth-required" },

  { "auth-required", PERMANENT,
    N_("The server does not accept mail from anonymous senders: it wants a login first."),
    { N_("This is a server for users to send from (submission, often port 587), not one that "
         "receives mail from the internet."),
      N_("On Microsoft Exchange: the server’s receive connector does not allow anonymous "
         "users, as mailbox servers usually do not."),
      N_("The server tested is not a mail server (MX) of the recipient’s domain."),
      NULL },
    { ADVICE_TEST_DOMAIN_SERVERS_PORT_25,
      N_("On Exchange, allow anonymous users on the receive connector that faces the internet."),
      N_("To send through this server, sign in with a user name and password."),
      NULL },
    { REPLY_FIRST (8, S_MAIL | S_RCPT, 530, 530, NULL,
                      "unauthenticated e-?mail from .{0,60} is restricted"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL, "(are )?required to authenticate"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "missing credentials"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "unauthenticated commands"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "no client certificate"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "authori[sz]e your (mail|e-?mail|messages)"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "must log ?in|smtp-after-pop|pop-before-smtp|did not authenticate"),
      /* Ahead of a bad sequence: the missing command is the login. */
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "need (ehlo and )?auth first"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL, "unauthenticated session"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "unauthenticated (connection|client|user)s?|for unauthenticated"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "auth[a-z]* (is )?required for relay"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "not authenticated|authentication (is )?required|"
                      "auth(entication)? required|must (be )?authenticat|"
                      "authenticate first|requires? auth|authori[sz]ation required|"
                      "(turn on|enable|activate|use) authentication|authentication (is )?"
                      "requ|please authenticate|"
                      "not logged in|"
                      "auth command first|unauthenticated senders"),
      REPLY (S_ANY, 530, 530, NULL, NULL),
      REPLY (S_ANY, 500, 559, "5.7.57", NULL) } },

  { "message-format", PERMANENT,
    N_("The server refused the message because of its format or encoding."),
    { N_("A header or a line does not follow the email format rules."),
      N_("The message or an address has non-English characters the server cannot take."),
      N_("The server refuses a form of the message it cannot convert."),
      NULL },
    { ADVICE_READ_TEXT,
      N_("Send a plain message from your mail program to compare."),
      NULL },
    { REPLY_FIRST (8, S_MESSAGE, 500, 559, NULL, "invalid (message )?structure"),
      REPLY_FIRST (8, S_MESSAGE, 500, 559, NULL,
                      "^(syntax error|error de sintaxis|erreur de syntaxe|syntaxfehler)\\.?$|"
                      "header value size exceeded|tama(ñ|n)o m(á|a)ximo del valor del encabezado"),
      REPLY_FIRST (6, S_DATA | S_MESSAGE, 500, 559, NULL,
                      "invalid '?from'? field|cannot be parsed|cannot parse (the |"
                      "this )?message|^empty message|^message has defects|"
                      "^messaggio (vuoto|non parsabile)"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL, "\\bnul (characters?|bytes?)\\b"),
      /* QQ's reply to a message it cannot read. */
      REPLY_FIRST (6, S_DATA | S_MESSAGE, 400, 559, NULL, "^invalid input from"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "message does not conform to (the )?(standards?|rfc)"),
      REPLY_FIRST (6, S_DATA | S_MESSAGE, 400, 559, NULL, "too long line"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL, "filename too long"),
      REPLY_FIRST (9, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "find from:? or sender:? header|"
                      "wrong mime label"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "content-(disposition|type|transfer-encoding)"),
      REPLY_FIRST (8, S_DATA | S_MESSAGE, 400, 559, NULL, "header syntax"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "corrupt(ed)? message|message (is )?corrupt"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "character in (a |the )?(disallowed )?header|in a disallowed header"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL, "bounce with non-empty return-path"),
      REPLY_FIRST (8, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "bare (newline|new line|lf)|not preceded by (a )?cr"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "crlf|<cr>|<lf>|boundary|(locate|find|"
                      "missing) the \\\"?from\\\"? (address|header)"),
      REPLY_FIRST (5, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "line-?feed|smtplf|barelf|no [a-z-]+ field"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "duplicate header|multiple [a-z-]+ headers|not rfc ?\\d+ compliant|"
                      "rfc ?(2822|5322) compliant|non-?compliant"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL, "line (is )?too long|line length"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "multiple (from|sender|to|date|subject|message-id)\\b|(failed|"
                      "unable) to parse (the )?message|message (could not|"
                      "cannot) be parsed|line ending|invalid line|bare cr|"
                      "errors? parsing (the )?message|message parsing error|"
                      "message (is )?malformed|conformance issues|line_too_long|"
                      "eight bit data|conversion to 7bit|body type not supported"),
      REPLY_FIRST (4, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "bare (lf|linefeed|cr|<lf>)|line (too long|length|limit)|header|"
                      "rfc ?2?822|rfc ?5322|8-?bit|non-?ascii|message format|\\bmime\\b|"
                      "message-id|date:|from:|subject|not (rfc|standards)[- ]compliant|"
                      "malformed message|invalid (message|character|data in message)|"
                      "encoding|missing (from|date|to|message)"),
      REPLY (S_DATA | S_MESSAGE, 400, 559, "*.6.*", NULL) } },

  { "message-too-large", PERMANENT,
    N_("The message is larger than the server accepts."),
    { N_("The message, with its attachments, is over the server’s size limit; attachments "
         "grow by about a third when sent."),
      N_("The recipient’s mailbox has a lower limit than the server."),
      NULL },
    { N_("Send large files as a link to a file share instead of an attachment."),
      N_("Look for the server’s limit after “SIZE” in its EHLO reply, and stay below it."),
      NULL },
    { REPLY_FIRST (8, S_DATA | S_MESSAGE, 400, 559, NULL, "maximum data size exceeded"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "(nachricht|e-?mail) (ist )?zu gro[sß]|(messaggio|mensagem|mensaje) "
                      "(troppo|muito|demasiado) grande|wiadomo[sś][cć] (jest )?(za|zbyt) "
                      "du[zż]a"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "more than \\d+ bytes|\\d+ bytes long|"
                      "(attachment|message) is too (long|big|large)|message (is )?to long"),
      /* Exchange's store refuses an item over the mailbox's submission size. */
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "maxsubmissionexceeded|submissionexceededexception"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "only accept messages up to|messages up to \\d+ bytes"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "size exceeds|larger than \\d"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "too much (mail |message )?data|data (is )?too (large|big)|"
                      "header size exceeds|headers? (are |is )?too (large|big)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "message size|too (big|large)|size limit|(message|size|data|mail|"
                      "bytes)[^.]{0,30}exceeds (the )?(maximum|size|allowed)|"
                      "exceeds (the )?(maximum|allowed) (message )?size|message length|"
                      "message is larger|\\bbytes\\b[^.]*exceed|mensagem muito grande|"
                      "zbyt du"),
      REPLY (S_ANY, 552, 552, "5.3.4", NULL),
      REPLY (S_ANY, 400, 559, "*.3.4", NULL),
      REPLY (S_DATA | S_MESSAGE, 552, 552, NULL, NULL) } },

  { "virus", PERMANENT,
    N_("The server refused the message because its filter found a virus, malware or a "
       "forbidden kind of attachment."),
    { N_("An attachment is infected, or its type (such as .exe or a macro document) is "
         "blocked."),
      N_("A link in the message points to a known dangerous site."),
      NULL },
    { N_("Scan the attachment, or send it another way, such as a link to a file share."),
      N_("Ask the recipient’s administrator which file types they accept."),
      NULL },
    { REPLY_FIRST (7, S_DATA | S_MESSAGE, 500, 559, NULL,
                      "not allowed mime type|\\battachment scan\\b"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "attachment[^.]{0,30}not allowed|\\bvirus detected\\b"),
      REPLY_FIRST (8, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "blocked (mime|attachment|file)|x-msdownload"),
      REPLY_FIRST (8, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "\\b(vbs|exe|scr|pif|bat|cmd|js) files are not accepted|(black|"
                      "block) ?listed mime type"),
      REPLY_FIRST (8, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "attachments? of this type|reject attachments|malicious code"),
      REPLY_FIRST (6, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "(not allowed |forbidden_)(attachment|file)|file_extension|(file|"
                      "attachment)[ _]?extension|extension[^.]{0,20}(not allowed|"
                      "blocked|banned)|password[- ]protected|encrypted (zip|"
                      "archive|attachment)|zip files?"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL, "suspicious (archive|attachment|file)"),
      REPLY_FIRST (6, S_DATA | S_MESSAGE, 500, 559, NULL,
                      "virus(?! scanner)|exploit|banned_file|malware|infected|trojan|"
                      "\\bworm\\b|eicar|(attachment|file) ?(type|extension)|"
                      "not allowed file|banned (content|file|attachment)|"
                      "dangerous attachment|illegal attachment|"
                      "attachments are not allowed|macro|executable|\\.exe\\b|"
                      "content presents a potential[^.]*security|security issue|viral") } },

  { "smtputf8-required", PERMANENT,
    N_("The address has characters beyond plain ASCII, and the server refuses it because it "
       "does not support internationalised addresses (SMTPUTF8)."),
    { N_("The mailbox name has accented or non-Latin letters."),
      N_("The address was typed with a look-alike character."),
      NULL },
    { N_("Check the address for look-alike characters and type it again in plain ASCII."),
      N_("Ask the recipient whether the mailbox has an ASCII alias."),
      NULL },
    { REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "non-ascii (e-?mail )?addresse?s? (are )?not (allowed|"
                      "supported)"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "internationali[sz]ed mailbox"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "smtputf8 (is )?required|requires? smtputf8|utf-?8 (address|local|"
                      "mailbox)|strict ascii|ascii only|only ascii"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "smtputf8"),
      REPLY (S_ANY, 500, 559, "5.6.7-9", NULL) } },

  /* Sendmail says it when the domain's MX points back at a host that does
   * not take the domain as its own (its FAQ: "mail loops back to me"). */
  { "local-config-loop", PERMANENT,
    N_("The receiving server reports an error in its own set-up: most often the domain’s MX "
       "record points to it, but it is not configured to take mail for the domain, so the "
       "mail would go round in a loop."),
    { N_("The domain was moved to this server, and it was not told that the domain is now "
         "its own."),
      N_("The MX record names the wrong server."),
      NULL },
    { N_("Send the recipient’s administrator the reply: the server must list the domain as "
         "one of its own, or the MX record must be corrected."),
      N_("Check the MX records of the recipient’s domain."),
      NULL },
    { REPLY_FIRST (6, S_ANY, 500, 559, NULL, "local configuration error") },
    "mail-loop" },

  { "mail-loop", PERMANENT,
    N_("The server found that the message is going round in a loop between mail servers."),
    { N_("Two servers forward the domain’s mail to each other, for example after a move to "
         "another provider."),
      N_("A forwarding rule sends mail back to where it came from."),
      NULL },
    { N_("Ask the recipient’s administrator to check the forwarding and the routing of the "
         "domain."),
      NULL },
    { REPLY_FIRST (7, S_DATA | S_MESSAGE, 500, 559, NULL, "too many received"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "forwarded too many times"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "too many received:? headers"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "\\bloop|recursive forward|hop count|too many hops|routing loop|"
                      "received headers"),
      REPLY (S_ANY, 400, 559, "*.4.6", NULL),
      REPLY (S_ANY, 400, 559, "*.4.14", NULL) } },

  { "server-storage", TEMPORARY,
    N_("The server is short of storage for now and cannot take the message."),
    { N_("The server’s disk or mail queue is full."),
      N_("The server is receiving more mail than it can store right now."),
      NULL },
    { ADVICE_RETRY_LATER,
      ADVICE_TELL_ADMIN,
      NULL },
    { REPLY_FIRST (6, S_ANY, 452, 452, NULL, "^insufficient storage"),
      REPLY_FIRST (8, S_ANY, 400, 499, NULL,
                      "insufficient system storage|storage capacity (reached|exceeded)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "spool disk (too )?full|disk (is )?too full|not accepting writes"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "insuff?ic(i)?ent system (storage|resources)|system storage|"
                      "disk (is )?full|out of (disk )?space|queue (is )?full|"
                      "no space left|insufficient disk space|space shortage|system full|"
                      "spool (is )?full"),
      REPLY (S_ANY, 452, 452, "4.3.1", NULL),
      REPLY (S_ANY, 400, 559, "*.3.1", NULL) } },

  { "service-unavailable", TEMPORARY,
    N_("The server is not taking mail right now and is closing the connection (421)."),
    { N_("The server is overloaded or in maintenance."),
      N_("Too many connections came from your address, so it limits you for a while."),
      N_("Your address has a poor reputation and the server slows it down."),
      NULL },
    { ADVICE_RETRY_LATER,
      N_("If the domain has other mail servers, test them too (test every MX server)."),
      N_("If it goes on for hours, tell the recipient’s administrator."),
      NULL },
    { REPLY_FIRST (3, S_BANNER | S_GREETING, 400, 499, NULL,
                      "service (not )?available|shutting down|"
                      "closing (the )?(transmission )?channel|maintenance|"
                      "not accepting (mail|messages)"),
      /* Any other 421 that speaks of the server's state, or says nothing
       * at all; a 421 whose words are about something else ("Connection
       * refused", "Please reconnect") is read by its codes alone. */
      REPLY_HINT (S_ANY, 421, 421,
                      "shut ?down|shutting|closing|\\bservice\\b|unavailable|not available|"
                      "time ?out|timed out|\\bbusy\\b|overload|\\bload\\b|fork|error|fail|"
                      "unable|cannot|trouble|problem|issue|maintenance|restart|"
                      "resources?\\b|process|disconnect|went away|\\bexit|\\blost\\b|"
                      "try (again )?later|emergency|reconfigur|difficult|^\\s*$") },
    "server-error" },

  { "policy-refused", PERMANENT,
    N_("The server refused on policy grounds: it does not allow this delivery."),
    { N_("The recipient accepts mail only from certain senders, such as a group that takes "
         "internal mail only."),
      N_("Your address, domain or IP address is blocked by the recipient’s organisation."),
      N_("A security rule of the server matched this connection."),
      N_("A rule about the message itself matched, such as one about its headers, its "
         "attachments or its size."),
      NULL },
    { ADVICE_READ_TEXT,
      N_("Ask the recipient’s administrator which policy refused the mail and whether it can "
         "allow your sender or IP address."),
      NULL },
    { REPLY_FIRST (6, S_ANY, 400, 559, NULL, "duplicate message"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "unsafe for mailing to|cannot mail directly to (programs|files)"),
      REPLY_FIRST (3, S_ANY, 400, 559, NULL,
                      "policy violation|mailpolicy|external forwarding|score exceeded"),
      REPLY_FIRST (2, S_ANY, 400, 559, NULL,
                      "\\bpolicy\\b|policies|prohibit|administrative|"
                      "rejected by (local )?policy|local policy|"
                      "security reasons") } },

  { "ehlo-syntax", PERMANENT,
    N_("The server did not accept the name this app introduced itself with (EHLO): it says "
       "the name is invalid."),
    { N_("The EHLO name contains characters a host name cannot have, such as “_” or a space."),
      N_("The EHLO name is not a full host name, for example “localhost” or a single word."),
      N_("The server applies connection restrictions and refuses names it does not like."),
      NULL },
    { N_("Give a full host name as EHLO name, such as mail.yourcompany.com, ideally the real "
         "name of your mail server."),
      N_("Check that the EHLO name exists in DNS and points to the address you test from."),
      NULL },
    { REPLY_FIRST (9, S_GREETING, 500, 559, NULL, "syntax: \"?(helo|ehlo)\"? sp"),
      REPLY_FIRST (8, S_GREETING, 500, 559, NULL,
                      "^invalid (ehlo|helo) (host ?name|domain)\\.?$"),
      REPLY_FIRST (7, S_GREETING, 500, 559, NULL, "arguments after host"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "helo[^.]{0,30}bare ip"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "(helo|ehlo)[^.]{0,20}argument ([^ ]+ )?(is )?invalid"),
      REPLY_FIRST (8, S_GREETING, 400, 559, NULL, "underscores are not valid"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "plain ip|must be (in )?brackets|bracketed"),
      REPLY_FIRST (8, S_GREETING, 400, 559, NULL,
                      "(helo|ehlo|lhlo)[^.]{0,20}syntax|syntax: (helo|ehlo|lhlo)|"
                      "domain name missing|missing required domain"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "syntax: (helo|ehlo)|syntactically invalid (helo|ehlo)|"
                      "requires? (a )?domain|(helo|ehlo) requires|"
                      "invalid (address format in|helo|ehlo)|no helo/|empty helo|"
                      "helo command rejected: invalid|invalid ip address"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "argument required for (helo|ehlo)|(helo|"
                      "ehlo)[^.]{0,30}requires? (an? )?argument"),
      REPLY_FIRST (8, S_GREETING, 400, 559, NULL, "invalid (fqdn )?characters|contains invalid"),
      REPLY_FIRST (4, S_GREETING, 400, 559, NULL,
                      "invalid (domain|host|hostname|name|argument)|syntax[^.]*(helo|"
                      "ehlo)|(helo|ehlo)[^.]*syntax"),
      REPLY (S_GREETING, 501, 501, NULL, NULL),
      REPLY (S_GREETING, 500, 559, "5.5.4", NULL) } },

  { "ehlo-rejected", PERMANENT,
    N_("The server refused the name this app introduced itself with (EHLO) on policy grounds."),
    { N_("The EHLO name does not exist in DNS."),
      N_("The EHLO name is not a fully qualified host name."),
      N_("The EHLO name claims to be the server itself or its domain, which spammers do."),
      NULL },
    { N_("Use the real public host name of your mail server as EHLO name, one that exists in "
         "DNS."),
      ADVICE_TEST_FROM_SERVER,
      NULL },
    { REPLY_FIRST (9, S_ANY, 400, 559, NULL, "helo command rejected: host ?name spoofed"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "^(helo|ehlo) [^ ]+ (equivalent|equal|similar) to"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "forged[^.]{0,30}(helo|ehlo)"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "(helo|ehlo) was localhost|non-fqdn helo|invalid helo greeting|"
                      "\\bhelo [^ ]+ (is )?blocklisted|helo argument .{0,100} is malformed"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "need fqdn|fqdn or address in helo"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "(helo|ehlo)[^.]{0,30}mismatch|used as (mta )?host ?name|"
                      "hello name|server lies|invalid hostname 'localhost'"),
      REPLY_FIRST (6, S_GREETING, 400, 559, NULL, "does not match|mismatch"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL, "helohost"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "resolving your helo"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "(helo|ehlo).{0,30}(does not match|not match)"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "(helo|ehlo).{0,60}(cannot|could not|does not) (be )?resolv|"
                      "(helo|ehlo) (host ?name )?fails"),
      REPLY_FIRST (7, S_ANY, 550, 554, NULL, "invalid (helo|ehlo)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "is _?my_? address|you are not localhost|address literal|"
                      "forged ips?"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "helo command rejected|\\b(helo|ehlo)\\b.{0,60}(fqdn|"
                      "fully[- ]qualified|not match|does not match|rejected|bad|"
                      "bogus|forged|not found|does not exist|claims|not allowed)|"
                      "bad helo|bogus helo|helo should|helo name|schizophrenic|"
                      "claims to be us"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "\\bw/o rdns\\b"),
      REPLY_FIRST (3, S_GREETING, 500, 559, NULL,
                      "\\b(helo|ehlo)\\b(?! not)|host ?name|fully.qualified|\\bfqdn\\b|"
                      "host not found") } },

  { "unsupported-parameter", PERMANENT,
    N_("The server does not accept one of the options added to the command, such as "
       "NOTIFY (delivery reports), SIZE, BODY=8BITMIME or SMTPUTF8."),
    { N_("The server does not support delivery reports (DSN), but NOTIFY was sent."),
      N_("A firewall or filter in between removes extensions from the EHLO list, so the "
         "server and this app disagree on what is supported."),
      N_("The value given to the option is one the server does not accept, for example "
         "a NOTIFY or RET value it cannot read."),
      N_("The server has a bug in handling that option."),
      NULL },
    { N_("Run the test again without delivery notifications (an empty NOTIFY list)."),
      N_("Compare the extensions in the server’s EHLO reply with the options sent."),
      NULL },
    { /* Exim reads what follows the address as part of it. */
      REPLY_FIRST (8, S_MAIL | S_RCPT, 400, 559, NULL,
                      "unable to accommodate parameters|parameters? not recognized|"
                      "=[^ ]* may not follow <"),
      REPLY_FIRST (8, S_MAIL, 400, 559, NULL, "please use 7bit mime"),
      REPLY_FIRST (8, S_MAIL | S_RCPT, 400, 559, NULL,
                      "(extension|parameter) (has been|is) disabled"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "unsupported esmtp extension"),
      REPLY_FIRST (8, S_MAIL | S_RCPT, 400, 559, NULL,
                      "(value|argument)[^.]{0,20}(for|to) (notify|ret|envid|orcpt|"
                      "body)\\b|not announced|extension [^ ]+ not (announced|advertised)"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "parameter not implemented"),
      REPLY_FIRST (8, S_MAIL | S_RCPT, 400, 559, NULL, "unsupported option"),
      REPLY_FIRST (8, S_MAIL | S_RCPT, 400, 559, NULL,
                      "(requiretls|dsn|8bitmime|smtputf8|size|notify|ret|envid|orcpt|"
                      "body)( extension| parameter)? (has been |is )?(disabled|"
                      "not (implemented|supported|enabled|allowed))|"
                      "unsupported parameter|unrecogni[sz]ed parameter|"
                      "unknown (esmtp )?parameter|unknown body"),
      REPLY_FIRST (5, S_MAIL | S_RCPT, 400, 559, NULL, "dsn support"),
      REPLY_FIRST (4, S_MAIL | S_RCPT, 400, 559, NULL,
                      "parameter (not|unrecogni|unsupported|unknown)|(unsupported|"
                      "unknown) (mail( from)? |rcpt( to)? )?parameter|"
                      "\\bnotify\\b[^.]*(not supported|unsupported|not allowed)|"
                      "(body|size|ret|envid|orcpt)=[^ ]* (not|unsupported)|not supported|"
                      "unsupported (option|extension)|no dsn|dsn (is )?not|"
                      "invalid command parameters"),
      REPLY (S_MAIL | S_RCPT, 555, 555, NULL, NULL) } },

  { "data-no-recipients", PERMANENT,
    N_("The server refused to take the message text because no recipient was accepted "
       "before."),
    { N_("Every RCPT TO was refused earlier in the session."),
      N_("The server forgot the recipients after an error or a reset."),
      NULL },
    { N_("Look at the replies to RCPT TO above: they say why the recipient was refused."),
      NULL },
    { REPLY_FIRST (9, S_DATA, 400, 559, NULL, "^need rcpt \\(recipient\\)"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "all recipients (are |were )?(invalid|rejected)"),
      REPLY_FIRST (5, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "no valid recipients|no recipients?( specified)?|"
                      "valid rcpt command must precede"),
      REPLY_FIRST (7, S_DATA | S_MESSAGE, 400, 559, NULL,
                      "need an address|at least one (valid )?recipient|"
                      "must specify (at least one )?(valid )?recipient") } },

  { "rcpt-first", PERMANENT,
    N_("The server refused the message text because no recipient had been accepted before "
       "DATA."),
    { N_("Every RCPT TO was refused, or none was sent, and the server answers DATA as a "
         "command out of order."),
      N_("The server forgot the recipients after an error or a reset."),
      NULL },
    { N_("Look at the replies to RCPT TO above: they say why the recipient was refused."),
      N_("When typing by hand, send MAIL FROM and at least one RCPT TO that the server accepts "
         "before DATA."),
      NULL },
    { REPLY_FIRST (8, S_DATA, 400, 559, NULL,
                      "need (a )?rcpt|\\brcpt (command(\\(s\\))? )?(first|required|"
                      "is required)|missing rcpt|data without rcpt|rcpt to (must|"
                      "has to) be issued first|issue rcpt to|provide a rcpt|"
                      "must have (a )?(valid )?(sender and )?(receiver|recipient)|"
                      "mail (& |and )?rcpt (to )?(are )?required|(mail from|"
                      "mail),? and rcpt to before") },
    "bad-sequence" },

  /* Postfix's smtpd_hard_error_limit and its kin: the session, not the
   * address, ran out of patience. */
  { "too-many-errors", TEMPORARY,
    N_("The server ended the session because too many commands in it went wrong: it "
       "allows only a few refused or invalid commands on one connection."),
    { N_("Earlier commands in this session were refused, such as several recipients that "
         "do not exist."),
      N_("The client sent commands the server did not understand."),
      NULL },
    { N_("Look at the earlier replies in the log: they say what went wrong first."),
      N_("Fix that, then test again on a new connection; this one is closed."),
      NULL },
    { REPLY_FIRST (9, S_ANY, 400, 559, NULL, "too many syntax or protocol errors"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "too many (bad|non-?mail) commands"),
      REPLY_FIRST (7, S_MAIL | S_RCPT | S_DATA | S_MESSAGE, 400, 559, NULL,
                      "too many (bad|failed|invalid|unknown) (recipient|rcpt|address)|"
                      "too many invalid addresses"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "too many commands(?! before)"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL, "too many errors") } },

  { "bad-sequence", PERMANENT,
    N_("The server expected the commands in another order (bad sequence of commands)."),
    { N_("The server wants another command first, such as EHLO, STARTTLS or a login."),
      N_("An earlier command was refused, so the server does not accept this one."),
      N_("A firewall or filter in between changed or dropped a command."),
      NULL },
    { N_("Look at the earlier replies in the log: one of them was probably refused."),
      N_("Check whether the server asks for encryption or a login in its replies."),
      NULL },
    { REPLY_FIRST (8, S_ANY, 400, 559, NULL, "prior to completion of (the )?previous command"),
      REPLY_FIRST (7, S_MAIL, 400, 559, NULL, "helo command before mail from"),
      REPLY_FIRST (7, S_GREETING, 500, 559, NULL, "ehlo at the start of a session"),
      REPLY_FIRST (3, S_ANY, 500, 559, "5.5.1", "^protocol error\\.?$"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "not allowed when tls (is )?active"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "tls (is )?already active|\\bout of order\\b"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "(send|sent|talk|speak|received)[a-z]* before (the |"
                      "my )?(smtp )?(banner|greeting)"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "invalid command in this state|already authenticated"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL, "\\bexpected (ehlo|helo|mail from|rcpt to|data)\\b"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "already over (ssl|tls)"),
      REPLY_FIRST (8, S_ANY, 400, 559, NULL,
                      "already (encrypted|using tls|in tls|secured|logged in|received)|"
                      "use rset|(must|need to) (send|issue|give) (mail|rcpt|helo|"
                      "ehlo)[a-z ]{0,20} (before|first)"),
      REPLY_FIRST (6, S_DATA | S_MESSAGE, 400, 559, NULL, "no valid sender"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "(say|use|send) (helo|ehlo)[/ a-z]* first|wrong state|"
                      "(in|during) (a |the )?mail transaction|(helo|ehlo)[/a-z]* before|"
                      "wait for my (reply|greeting)|talk(ing)? too soon|early talker"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "no helo given before|before mail command"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "already said|already (established|in progress|in tls)|tls already|"
                      "introduce yourself|(helo|ehlo)[/ a-z0-9]*(is )?(required|expected)|"
                      "missing (mail|rcpt)[a-z ]* command|"
                      "not allowed during"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "pipeline after starttls|may not be repeated|already (secured|"
                      "active|started|authenticated|identified)|channel already|"
                      "not allowed at this point|say helo first"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "bad sequence|out of sequence|need (mail|rcpt|helo|ehlo|auth)\\b|"
                      "need rcpt|no (helo|ehlo) given|(helo|hostname|sender|"
                      "recipient) (not yet given|already given)|already (given|"
                      "specified)|duplicate (helo|ehlo)|not allowed during|nested mail|"
                      "send (helo|ehlo) first|pipelin|protocol (violation|"
                      "synchronization)|synchronization error|(mail|rcpt) first|"
                      "must precede"),
      REPLY (S_ANY, 503, 503, NULL, NULL) } },

  { "syntax-error", PERMANENT,
    N_("The server could not read the arguments of the command (syntax error)."),
    { N_("The command was typed with a typo or a missing part."),
      N_("A firewall or filter in between changed the command."),
      NULL },
    { N_("Check the command and its arguments in the log."),
      NULL },
    /* A login whose argument the server cannot decode. */
    { REPLY_FIRST (9, S_MAIL | S_RCPT | S_DATA | S_AUTH, 500, 559, NULL,
                      "syntax: \"?[a-z]+\"? sp|invalid character encoding"),
      REPLY_FIRST (8, S_MAIL | S_RCPT, 500, 559, NULL,
                      "^invalid (notify|orcpt|ret|envid|body|by|holdfor|mt-priority)\\b"),
      REPLY_FIRST (8, S_AUTH, 500, 559, NULL,
                      "credentials format|does not contain nul|invalid base ?64"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "excessive amounts? of data sent"),
      REPLY_FIRST (6, S_ANY, 500, 559, NULL, "needs (an? )?argument"),
      REPLY_FIRST (8, S_AUTH, 400, 559, NULL, "does not support (an )?initial response"),
      REPLY_FIRST (9, S_MAIL | S_RCPT, 400, 559, NULL, "takes no arguments?"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL,
                      "garbled command|improper argument|syntax violates rfc|"
                      "non-printable characters"),
      REPLY_FIRST (8, S_AUTH, 400, 559, NULL,
                      "malformed (authentication |auth )?response|invalid challenge|"
                      "invalid base64"),
      REPLY_FIRST (9, S_MAIL | S_RCPT, 400, 559, NULL,
                      "syntax error in (the )?(rcpt|mail( from)?) parameters?\\b"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "specified once only|duplicate [a-z]+ parameter|(missing|"
                      "zero) size|null bdat|initial data not expected|base64 decode|"
                      "no parameters given"),
      REPLY_FIRST (9, S_AUTH, 400, 559, NULL, "invalid character"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "type not specified|size invalid|(invalid|bad) utf-?8|"
                      "sasl response limit|does not accept arguments|option too large"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "could not decode"),
      REPLY_FIRST (8, S_AUTH, 400, 559, NULL, "response syntax|missing [a-z ]*parameter"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL, "syntax: (rcpt to|mail from)"),
      REPLY_FIRST (8, S_AUTH, 400, 559, NULL, "not a valid base64|base64 string"),
      REPLY_FIRST (9, S_RCPT, 400, 559, NULL, "syntax error in rcpt command"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "invalid authentication response|userdata to decode|cannot decode|"
                      "bad message size|invalid (message )?size|must have a value|"
                      "missing the (from|to):|syntax: auth\\b|badly formed"),
      REPLY_FIRST (8, S_COMMANDS, 400, 559, NULL,
                      "requires a value|missing (argument|parameter)|"
                      "missing [a-z]+ parameter value|"
                      "too many parameters|duplicate param|=[0-9]+ out of range|"
                      "bad [a-z]+ attribute name|needs two characters|"
                      "value must be non-negative|syntactically incorrect value|"
                      "could not decode|error decoding|"
                      "invalid authentication string|command arg(ument)? required|"
                      "^malformed (mail from|rcpt to)\\b"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "bad [a-z]+ value|invalid [a-z]+ value|required syntax|"
                      "requires an? argument|no parameters allowed|"
                      "parameters? not allowed|invalid (auth |command )?syntax"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "bad [a-z ]*syntax|syntax error"),
      REPLY_FIRST (9, S_ANY, 400, 559, NULL,
                      "expecting [a-z]+ arg|arg(ument)? syntax of|usage:|"
                      "should not have any arguments|unexpected argument|"
                      "parameter must be"),
      REPLY_FIRST (4, S_ANY, 500, 559, NULL, "could not parse|cannot parse|unable to parse"),
      REPLY_FIRST (5, S_ANY, 400, 559, NULL,
                      "too many (bad|invalid) commands|must be specified|"
                      "line (is )?too long|line length|command (line )?too long|"
                      "max(imum)?\\.? command line|8-bit characters not allowed|"
                      "nul characters|syntax:"),
      REPLY_FIRST (4, S_ANY, 400, 559, NULL,
                      "syntax error|bad [a-z ]*syntax|invalid (base64|auth string|"
                      "data for)|malformed auth|must have an address|missing (recipient|"
                      "sender|address)|argument not allowed|optional argument|"
                      "invalid arguments|cannot be combined|invalid command: command line"),
      REPLY_FIRST (7, S_ANY, 400, 559, NULL, "invalid command: pipelining"),
      REPLY (S_COMMANDS, 501, 501, "5.5.2", NULL),
      REPLY (S_MAIL | S_RCPT, 500, 559, "5.5.4", NULL) } },

  { "unrecognized-command", PERMANENT,
    N_("The server does not know this command (unrecognised command)."),
    { N_("The command has a typo, if it was typed by hand."),
      N_("The server does not support this command, for example an old server without "
         "EHLO."),
      N_("A firewall that inspects SMTP (such as Cisco “ESMTP inspection”) blocks commands it "
         "does not know and answers for the server."),
      N_("The command was sent before the server was ready for it."),
      NULL },
    { N_("Check the command for typos."),
      N_("Compare with the extensions the server lists in its EHLO reply."),
      N_("If a firewall inspects SMTP, ask its administrator to turn that inspection off."),
      NULL },
    { REPLY_FIRST (8, S_ANY, 400, 559, NULL, "command unrecognized|unrecognized command"),
      REPLY_FIRST (6, S_ANY, 400, 559, NULL,
                      "used when not advertised|not advertised|not offered|"
                      "too many unrecognized"),
      REPLY_FIRST (3, S_ANY, 400, 559, NULL,
                      "unrecogni[sz]ed|not recogni[sz]ed|unknown command|"
                      "command not (implemented|supported|recogni)|not implemented|(ehlo|"
                      "auth|starttls|tls) not (supported|available|enabled)|"
                      "authentication not enabled"),
      REPLY (S_GREETING | S_COMMANDS, 500, 500, NULL, NULL),
      REPLY (S_GREETING | S_COMMANDS, 502, 502, NULL, NULL) } },

  { "generic-mail-policy", PERMANENT,
    /* 5.7.1 alone: refused on policy grounds, the digits say no more. */
    NULL,
    { N_("The sender address or its domain is on the server’s deny list."),
      N_("The server accepts your organisation’s addresses only from signed-in users, to stop "
         "forged senders."),
      N_("The recipient’s organisation blocks your domain."),
      NULL },
    { N_("Test with another sender address of your organisation."),
      N_("Ask the recipient’s administrator whether your address or domain is blocked."),
      NULL },
    { REPLY (S_MAIL, 500, 559, "5.7.1", NULL) } },

  /* Replies that a step did not expect */

  { "unexpected-reply", PERMANENT,
    N_("The server answered with a code that does not fit this step, so the conversation "
       "cannot go on as planned."),
    { N_("The server or a firewall in between does not follow the SMTP rules closely."),
      N_("An earlier reply was misread because the server sent extra lines."),
      NULL },
    { N_("Look at the server’s lines in the log around this step."),
      ADVICE_TELL_ADMIN,
      NULL },
    { REPLY (S_BANNER, 200, 219, NULL, NULL),
      REPLY (S_BANNER, 221, 399, NULL, NULL),
      REPLY (S_GREETING | S_MAIL | S_RCPT | S_MESSAGE, 300, 399, NULL, NULL) } },

  /* The fallbacks: the digits alone, with causes typical of the step */

  { "generic-success", INFO,
    NULL,
    { NULL },
    { NULL },
    { REPLY (S_ANY, 200, 399, NULL, NULL) } },

  { "generic-banner-4xx", TEMPORARY,
    NULL,
    { N_("The server is busy, in maintenance or limiting connections."),
      N_("Your address is being slowed down because of its reputation."),
      NULL },
    { ADVICE_RETRY_LATER,
      ADVICE_READ_TEXT,
      NULL },
    { REPLY (S_BANNER, 400, 499, NULL, NULL) } },

  { "generic-banner-5xx", PERMANENT,
    NULL,
    { N_("The server refuses connections from your IP address, often because of a blocklist "
         "or a bad reputation."),
      N_("The server takes mail only from certain sources, such as its filtering service."),
      N_("This host does not offer a mail service (“No SMTP service here”)."),
      NULL },
    { ADVICE_READ_TEXT,
      ADVICE_TEST_FROM_SERVER,
      N_("Ask the recipient’s administrator to allow-list your IP address."),
      NULL },
    { REPLY (S_BANNER, 500, 559, NULL, NULL) } },

  { "generic-greeting-4xx", TEMPORARY,
    NULL,
    { N_("The server cannot check the EHLO name or your address right now."),
      N_("The server is busy."),
      NULL },
    { ADVICE_RETRY_LATER,
      NULL },
    { REPLY (S_GREETING, 400, 499, NULL, NULL) } },

  { "generic-greeting-5xx", PERMANENT,
    NULL,
    { N_("The server does not accept the EHLO name this app introduced itself with."),
      N_("The server refuses your IP address."),
      NULL },
    { N_("Use the real public host name of your mail server as EHLO name."),
      ADVICE_READ_TEXT,
      NULL },
    { REPLY (S_GREETING, 500, 559, NULL, NULL) } },

  { "generic-starttls-4xx", TEMPORARY,
    NULL,
    { N_("The server cannot start encryption right now."),
      NULL },
    { ADVICE_RETRY_LATER,
      NULL },
    { REPLY (S_STARTTLS, 400, 499, NULL, NULL) } },

  { "generic-starttls-5xx", PERMANENT,
    NULL,
    { N_("The server does not offer encryption, or not to you."),
      N_("A firewall in between removes encryption from SMTP."),
      NULL },
    { N_("Check whether the server lists STARTTLS in its EHLO reply."),
      ADVICE_TELL_ADMIN,
      NULL },
    { REPLY (S_STARTTLS, 500, 559, NULL, NULL) } },

  { "generic-mail-4xx", TEMPORARY,
    NULL,
    { N_("The server cannot check the sender’s domain in DNS right now."),
      N_("The server is limiting senders for a while."),
      NULL },
    { ADVICE_RETRY_LATER,
      ADVICE_READ_TEXT,
      NULL },
    { REPLY (S_MAIL, 400, 499, NULL, NULL) } },

  { "generic-mail-5xx", PERMANENT,
    NULL,
    { N_("The server does not accept this sender address or its domain."),
      N_("The server refuses mail from your IP address for this sender."),
      N_("The server wants a login or encryption first."),
      NULL },
    { ADVICE_READ_TEXT,
      N_("Test with a real address of your organisation as sender."),
      NULL },
    { REPLY (S_MAIL, 500, 559, NULL, NULL) } },

  { "generic-rcpt-4xx", TEMPORARY,
    NULL,
    { N_("Greylisting or another deliberate delay for new senders."),
      N_("The recipient’s mailbox is over its limit or unavailable for now."),
      N_("The server cannot check the recipient against its directory right now."),
      NULL },
    { ADVICE_RETRY_LATER,
      ADVICE_READ_TEXT,
      NULL },
    { REPLY (S_RCPT, 400, 499, NULL, NULL) } },

  { "generic-rcpt-5xx", PERMANENT,
    NULL,
    { N_("The recipient address does not exist or is not accepted on this server."),
      N_("The server does not take mail for this domain from you (no relaying)."),
      N_("A policy of the recipient’s organisation refuses your sender or your IP address."),
      NULL },
    { N_("Check the recipient address for typos."),
      ADVICE_READ_TEXT,
      N_("Ask the recipient’s administrator about the refusal, with the time of the test."),
      NULL },
    { REPLY (S_RCPT, 500, 559, NULL, NULL) } },

  { "generic-data-4xx", TEMPORARY,
    NULL,
    { N_("The server cannot take a message right now."),
      N_("The server delays new senders on purpose."),
      NULL },
    { ADVICE_RETRY_LATER,
      NULL },
    { REPLY (S_DATA, 400, 499, NULL, NULL) } },

  { "generic-data-5xx", PERMANENT,
    NULL,
    { N_("No recipient was accepted before, so there is nothing to send to."),
      N_("The server refuses the transaction on policy grounds."),
      NULL },
    { N_("Look at the replies to MAIL FROM and RCPT TO above."),
      ADVICE_READ_TEXT,
      NULL },
    { REPLY (S_DATA, 500, 559, NULL, NULL) } },

  { "generic-message-4xx", TEMPORARY,
    NULL,
    { N_("The server could not scan or store the message right now."),
      N_("The server delays this message on purpose, for example to check the sender."),
      NULL },
    { ADVICE_RETRY_LATER,
      NULL },
    { REPLY (S_MESSAGE, 400, 499, NULL, NULL) } },

  { "generic-message-5xx", PERMANENT,
    NULL,
    { N_("The server’s filter refused the message after reading it, for its content or its "
         "sender."),
      N_("The sender’s domain failed a check such as SPF, DKIM or DMARC."),
      NULL },
    { ADVICE_READ_TEXT,
      N_("Send a normal message from your mail program to compare."),
      NULL },
    { REPLY (S_MESSAGE, 500, 559, NULL, NULL) } },

  { "generic-auth-4xx", TEMPORARY,
    NULL,
    { N_("The server cannot check the login right now, for example because its directory "
         "is not reachable."),
      NULL },
    { ADVICE_RETRY_LATER,
      NULL },
    { REPLY (S_AUTH, 400, 499, NULL, NULL) } },

  { "generic-auth-5xx", PERMANENT,
    NULL,
    { N_("The user name or password is wrong, or the account may not log in this way."),
      N_("The server allows logging in only with encryption or another method."),
      NULL },
    { N_("Check the user name and the password."),
      ADVICE_READ_TEXT,
      NULL },
    { REPLY (S_AUTH, 500, 559, NULL, NULL) } },

  { "generic-other-4xx", TEMPORARY,
    NULL,
    { N_("The server has a temporary problem."),
      NULL },
    { ADVICE_RETRY_LATER,
      NULL },
    { REPLY (S_OTHER, 400, 499, NULL, NULL) } },

  { "generic-other-5xx", PERMANENT,
    NULL,
    { N_("The server does not accept this command here."),
      NULL },
    { ADVICE_READ_TEXT,
      NULL },
    { REPLY (S_OTHER, 500, 559, NULL, NULL) } },

  /* --- Limits ------------------------------------------------------------
   * The test's own bounds (sp-probe.h), not the server's doing. */

  { "test-deadline", TEMPORARY,
    N_("The whole test reached its overall time limit and stopped; the servers and addresses "
       "it had not reached yet were not tried."),
    { N_("The servers answer slowly, or each step waited for its own time limit."),
      N_("The domain has many mail servers or addresses, and each one took long to fail."),
      NULL },
    { N_("Raise the limit for the whole test (--deadline, or Advanced in the app), or lower "
         "the time limit per step so that dead servers fail faster."),
      N_("Test one server directly (--server) to see where the time goes."),
      NULL },
    { FAILURE (S_ANY, PROBE, SP_PROBE_ERROR_DEADLINE) } },
  /* AUTH exchange: a login that broke the rules of RFC 4954 (a 235 before
   * the password, more 334 questions than the method has, a reply that is
   * not SMTP). More specific than "protocol-error" by its step. */

  { "auth-exchange-broken", PERMANENT,
    N_("The login (AUTH) did not follow the rules: the server claimed success before the "
       "password was sent, kept asking for more login data, or answered with something that "
       "is not SMTP. The login is not counted as done."),
    { N_("The server software is broken or misconfigured in its login handling."),
      N_("Something in between, such as a firewall or proxy that inspects mail traffic, "
         "interferes with the login."),
      N_("The server is not the mail server it claims to be and plays along to collect "
         "passwords."),
      NULL },
    { N_("Look at the server’s lines for the login step in the log."),
      N_("Test from another network to rule out a device in between."),
      N_("Tell the server’s administrator the time of the test and what the server "
         "answered."),
      NULL },
    { FAILURE (S_AUTH, SESSION, SP_SESSION_ERROR_PROTOCOL) } },
  /* Issue 8 verdicts */

  { "data-no-go-ahead", PERMANENT,
    N_("The server answered DATA with a code other than 354, so it never asked for the "
       "message text, and no message was sent. This breaks SMTP: a server either invites "
       "the text with 354 or refuses with a 4xx or 5xx code."),
    { N_("A firewall or filter between this computer and the server answers in the server’s "
         "place and gets DATA wrong."),
      N_("The server software has a bug, or it is not a real mail server (a test stub, a "
         "honeypot)."),
      NULL },
    { N_("Test the same server from another network, to rule out a filter on the way."),
      ADVICE_TELL_ADMIN,
      NULL },
    { REPLY (S_DATA, 200, 299, NULL, NULL),
      REPLY (S_DATA, 300, 353, NULL, NULL) } },

  { "dns-bad-answer", TEMPORARY,
    N_("The DNS server sent a broken (malformed) answer, so the mail servers could not be "
       "read from it. The fault lies with DNS, not with the address that was typed."),
    { N_("The DNS server, or a router or firewall that answers DNS in its place, has a bug."),
      N_("The domain’s own name servers send broken records, and the DNS server passes them "
         "on."),
      N_("Something on the network tampers with DNS answers."),
      NULL },
    { N_("Run the test again with another DNS server, such as 1.1.1.1; if that works, the DNS "
         "server used first is at fault."),
      N_("If every DNS server gives a broken answer, tell the domain’s administrator: their "
         "name servers need fixing."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_BAD_ANSWER) } },

  { "dns-mx-names-address", PERMANENT,
    N_("An MX record of the domain names an IP address instead of a host name. RFC 5321 "
       "(section 5.1) does not allow that, and sending servers such as Postfix and Exim "
       "refuse such a record, so their mail does not arrive, even though the server itself "
       "answered this test."),
    { N_("Whoever set up the DNS zone typed the server’s address where its name belongs."),
      N_("A DNS hosting panel stored the address as a name."),
      NULL },
    { N_("Ask the domain’s administrator to give the mail server a name with an A (or AAAA) "
         "record, and to point the MX record at that name."),
      N_("Test again once the record is fixed."),
      NULL },
    { FAILURE (S_ANY, RESOLVER, SP_RESOLVER_ERROR_MX_NAMES_ADDRESS) } },
  /* Trust: a password or a required encryption needs a certificate that
   * proves who the server is. */

  { "certificate-auth-untrusted", PERMANENT,
    N_("The password was not sent: the server’s certificate did not validate, so nothing "
       "proves that the server is the one you meant to log in to. Anyone in the middle of "
       "the connection could show such a certificate and collect the password."),
    { CERTIFICATE_REASONS },
    { CERTIFICATE_ADVICE,
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_AUTH_UNTRUSTED) } },

  { "certificate-required-untrusted", PERMANENT,
    N_("Encryption was required, and the server’s certificate did not validate, so the test "
       "stopped before MAIL FROM. Senders that enforce MTA-STS or DANE for the domain would "
       "not deliver here either."),
    { CERTIFICATE_REASONS },
    { CERTIFICATE_ADVICE,
      N_("Run the test with opportunistic encryption to test the rest of the session, as "
         "most sending servers would."),
      NULL },
    { FAILURE (S_ANY, PROBE, SP_PROBE_ERROR_CERTIFICATE_UNTRUSTED) } },

  { "starttls-unexpected-reply", PERMANENT,
    N_("The server answered STARTTLS with a success code other than 220. Only 220 starts "
       "encryption (RFC 3207), so the connection stayed in plain text."),
    { N_("The server’s STARTTLS support is broken or not standard."),
      N_("A firewall or proxy that inspects SMTP answers STARTTLS in the server’s place, to "
         "keep the connection readable."),
      NULL },
    { N_("Ask the server’s administrator to check the mail server’s STARTTLS set-up."),
      N_("Test from another network to rule out a device on your side that answers for the "
         "server."),
      N_("Run the test with opportunistic encryption to test the rest of the session."),
      NULL },
    { FAILURE (S_ANY, PROBE, SP_PROBE_ERROR_STARTTLS_UNEXPECTED) } },

  { "tls-plaintext-port", PERMANENT,
    N_("This port speaks plain SMTP, not TLS: the server greeted in plain text, while the "
       "test started TLS from the first byte (implicit TLS)."),
    { N_("The port is a plain SMTP port such as 25 or 587, where encryption starts with "
         "STARTTLS after the greeting."),
      N_("The server does not offer implicit TLS on this port."),
      NULL },
    { N_("Test this port with STARTTLS: encryption “required” or “opportunistic” instead of "
         "“implicit”."),
      N_("For implicit TLS, test port 465."),
      NULL },
    { FAILURE (S_ANY, SESSION, SP_SESSION_ERROR_TLS_PLAINTEXT_PEER) } },
};

const SpDiagnosisRule *
_sp_diagnosis_get_rules (guint *n_rules)
{
  *n_rules = G_N_ELEMENTS (rules);

  return rules;
}

const char * const _sp_diagnosis_given_server_advice[] = {
  ADVICE_TEST_DOMAIN_SERVERS,
  ADVICE_TEST_DOMAIN_SERVERS_PORT_25,
  NULL
};
