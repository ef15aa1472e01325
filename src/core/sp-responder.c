/* sp-responder.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-responder"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-responder.h"

/* A guess is only made when the clues for one answer add up to this. A
 * strong clue (a product name in the greeting, a provider's host name)
 * weighs it alone; weak ones (reply texts that other software copies)
 * need company. */
#define THRESHOLD 100

#define BANNER (1u << SP_RESPONDER_PART_BANNER)
#define EHLO   (1u << SP_RESPONDER_PART_EHLO)
#define REPLY  (1u << SP_RESPONDER_PART_REPLY)
#define ANY    (BANNER | EHLO | REPLY)

/* Host names in the greeting and the EHLO reply: only the first word
 * names the server; the rest of the EHLO line names us. */
#define FIRST_HOST(domains) "\\A(?:[\\w-]+\\.)*(?:" domains ")\\b"
/* Host names inside reply texts, but not in an address ("x@gmx.net" is
 * the recipient) and not a host named with its IP ("relay.example.net
 * [192.0.2.1] is not permitted", "host mx.example.net[192.0.2.1] said"):
 * replies quote both. */
#define TEXT_HOST(domains) \
  "(?<![@\\w.-])(?:[\\w-]+\\.)+(?:" domains ")\\b(?!\\S*?\\s*\\[[\\d.:a-fA-F]+\\])"

#define MICROSOFT_DOMAINS  "outlook\\.com|office365\\.com"
#define GOOGLE_DOMAINS     "google\\.com|gmail\\.com|googlemail\\.com"
#define YAHOO_DOMAINS      "yahoo\\.com|yahoodns\\.net|aol\\.com"
#define APPLE_DOMAINS      "icloud\\.com|me\\.com|mac\\.com"
#define ZOHO_DOMAINS       "zoho(?:mail)?\\.(?:com|eu|in|jp|sa|com\\.au|com\\.cn)"
#define FASTMAIL_DOMAINS   "messagingengine\\.com|fastmail\\.(?:com|fm)"
#define PROTON_DOMAINS     "protonmail\\.ch|protonmail\\.com|proton\\.me"
#define UI_DOMAINS         "gmx\\.(?:net|com|de|at|ch)|web\\.de|kundenserver\\.de|perfora\\.net|" \
                           "1and1\\.(?:com|de|es|fr|co\\.uk)|ionos\\.(?:com|de|es|fr|it|co\\.uk)"
#define PROOFPOINT_DOMAINS "pphosted\\.com|ppops\\.net|ppe-hosted\\.com"
#define MIMECAST_DOMAINS   "mimecast\\.com|mimecast-offshore\\.com"
#define BARRACUDA_DOMAINS  "barracudanetworks\\.com|cudamail\\.com"
#define CISCO_DOMAINS      "iphmx\\.com"
#define SOPHOS_DOMAINS     "hydra\\.sophos\\.com"
#define TREND_DOMAINS      "trendmicro\\.(?:com|eu)"
#define SYMANTEC_DOMAINS   "messagelabs\\.com"

typedef struct
{
  SpResponder  responder;
  guint        parts;
  guint        weight;
  gboolean     match_case;
  const char  *pattern;
} Signal;

/* Each pattern runs on a part's text with the reply codes and enhanced
 * codes taken off ("250-SIZE 35882577" is read as "SIZE 35882577", "550
 * 5.1.1 User unknown" as "User unknown"), one line per line,
 * case-insensitively unless match_case says otherwise. A signal counts
 * once however many replies show it. The sources of the texts are in
 * tests/data/responders.txt. */
