/* sp-address.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 5321 4.5.3.1 */
#define SP_ADDRESS_MAX_LOCAL_PART 64
#define SP_ADDRESS_MAX_DOMAIN     255
#define SP_ADDRESS_MAX_PATH       256

#define SP_ADDRESS_ERROR (sp_address_error_quark ())

typedef enum
{
  SP_ADDRESS_ERROR_EMPTY,
  SP_ADDRESS_ERROR_CONTROL_CHARACTER, /* CR, LF, NUL or another control character */
  SP_ADDRESS_ERROR_NO_AT,
  SP_ADDRESS_ERROR_LOCAL_PART,        /* empty or invalid local part */
  SP_ADDRESS_ERROR_LOCAL_TOO_LONG,
  SP_ADDRESS_ERROR_DOMAIN,            /* invalid domain or host name */
  SP_ADDRESS_ERROR_DOMAIN_TOO_LONG,
  SP_ADDRESS_ERROR_PATH_TOO_LONG,
  SP_ADDRESS_ERROR_PORT,              /* a port that is not a number from 1 to 65535 */
} SpAddressError;

GQuark    sp_address_error_quark      (void);

/* Refuses CR, LF, NUL and other C0 controls, which would let a field inject
 * SMTP commands. Tab is allowed only when @allow_tab. */
gboolean  sp_text_check_safe          (const char   *text,
                                       gboolean      allow_tab,
                                       GError      **error);

/* Checks a host or domain name (IDN allowed, one trailing dot accepted) and
 * returns its ASCII form (punycode, lower case, no trailing dot). */
char     *sp_domain_to_ascii          (const char   *domain,
                                       GError      **error);
gboolean  sp_domain_validate          (const char   *domain,
                                       GError      **error);

/* A domain that mail on the internet can go to has a dot: "fabrikam" is
 * most likely "fabrikam.com" typed short, and a DNS server would only
 * refuse it or say it does not exist. An address literal passes. */
gboolean  sp_domain_check_complete    (const char   *domain,
                                       GError      **error);

/* Checks a mailbox "local@domain" (RFC 5321 4.1.2 Mailbox, with quoted local
 * parts and address-literal domains), the length limits, and returns it with
 * the domain in ASCII. A non-ASCII local part is kept as it is (it needs
 * SMTPUTF8). */
char     *sp_address_normalize        (const char   *address,
                                       GError      **error);
gboolean  sp_address_validate         (const char   *address,
                                       GError      **error);
/* The part after the last "@", or NULL when there is none. */
char     *sp_address_dup_domain       (const char   *address);
/* TRUE when the address has non-ASCII characters (needs SMTPUTF8). */
gboolean  sp_address_needs_smtputf8   (const char   *address);

/* An EHLO argument: a host name or an address literal "[192.0.2.1]" or
 * "[IPv6:2001:db8::1]". */
gboolean  sp_ehlo_name_validate       (const char   *name,
                                       GError      **error);

/* Parses "host", "host:port", "[v6]" or "[v6]:port"; *port is left as it is
 * when the text names none. @host is returned without brackets. */
gboolean  sp_server_parse             (const char   *text,
                                       char        **host,
                                       guint16      *port,
                                       GError      **error);
gboolean  sp_port_parse               (const char   *text,
                                       guint16      *port,
                                       GError      **error);

G_END_DECLS