static const Signal signals[] = {
  /* Microsoft 365 / Exchange Online Protection: its servers name
   * themselves "….mail.protection.outlook.com" and tag replies with the
   * name of the server inside brackets. */
  { SP_RESPONDER_MICROSOFT_365, BANNER | EHLO, 200, FALSE, FIRST_HOST (MICROSOFT_DOMAINS) },
  { SP_RESPONDER_MICROSOFT_365, REPLY, 150, FALSE,
    "\\[[\\w-]+(?:\\.[\\w-]+)*\\.prod\\.(?:protection\\.)?outlook\\.com\\b" },
  { SP_RESPONDER_MICROSOFT_365, REPLY, 150, FALSE,
    "Hostname=[\\w-]+(?:\\.[\\w-]+)*\\.prod\\.outlook\\.com\\b" },
  { SP_RESPONDER_MICROSOFT_365, REPLY, 150, FALSE, "https?://sender\\.office\\.com" },

  /* Outlook.com runs on the same servers; only its old host names and
   * its own postmaster pages tell it apart. */
  { SP_RESPONDER_OUTLOOK_COM, BANNER | EHLO, 200, FALSE, FIRST_HOST ("hotmail\\.com") },
  { SP_RESPONDER_OUTLOOK_COM, REPLY, 200, FALSE, "postmaster\\.live\\.com|mail\\.live\\.com" },
  { SP_RESPONDER_OUTLOOK_COM, REPLY, 60, TRUE, "\\(S\\d{4}\\)" },

  { SP_RESPONDER_GMAIL, BANNER | EHLO, 200, FALSE, FIRST_HOST (GOOGLE_DOMAINS) },
  /* Every Gmail reply ends with its session id and "gsmtp". */
  { SP_RESPONDER_GMAIL, ANY, 200, FALSE, "\\s-\\s+gsmtp\\s*$" },
  { SP_RESPONDER_GMAIL, REPLY, 200, FALSE,
    "support\\.google\\.com/mail|google\\.com/search\\?btnI&q=RFC\\+2821" },

  { SP_RESPONDER_YAHOO, BANNER | EHLO, 200, FALSE, FIRST_HOST (YAHOO_DOMAINS) },
  { SP_RESPONDER_YAHOO, BANNER, 200, FALSE, "America Online \\(AOL\\)" },
  { SP_RESPONDER_YAHOO, EHLO, 200, FALSE, "^AUTH\\b.*\\bXYMCOOKIE\\b" },
  { SP_RESPONDER_YAHOO, REPLY, 150, FALSE, TEXT_HOST (YAHOO_DOMAINS) },
  { SP_RESPONDER_YAHOO, REPLY, 200, FALSE,
    "postmaster\\.(?:yahooinc|verizonmedia|aol)\\.com|senders\\.yahooinc\\.com|"
    "help\\.yahoo\\.com|doesn't have a yahoo\\.com account" },
  /* Yahoo's own error codes: "[TSS04]", "[PH01]". */
  { SP_RESPONDER_YAHOO, REPLY, 60, TRUE, "\\[(?:TSS?|PH|GL)\\d{2}\\]" },

  { SP_RESPONDER_ICLOUD, BANNER | EHLO, 200, FALSE, FIRST_HOST (APPLE_DOMAINS) },
  { SP_RESPONDER_ICLOUD, BANNER, 150, TRUE, "\\biCloud\\b" },
  { SP_RESPONDER_ICLOUD, BANNER | EHLO, 150, FALSE, "\\A[\\w-]*\\biscream\\b" },
  { SP_RESPONDER_ICLOUD, REPLY, 150, FALSE, TEXT_HOST (APPLE_DOMAINS) "|support\\.apple\\.com/" },

  { SP_RESPONDER_ZOHO, BANNER | EHLO, 200, FALSE, FIRST_HOST (ZOHO_DOMAINS) },
  { SP_RESPONDER_ZOHO, REPLY, 150, FALSE, TEXT_HOST (ZOHO_DOMAINS) },

  { SP_RESPONDER_FASTMAIL, BANNER | EHLO, 200, FALSE, FIRST_HOST (FASTMAIL_DOMAINS) },
  { SP_RESPONDER_FASTMAIL, REPLY, 150, FALSE, TEXT_HOST (FASTMAIL_DOMAINS) },

  { SP_RESPONDER_PROTON, BANNER | EHLO, 200, FALSE, FIRST_HOST (PROTON_DOMAINS) },
  { SP_RESPONDER_PROTON, REPLY, 150, FALSE, TEXT_HOST (PROTON_DOMAINS) },

  /* GMX, WEB.DE and IONOS share one mail system, "Nemesis". */
  { SP_RESPONDER_UNITED_INTERNET, BANNER | EHLO, 200, FALSE, FIRST_HOST (UI_DOMAINS) },
  { SP_RESPONDER_UNITED_INTERNET, BANNER, 200, FALSE,
    "\\bNemesis ESMTP\\b|Welcome to Nemesis\\b|\\bGMX Mailservices\\b|\\bESMTP WEB\\.DE\\b" },
  { SP_RESPONDER_UNITED_INTERNET, BANNER | REPLY, 150, FALSE,
    "\\(mx(?:gmx|eue|eueus|web)\\w*\\)" },
  { SP_RESPONDER_UNITED_INTERNET, REPLY, 150, FALSE,
    TEXT_HOST (UI_DOMAINS) "|postmaster\\.(?:gmx|web|1und1|ionos)\\.\\w+" },

  { SP_RESPONDER_PROOFPOINT, BANNER | EHLO, 200, FALSE, FIRST_HOST (PROOFPOINT_DOMAINS) },
  /* Proofpoint's own reputation list is only consulted by its products;
   * its public DNSBL ("support.proofpoint.com/dnsbl-lookup.cgi") is used
   * by others too, iCloud among them, so it is no clue. */
  { SP_RESPONDER_PROOFPOINT, REPLY, 150, FALSE,
    TEXT_HOST (PROOFPOINT_DOMAINS) "|blocked using prs\\.proofpoint\\.com" },

  { SP_RESPONDER_MIMECAST, BANNER | EHLO, 200, FALSE, FIRST_HOST (MIMECAST_DOMAINS) },
  { SP_RESPONDER_MIMECAST, REPLY, 200, FALSE,
    TEXT_HOST (MIMECAST_DOMAINS) "|community\\.mimecast\\.com/|\\bMCSpamSignature\\b" },

  { SP_RESPONDER_BARRACUDA, BANNER | EHLO, 200, FALSE, FIRST_HOST (BARRACUDA_DOMAINS) },
  /* The appliance greets with a 32-digit session id in brackets. */
  { SP_RESPONDER_BARRACUDA, BANNER, 150, FALSE, "\\A\\S+ ESMTP \\([0-9a-f]{32}\\)\\s*$" },
  /* "Barracuda Reputation" is a public blocklist anyone may use, so only
   * the appliance's own reply tags count. */
  { SP_RESPONDER_BARRACUDA, REPLY, 200, FALSE, "\\bcuda_nsu\\b|" TEXT_HOST (BARRACUDA_DOMAINS) },

  { SP_RESPONDER_CISCO, BANNER | EHLO, 200, FALSE, FIRST_HOST (CISCO_DOMAINS) },
  { SP_RESPONDER_CISCO, BANNER, 150, TRUE, "\\bAsyncOS\\b" },
  { SP_RESPONDER_CISCO, REPLY, 150, FALSE,
    TEXT_HOST (CISCO_DOMAINS) "|\\bExceeded bad SMTP command limit\\b" },
  /* AsyncOS's own wording: its reply to HELP, and "500 #5.5.1 command
   * not recognized". */
  { SP_RESPONDER_CISCO, REPLY, 60, TRUE, "^The following commands are recognized$" },
  { SP_RESPONDER_CISCO, REPLY, 60, TRUE, "^\\s*auth\\s+data\\s+ehlo\\s+helo$" },
  { SP_RESPONDER_CISCO, REPLY, 60, TRUE, "^#5\\.5\\.1 command not recognized$" },

  { SP_RESPONDER_SOPHOS, BANNER | EHLO, 200, FALSE, FIRST_HOST (SOPHOS_DOMAINS) },
  { SP_RESPONDER_SOPHOS, BANNER, 150, FALSE, "\\bSophos\\b" },
  { SP_RESPONDER_SOPHOS, REPLY, 150, FALSE, TEXT_HOST (SOPHOS_DOMAINS) },

  { SP_RESPONDER_TREND_MICRO, BANNER | EHLO, 200, FALSE, FIRST_HOST (TREND_DOMAINS) },
  { SP_RESPONDER_TREND_MICRO, BANNER, 150, FALSE,
    "\\bInterScan\\b|\\bTrend ?Micro\\b|\\bIMSS\\b" },
  { SP_RESPONDER_TREND_MICRO, REPLY, 150, FALSE, TEXT_HOST (TREND_DOMAINS) },

  { SP_RESPONDER_MESSAGELABS, BANNER | EHLO, 200, FALSE, FIRST_HOST (SYMANTEC_DOMAINS) },
  { SP_RESPONDER_MESSAGELABS, REPLY, 150, FALSE,
    TEXT_HOST (SYMANTEC_DOMAINS) "|symanteccloud\\.com/troubleshooting" },

  /* On-premises Exchange. "ready at <date>" is Exchange 2007 and later;
   * the older "Version: 6.0…" banner is the Windows SMTP service, which
   * Exchange 2003 used but plain relays use too. The X- keywords belong
   * to Exchange's own receive connectors. */
  { SP_RESPONDER_EXCHANGE, BANNER, 100, FALSE, "\\bMicrosoft ESMTP MAIL Service ready at\\b" },
  { SP_RESPONDER_EXCHANGE, BANNER, 60, FALSE, "\\bMicrosoft ESMTP MAIL Service\\b" },
  { SP_RESPONDER_EXCHANGE, BANNER, 150, FALSE, "\\bMicrosoft Exchange\\b" },
  { SP_RESPONDER_EXCHANGE, EHLO, 60, FALSE, "^X-ANONYMOUSTLS$" },
  { SP_RESPONDER_EXCHANGE, EHLO, 60, FALSE, "^X-EXPS\\b" },
  { SP_RESPONDER_EXCHANGE, EHLO, 100, FALSE, "^XEXCH50$" },
  { SP_RESPONDER_EXCHANGE, EHLO, 40, FALSE, "^XRDST$|^XSHADOW(?:REQUEST)?\\b" },
  { SP_RESPONDER_EXCHANGE, EHLO, 50, FALSE, "^AUTH GSSAPI NTLM\\b" },
  /* Exchange greets with the client's address only: "Hello [192.0.2.1]". */
  { SP_RESPONDER_EXCHANGE, EHLO, 30, FALSE, "\\A\\S+ Hello \\[[\\d.:a-fA-F]+\\]$" },
  { SP_RESPONDER_EXCHANGE, REPLY, 50, FALSE, "\\bClient was not authenticated\\b" },
  { SP_RESPONDER_EXCHANGE, REPLY, 40, FALSE, "\\bQueued mail for delivery\\b" },

  /* Postfix. Its reply texts are copied by appliances built on it
   * (Proofpoint, Trend Micro, iCloud's MXs), so they weigh little alone. */
  { SP_RESPONDER_POSTFIX, BANNER, 150, FALSE, "\\bESMTP Postfix\\b" },
  /* The order in which smtpd.c lists its extensions. */
  { SP_RESPONDER_POSTFIX, EHLO, 100, FALSE, "^PIPELINING\\nSIZE(?: \\d+)?\\n(?:VRFY\\n)?ETRN$" },
  { SP_RESPONDER_POSTFIX, REPLY, 100, TRUE, "\\bOk: (?:\\d+ bytes )?queued\\b" },
  { SP_RESPONDER_POSTFIX, REPLY, 60, TRUE, "^End data with <CR><LF>\\.<CR><LF>$" },
  { SP_RESPONDER_POSTFIX, REPLY, 60, TRUE,
    "\\bError: (?:bad syntax|send HELO/EHLO first|need MAIL command|need RCPT command)" },
  { SP_RESPONDER_POSTFIX, REPLY, 50, TRUE,
    ": (?:Recipient address|Sender address|Helo command|Client host) rejected: " },
  { SP_RESPONDER_POSTFIX, REPLY, 50, TRUE, ": Relay access denied$" },
  { SP_RESPONDER_POSTFIX, REPLY, 30, TRUE, "^Ok$" },

  { SP_RESPONDER_EXIM, BANNER, 150, FALSE, "\\bESMTP Exim\\b" },
  { SP_RESPONDER_EXIM, REPLY, 100, TRUE,
    "^Enter message, ending with \"\\.\" on a line by itself$" },
  { SP_RESPONDER_EXIM, REPLY, 100, TRUE, "^OK id=[\\w-]{12,}$" },
  { SP_RESPONDER_EXIM, REPLY, 100, TRUE, "\\bSyntactically invalid (?:EHLO|HELO) argument" },
  { SP_RESPONDER_EXIM, REPLY, 60, TRUE, "\\bSender verify failed\\b" },
  { SP_RESPONDER_EXIM, REPLY, 30, TRUE, "^Accepted$" },

  { SP_RESPONDER_SENDMAIL, BANNER, 150, FALSE, "\\bSendmail \\d+\\.\\d+" },
  { SP_RESPONDER_SENDMAIL, BANNER | REPLY, 150, FALSE, "\\bThis is sendmail\\b" },
  /* OpenSMTPD kept Sendmail's DATA reply. */
  { SP_RESPONDER_SENDMAIL, REPLY, 60, TRUE, "^Enter mail, end with \"\\.\" on a line by itself$" },
  { SP_RESPONDER_SENDMAIL, REPLY, 60, TRUE, "\\.\\.\\. Sender ok$" },
  { SP_RESPONDER_SENDMAIL, REPLY, 60, TRUE, "\\.\\.\\. Recipient ok\\b" },
  { SP_RESPONDER_SENDMAIL, EHLO | REPLY, 20, FALSE, ", pleased to meet you$" },

  { SP_RESPONDER_OPENSMTPD, BANNER, 150, FALSE, "\\bESMTP OpenSMTPD\\b" },
  /* The order in which smtp_session.c lists its extensions. */
  { SP_RESPONDER_OPENSMTPD, EHLO, 100, FALSE,
    ", pleased to meet you\\n8BITMIME\\nENHANCEDSTATUSCODES\\nSIZE \\d+\\nDSN$" },
  { SP_RESPONDER_OPENSMTPD, REPLY, 60, TRUE, "\\bInvalid command: Already identified\\b" },
  { SP_RESPONDER_OPENSMTPD, REPLY, 60, TRUE, "^Destination address valid: Recipient ok$" },
  { SP_RESPONDER_OPENSMTPD, REPLY, 60, TRUE,
    "^Enter mail, end with \"\\.\" on a line by itself$" },
  { SP_RESPONDER_OPENSMTPD, REPLY, 60, TRUE, "^[0-9a-f]{8} Message accepted for delivery$" },

  { SP_RESPONDER_QMAIL, BANNER | REPLY, 150, FALSE,
    "isn't in my list of allowed rcpthosts|\\bbadmailfrom list\\b|\\bqmail home page\\b" },
  { SP_RESPONDER_QMAIL, REPLY, 100, TRUE, "^ok \\d+ qp \\d+$" },
  { SP_RESPONDER_QMAIL, REPLY, 100, TRUE, "\\bexceeds my databytes limit\\b" },
  { SP_RESPONDER_QMAIL, REPLY, 60, TRUE, "^go ahead$" },
  /* Yahoo and Symantec end some texts this way too. */
  { SP_RESPONDER_QMAIL, REPLY, 40, TRUE, "\\(#[245]\\.\\d\\.\\d{1,3}\\)$" },
  { SP_RESPONDER_QMAIL, EHLO, 40, FALSE, "\\A\\S+\\nPIPELINING\\n8BITMIME\\z" },

  { SP_RESPONDER_HARAKA, BANNER, 150, FALSE, "\\bESMTP Haraka\\b" },
  { SP_RESPONDER_HARAKA, EHLO, 150, FALSE, "\\bHaraka is at your service\\b" },

  { SP_RESPONDER_HMAILSERVER, ANY, 150, FALSE, "\\bhMailServer\\b" },
  /* Its reply to HELP. */
  { SP_RESPONDER_HMAILSERVER, REPLY, 150, TRUE,
    "^DATA HELO EHLO MAIL NOOP QUIT RCPT RSET SAML TURN VRFY$" },
  { SP_RESPONDER_HMAILSERVER, REPLY, 80, TRUE, "^OK, send\\.$" },
  { SP_RESPONDER_HMAILSERVER, REPLY, 60, TRUE, "^must have sender first\\.$" },
  { SP_RESPONDER_HMAILSERVER, REPLY, 40, TRUE,
    "^SMTP authentication is required\\.$|^VRFY disallowed\\.$" },

  { SP_RESPONDER_MDAEMON, ANY, 150, FALSE, "\\bMDaemon\\b" },
  { SP_RESPONDER_ZIMBRA, BANNER | EHLO, 150, FALSE, "\\bZimbra\\b" },
  { SP_RESPONDER_KERIO, ANY, 150, FALSE, "\\bKerio (?:Connect|MailServer)\\b" },
};

#define N_SIGNALS G_N_ELEMENTS (signals)

typedef struct
{
  const char       *id;
  SpResponderKind   kind;
  /* A more specific answer within another one's servers: Outlook.com
   * runs on Microsoft 365's, so its clues win when both add up. */
  SpResponder       refines;
} Identity;

static const Identity identities[SP_RESPONDER_N_VALUES] = {
  [SP_RESPONDER_UNKNOWN] = { "unknown", SP_RESPONDER_KIND_UNKNOWN, 0 },
  [SP_RESPONDER_MICROSOFT_365] = { "microsoft-365", SP_RESPONDER_KIND_SERVICE, 0 },
  [SP_RESPONDER_OUTLOOK_COM] = { "outlook-com", SP_RESPONDER_KIND_SERVICE,
                                 SP_RESPONDER_MICROSOFT_365 },
  [SP_RESPONDER_GMAIL] = { "gmail", SP_RESPONDER_KIND_SERVICE, 0 },
  [SP_RESPONDER_YAHOO] = { "yahoo", SP_RESPONDER_KIND_SERVICE, 0 },
  [SP_RESPONDER_ICLOUD] = { "icloud", SP_RESPONDER_KIND_SERVICE, 0 },
  [SP_RESPONDER_ZOHO] = { "zoho", SP_RESPONDER_KIND_SERVICE, 0 },
  [SP_RESPONDER_FASTMAIL] = { "fastmail", SP_RESPONDER_KIND_SERVICE, 0 },
  [SP_RESPONDER_PROTON] = { "proton", SP_RESPONDER_KIND_SERVICE, 0 },
  [SP_RESPONDER_UNITED_INTERNET] = { "united-internet", SP_RESPONDER_KIND_SERVICE, 0 },
  [SP_RESPONDER_PROOFPOINT] = { "proofpoint", SP_RESPONDER_KIND_GATEWAY, 0 },
  [SP_RESPONDER_MIMECAST] = { "mimecast", SP_RESPONDER_KIND_GATEWAY, 0 },
  [SP_RESPONDER_BARRACUDA] = { "barracuda", SP_RESPONDER_KIND_GATEWAY, 0 },
  [SP_RESPONDER_CISCO] = { "cisco", SP_RESPONDER_KIND_GATEWAY, 0 },
  [SP_RESPONDER_SOPHOS] = { "sophos", SP_RESPONDER_KIND_GATEWAY, 0 },
  [SP_RESPONDER_TREND_MICRO] = { "trend-micro", SP_RESPONDER_KIND_GATEWAY, 0 },
  [SP_RESPONDER_MESSAGELABS] = { "messagelabs", SP_RESPONDER_KIND_GATEWAY, 0 },
  [SP_RESPONDER_EXCHANGE] = { "exchange", SP_RESPONDER_KIND_SOFTWARE, 0 },
  [SP_RESPONDER_POSTFIX] = { "postfix", SP_RESPONDER_KIND_SOFTWARE, 0 },
  [SP_RESPONDER_EXIM] = { "exim", SP_RESPONDER_KIND_SOFTWARE, 0 },
  [SP_RESPONDER_SENDMAIL] = { "sendmail", SP_RESPONDER_KIND_SOFTWARE, 0 },
  [SP_RESPONDER_OPENSMTPD] = { "opensmtpd", SP_RESPONDER_KIND_SOFTWARE, 0 },
  [SP_RESPONDER_QMAIL] = { "qmail", SP_RESPONDER_KIND_SOFTWARE, 0 },
  [SP_RESPONDER_HARAKA] = { "haraka", SP_RESPONDER_KIND_SOFTWARE, 0 },
  [SP_RESPONDER_HMAILSERVER] = { "hmailserver", SP_RESPONDER_KIND_SOFTWARE, 0 },
  [SP_RESPONDER_MDAEMON] = { "mdaemon", SP_RESPONDER_KIND_SOFTWARE, 0 },
  [SP_RESPONDER_ZIMBRA] = { "zimbra", SP_RESPONDER_KIND_SOFTWARE, 0 },
  [SP_RESPONDER_KERIO] = { "kerio", SP_RESPONDER_KIND_SOFTWARE, 0 },
};

struct _SpResponderGuess
{
  gboolean  matched[N_SIGNALS];
};

G_DEFINE_BOXED_TYPE (SpResponderGuess, sp_responder_guess,
                     sp_responder_guess_copy, sp_responder_guess_free)

/* Compiled once and shared: a GRegex is immutable, and every match gets
 * its own match data, so attempts running in several threads can use
 * them at the same time. */
static GRegex **
get_regexes (void)
{
  static GRegex *regexes[N_SIGNALS];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (gsize i = 0; i < N_SIGNALS; i++)
        {
          g_autoptr(GError) error = NULL;
          /* RAW: a hostile server's bytes need not be UTF-8. */
          GRegexCompileFlags flags = G_REGEX_RAW | G_REGEX_MULTILINE;

          if (!signals[i].match_case)
            flags |= G_REGEX_CASELESS;

          regexes[i] = g_regex_new (signals[i].pattern, flags, 0, &error);
          /* A pattern that does not compile is a bug in the table above;
           * test-responder compiles them all. */
          if (regexes[i] == NULL)
            g_critical ("Signal %" G_GSIZE_FORMAT " (%s): %s", i,
                        identities[signals[i].responder].id, error->message);
        }

      g_once_init_leave (&initialized, 1);
    }

  return regexes;
}

/* "5.7.1 " (RFC 3463) at @p, so that texts read the same with and
 * without one. */
static const char *
skip_enhanced_code (const char *p,
                    const char *stop)
{
  const char *q = p;

  if (q >= stop || (*q != '2' && *q != '4' && *q != '5'))
    return p;
  q++;

  for (guint part = 0; part < 2; part++)
    {
      guint digits = 0;

      if (q >= stop || *q != '.')
        return p;
      for (q++; q < stop && g_ascii_isdigit (*q) && digits < 3; q++)
        digits++;
      if (digits == 0)
        return p;
    }

  return q < stop && *q == ' ' ? q + 1 : p;
}

/* The text of each line without its reply code, separator and enhanced
 * code, one line per line, read from at most SP_REPLY_MAX_BYTES of @text. */
static char *
dup_reply_texts (const char *text)
{
  GString *out = g_string_new (NULL);
  gsize len = strnlen (text, SP_REPLY_MAX_BYTES);
  const char *end = text + len;
  const char *line = text;

  while (line < end)
    {
      const char *eol = memchr (line, '\n', end - line);
      const char *stop = eol != NULL ? eol : end;

      if (stop > line && stop[-1] == '\r')
        stop--;

      if (stop - line >= 3 && g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1])
          && g_ascii_isdigit (line[2])
          && (stop - line == 3 || line[3] == ' ' || line[3] == '-'))
        {
          line += MIN (stop - line, 4);
          line = skip_enhanced_code (line, stop);
        }

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_len (out, line, stop - line);

      if (eol == NULL)
        break;
      line = eol + 1;
    }

  return g_string_free (out, FALSE);
}

SpResponderGuess *
sp_responder_guess_new (void)
{
  return g_new0 (SpResponderGuess, 1);
}

SpResponderGuess *
sp_responder_guess_copy (const SpResponderGuess *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
sp_responder_guess_free (SpResponderGuess *self)
{
  g_free (self);
}

void
sp_responder_guess_add (SpResponderGuess *self,
                        SpResponderPart   part,
                        const char       *text)
{
  g_autofree char *texts = NULL;
  GRegex **regexes;
  guint parts;

  g_return_if_fail (self != NULL);
  g_return_if_fail (part <= SP_RESPONDER_PART_REPLY);

  if (text == NULL || text[0] == '\0')
    return;

  regexes = get_regexes ();
  texts = dup_reply_texts (text);
  /* A server that checks the recipient with the next hop quotes that
   * hop's reply: "… undeliverable address: host mx.example.net[192.0.2.1]
   * said: 550 …". What follows is someone else's words. */
  if (part != SP_RESPONDER_PART_EHLO)
    {
      char *quote = strstr (texts, " said: ");

      if (quote != NULL)
        *quote = '\0';
    }
  parts = 1u << part;
  /* A greeting is a reply too: a "554 … see postmaster.gmx.com" greeting
   * names its sender as clearly as any later refusal. */
  if (part == SP_RESPONDER_PART_BANNER)
    parts |= REPLY;

  for (gsize i = 0; i < N_SIGNALS; i++)
    {
      if (self->matched[i] || regexes[i] == NULL || (signals[i].parts & parts) == 0)
        continue;

      self->matched[i] = g_regex_match (regexes[i], texts, 0, NULL);
    }
}

void
sp_responder_guess_add_reply (SpResponderGuess *self,
                              SpResponderPart   part,
                              const SpReply    *reply)
{
  g_autofree char *text = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (reply != NULL);

  text = g_strjoinv ("\n", (char **) sp_reply_get_lines (reply));
  sp_responder_guess_add (self, part, text);
}

/* Services and gateways first: they run the software they answer with.
 * Within a rank, the more specific answer. */
static guint
get_rank (SpResponder responder)
{
  guint rank = identities[responder].kind == SP_RESPONDER_KIND_SOFTWARE ? 0 : 2;

  return rank + (identities[responder].refines != 0 ? 1 : 0);
}

SpResponder
sp_responder_guess_get_responder (const SpResponderGuess *self)
{
  guint scores[SP_RESPONDER_N_VALUES] = { 0 };
  SpResponder best = SP_RESPONDER_UNKNOWN;
  gboolean tied = FALSE;

  g_return_val_if_fail (self != NULL, SP_RESPONDER_UNKNOWN);

  for (gsize i = 0; i < N_SIGNALS; i++)
    {
      if (self->matched[i])
        scores[signals[i].responder] += signals[i].weight;
    }

  for (guint r = SP_RESPONDER_UNKNOWN + 1; r < SP_RESPONDER_N_VALUES; r++)
    {
      if (scores[r] < THRESHOLD)
        continue;

      if (best == SP_RESPONDER_UNKNOWN || get_rank (r) > get_rank (best)
          || (get_rank (r) == get_rank (best) && scores[r] > scores[best]))
        {
          best = r;
          tied = FALSE;
        }
      else if (get_rank (r) == get_rank (best) && scores[r] == scores[best])
        {
          tied = TRUE;
        }
    }

  /* Two answers with the same weight of evidence: saying either would be
   * a guess. */
  return tied ? SP_RESPONDER_UNKNOWN : best;
}

SpResponder
sp_responder_identify (const char         *banner,
                       const char         *ehlo,
                       const char * const *other_replies)
{
  g_autoptr(SpResponderGuess) guess = sp_responder_guess_new ();

  sp_responder_guess_add (guess, SP_RESPONDER_PART_BANNER, banner);
  sp_responder_guess_add (guess, SP_RESPONDER_PART_EHLO, ehlo);
  for (gsize i = 0; other_replies != NULL && other_replies[i] != NULL; i++)
    sp_responder_guess_add (guess, SP_RESPONDER_PART_REPLY, other_replies[i]);

  return sp_responder_guess_get_responder (guess);
}

const char *
sp_responder_to_string (SpResponder responder)
{
  g_return_val_if_fail (responder < SP_RESPONDER_N_VALUES, NULL);

  return identities[responder].id;
}

gboolean
sp_responder_from_string (const char  *id,
                          SpResponder *out_responder)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint r = 0; r < SP_RESPONDER_N_VALUES; r++)
    {
      if (g_str_equal (identities[r].id, id))
        {
          if (out_responder != NULL)
            *out_responder = r;
          return TRUE;
        }
    }

  return FALSE;
}

SpResponderKind
sp_responder_get_kind (SpResponder responder)
{
  g_return_val_if_fail (responder < SP_RESPONDER_N_VALUES, SP_RESPONDER_KIND_UNKNOWN);

  return identities[responder].kind;
}

const char *
sp_responder_get_name (SpResponder responder)
{
  switch (responder)
    {
    case SP_RESPONDER_UNKNOWN:
      return NULL;
    case SP_RESPONDER_MICROSOFT_365:
      /* Translators: product and service names; translate only where the product is known under
       * another name in your language. */
      return _("Microsoft 365 (Exchange Online Protection)");
    case SP_RESPONDER_OUTLOOK_COM:
      return _("Outlook.com");
    case SP_RESPONDER_GMAIL:
      return _("Gmail or Google Workspace");
    case SP_RESPONDER_YAHOO:
      return _("Yahoo Mail or AOL Mail");
    case SP_RESPONDER_ICLOUD:
      return _("iCloud Mail");
    case SP_RESPONDER_ZOHO:
      return _("Zoho Mail");
    case SP_RESPONDER_FASTMAIL:
      return _("Fastmail");
    case SP_RESPONDER_PROTON:
      return _("Proton Mail");
    case SP_RESPONDER_UNITED_INTERNET:
      return _("GMX, WEB.DE or IONOS");
    case SP_RESPONDER_PROOFPOINT:
      return _("Proofpoint");
    case SP_RESPONDER_MIMECAST:
      return _("Mimecast");
    case SP_RESPONDER_BARRACUDA:
      return _("Barracuda Email Protection");
    case SP_RESPONDER_CISCO:
      return _("Cisco Secure Email (IronPort)");
    case SP_RESPONDER_SOPHOS:
      return _("Sophos Email");
    case SP_RESPONDER_TREND_MICRO:
      return _("Trend Micro Email Security");
    case SP_RESPONDER_MESSAGELABS:
      return _("Symantec Email Security.cloud (MessageLabs)");
    case SP_RESPONDER_EXCHANGE:
      return _("Microsoft Exchange Server");
    case SP_RESPONDER_POSTFIX:
      return _("Postfix");
    case SP_RESPONDER_EXIM:
      return _("Exim");
    case SP_RESPONDER_SENDMAIL:
      return _("Sendmail");
    case SP_RESPONDER_OPENSMTPD:
      return _("OpenSMTPD");
    case SP_RESPONDER_QMAIL:
      return _("qmail");
    case SP_RESPONDER_HARAKA:
      return _("Haraka");
    case SP_RESPONDER_HMAILSERVER:
      return _("hMailServer");
    case SP_RESPONDER_MDAEMON:
      return _("MDaemon");
    case SP_RESPONDER_ZIMBRA:
      return _("Zimbra");
    case SP_RESPONDER_KERIO:
      return _("Kerio Connect");
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
sp_responder_dup_sentence (SpResponder responder)
{
  const char *name = sp_responder_get_name (responder);

  if (name == NULL)
    return NULL;

  switch (sp_responder_get_kind (responder))
    {
    case SP_RESPONDER_KIND_SERVICE:
      /* Translators: %s is a mail service, such as "Gmail or Google
       * Workspace"; said of the server that answered the test. */
      return g_strdup_printf (_("You are talking to %s."), name);
    case SP_RESPONDER_KIND_GATEWAY:
      /* Translators: %s is an e-mail filtering service or appliance, such
       * as "Mimecast", which receives mail for the domain and passes it
       * on to the real mail server. */
      return g_strdup_printf (_("You are talking to %s, a filter in front of the "
                                "domain’s mail server."), name);
    case SP_RESPONDER_KIND_SOFTWARE:
      /* Translators: %s is mail server software, such as "Postfix". */
      return g_strdup_printf (_("The server that answered runs %s."), name);
    case SP_RESPONDER_KIND_UNKNOWN:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sp_responder_get_admin_hint (SpResponder responder)
{
  /* Translators: these sentences tell helpdesk staff where to look next
   * for the product that answered; keep the names of menus and tools as
   * the product shows them in your language, if it is translated. */
  switch (responder)
    {
    case SP_RESPONDER_UNKNOWN:
      return NULL;
    case SP_RESPONDER_MICROSOFT_365:
      return _("The domain’s administrators find the message in the message trace of the "
               "Exchange admin center, and the rules for incoming mail in its connectors.");
    case SP_RESPONDER_OUTLOOK_COM:
      return _("Outlook.com’s postmaster site (postmaster.live.com) explains its rules for "
               "senders and how to ask for an address to be unblocked.");
    case SP_RESPONDER_GMAIL:
      return _("Senders check their domain’s reputation in Google Postmaster Tools and "
               "follow Google’s email sender guidelines.");
    case SP_RESPONDER_YAHOO:
      return _("Yahoo’s Sender Hub (senders.yahooinc.com) explains its error codes and its "
               "rules for senders, for AOL Mail too.");
    case SP_RESPONDER_ICLOUD:
      return _("Apple’s postmaster information for iCloud Mail lists its rules for senders; "
               "the recipient cannot change them.");
    case SP_RESPONDER_ZOHO:
      return _("The domain’s administrators find the message in the logs of the Zoho Mail "
               "admin console.");
    case SP_RESPONDER_FASTMAIL:
      return _("The recipient can check the spam protection settings of their Fastmail "
               "account; Fastmail support can trace the message.");
    case SP_RESPONDER_PROTON:
      return _("The recipient can check the spam and block settings of their Proton Mail "
               "account; Proton support can trace the message.");
    case SP_RESPONDER_UNITED_INTERNET:
      return _("The postmaster pages of GMX, WEB.DE and IONOS explain their error messages "
               "and their rules for senders.");
    case SP_RESPONDER_PROOFPOINT:
      return _("The recipient’s administrators find the message, and the rule that stopped "
               "it, with Smart Search in Proofpoint.");
    case SP_RESPONDER_MIMECAST:
      return _("The recipient’s administrators find the message, and the policy that stopped "
               "it, in Mimecast’s message tracking.");
    case SP_RESPONDER_BARRACUDA:
      return _("The recipient’s administrators find the message, and why it was stopped, in "
               "the Message Log of their Barracuda service or appliance.");
    case SP_RESPONDER_CISCO:
      return _("The recipient’s administrators find the message, and the filter that stopped "
               "it, in the message tracking of Cisco Secure Email.");
    case SP_RESPONDER_SOPHOS:
      return _("The recipient’s administrators find the message, and why it was stopped, in "
               "the message history of Sophos Central Email.");
    case SP_RESPONDER_TREND_MICRO:
      return _("The recipient’s administrators find the message, and why it was stopped, in "
               "the mail tracking logs of Trend Micro Email Security.");
    case SP_RESPONDER_MESSAGELABS:
      return _("The recipient’s administrators find the message, and why it was stopped, with "
               "Track and Trace in Symantec Email Security.cloud.");
    case SP_RESPONDER_EXCHANGE:
      return _("The server’s administrators find the message in the message tracking log, "
               "and the rules for incoming mail in the Receive connectors of Exchange.");
    case SP_RESPONDER_POSTFIX:
      return _("The mail log on that server (often /var/log/mail.log, or the journal) shows "
               "why Postfix refused or delayed the message.");
    case SP_RESPONDER_EXIM:
      return _("Exim’s main and reject logs on that server (often in /var/log/exim4 or "
               "/var/log/exim) show why the message was refused.");
    case SP_RESPONDER_SENDMAIL:
      return _("The mail log on that server (often /var/log/maillog or /var/log/mail.log) "
               "shows what Sendmail did with the message.");
    case SP_RESPONDER_OPENSMTPD:
      return _("The mail log on that server shows what OpenSMTPD did with the message; its "
               "rules are in smtpd.conf.");
    case SP_RESPONDER_QMAIL:
      return _("The qmail-smtpd log on that server shows the session; the domains it accepts "
               "mail for are listed in control/rcpthosts.");
    case SP_RESPONDER_HARAKA:
      return _("The Haraka log on that server names the plugin that refused the message.");
    case SP_RESPONDER_HMAILSERVER:
      return _("The SMTP log of hMailServer (turned on under Settings, Logging) shows the "
               "session and why it was refused.");
    case SP_RESPONDER_MDAEMON:
      return _("The SMTP (inbound) log of MDaemon shows the session and why it was refused.");
    case SP_RESPONDER_ZIMBRA:
      return _("The mail log on the Zimbra server (/var/log/zimbra.log) shows why the message "
               "was refused.");
    case SP_RESPONDER_KERIO:
      return _("The SMTP and Security logs in the Kerio Connect administration show why the "
               "message was refused.");
    default:
      g_return_val_if_reached (NULL);
    }
}
