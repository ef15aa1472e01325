/* sp-resolver.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SP_RESOLVER_ERROR (sp_resolver_error_quark ())

typedef enum
{
  SP_RESOLVER_ERROR_INVALID_NAME,    /* not a valid domain name */
  SP_RESOLVER_ERROR_INVALID_SERVER,  /* the DNS server list could not be parsed */
  SP_RESOLVER_ERROR_NOT_FOUND,       /* NXDOMAIN: the domain does not exist */
  SP_RESOLVER_ERROR_NULL_MX,         /* RFC 7505: the domain accepts no mail */
  SP_RESOLVER_ERROR_NO_MAIL_HOST,    /* no MX and no A/AAAA record */
  SP_RESOLVER_ERROR_NO_ADDRESSES,    /* MX hosts exist, but none of them resolves */
  SP_RESOLVER_ERROR_SERVER_FAILURE,  /* SERVFAIL */
  SP_RESOLVER_ERROR_REFUSED,         /* the DNS server refused to answer */
  SP_RESOLVER_ERROR_TIMED_OUT,       /* no DNS server answered in time */
  SP_RESOLVER_ERROR_CONNECTION,      /* the DNS server could not be reached */
  SP_RESOLVER_ERROR_FAILED,          /* anything else */
  SP_RESOLVER_ERROR_BAD_ANSWER,      /* the DNS server's answer was malformed */
  /* An MX record names an IP address instead of a host (RFC 5321 5.1);
   * the probe reports it, since the lookup itself goes on. */
  SP_RESOLVER_ERROR_MX_NAMES_ADDRESS,
} SpResolverError;

/* Which address families to look up (-4 / -6 in the CLI). */
typedef enum
{
  SP_ADDRESS_FAMILY_ANY,
  SP_ADDRESS_FAMILY_IPV4,
  SP_ADDRESS_FAMILY_IPV6,
} SpAddressFamily;

#define SP_TYPE_DNS_QUERY (sp_dns_query_get_type ())
#define SP_TYPE_MX_HOST   (sp_mx_host_get_type ())
#define SP_TYPE_MX_RESULT (sp_mx_result_get_type ())

/* One question sent to DNS, with how long the answer took. */
typedef struct
{
  char   *name;         /* ASCII name asked for */
  char   *type;         /* "MX", "A", "AAAA" */
  char   *status;       /* "NOERROR", "NODATA", "NXDOMAIN", "SERVFAIL", "TIMEOUT", ... */
  gint64  elapsed_usec;
} SpDnsQuery;

/* What a lookup keeps, so that memory, the log and every export stay
 * small whatever a DNS answer holds (a TCP answer can list thousands of
 * records): the most preferred MX records, and the first addresses of
 * each host (half of each family when a host has both). More than any
 * real domain publishes, and more than the most connection attempts a
 * test makes (SP_PROBE_MAX_ATTEMPTS); what is left out is counted. */
#define SP_RESOLVER_MAX_MX_HOSTS       50
#define SP_RESOLVER_MAX_HOST_ADDRESSES 10

typedef struct
{
  guint16     preference;
  char       *host;       /* ASCII, no trailing dot */
  GPtrArray  *addresses;  /* GInetAddress, IPv6 and IPv4 as DNS gave them */
  GError     *error;      /* why there are no addresses, or NULL */
  guint       n_addresses_dropped;  /* beyond SP_RESOLVER_MAX_HOST_ADDRESSES */
  /* The exchange is an IP address written as a name ("MX 10 192.0.2.1"),
   * a DNS mistake that sending servers refuse (RFC 5321 5.1). The address
   * is taken as it is, so the server can still be tested. */
  gboolean    names_address;
} SpMxHost;

typedef struct
{
  gint        ref_count;
  char       *domain;     /* ASCII */
  gboolean    implicit;   /* no MX: the domain itself is the mail host (RFC 5321 5.1) */
  GPtrArray  *hosts;      /* SpMxHost, sorted by preference, then as DNS listed them */
  GPtrArray  *queries;    /* SpDnsQuery, in the order they were sent */
  char       *servers;    /* the DNS servers asked, as given, or NULL for the system's */
  guint       n_hosts_dropped;  /* MX records beyond SP_RESOLVER_MAX_MX_HOSTS */
  /* What was asked, so that a result can be reused for the same question
   * (sp_probe_set_mx_result ()): the families looked up, and whether
   * @domain is a host whose addresses were looked up rather than a mail
   * domain whose MX records were. */
  SpAddressFamily family;
  gboolean    host_lookup;
} SpMxResult;

GType       sp_dns_query_get_type   (void) G_GNUC_CONST;
SpDnsQuery *sp_dns_query_copy       (const SpDnsQuery *query);
void        sp_dns_query_free       (SpDnsQuery       *query);

GType       sp_mx_host_get_type     (void) G_GNUC_CONST;
SpMxHost   *sp_mx_host_copy         (const SpMxHost   *host);
void        sp_mx_host_free         (SpMxHost         *host);
/* The host's addresses as text, in their order, separated by ", ";
 * "" when it has none. */
char       *sp_mx_host_dup_address_list (const SpMxHost *host);

GType       sp_mx_result_get_type   (void) G_GNUC_CONST;
SpMxResult *sp_mx_result_new        (const char       *domain);
SpMxResult *sp_mx_result_ref        (SpMxResult       *result);
void        sp_mx_result_unref      (SpMxResult       *result);

#define SP_TYPE_RESOLVER (sp_resolver_get_type ())

G_DECLARE_FINAL_TYPE (SpResolver, sp_resolver, SP, RESOLVER, GObject)

GQuark      sp_resolver_error_quark         (void);

/* @servers: NULL or "" for the system configuration, else a comma-separated
 * list such as "1.1.1.1,8.8.8.8", "127.0.0.1:5353" or "[::1]:5353". With a
 * chosen server, answers come only from DNS, never from /etc/hosts. */
SpResolver *sp_resolver_new                 (const char           *servers,
                                             GError              **error);
/* Checks a server list as sp_resolver_new () would, without starting
 * c-ares: cheap enough to run as the user types. */
gboolean    sp_resolver_check_servers       (const char           *servers,
                                             GError              **error);
const char *sp_resolver_get_servers         (SpResolver           *self);
/* Per try, in milliseconds, and the number of tries per server. */
void        sp_resolver_set_timeout         (SpResolver           *self,
                                             guint                 timeout_ms,
                                             guint                 tries);
void        sp_resolver_set_family          (SpResolver           *self,
                                             SpAddressFamily       family);

/* Looks up the MX records of @domain (IDN and a trailing dot accepted), then
 * the addresses of every exchanger, concurrently. The result's hosts are
 * sorted by preference. Fails with SP_RESOLVER_ERROR; cancelling completes
 * the task at once with G_IO_ERROR_CANCELLED. */
void        sp_resolver_lookup_mx_async     (SpResolver           *self,
                                             const char           *domain,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SpMxResult *sp_resolver_lookup_mx_finish    (SpResolver           *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* The A/AAAA addresses of one host name (an IP literal is returned as is),
 * as a result with one host of preference 0 and implicit = FALSE. */
void        sp_resolver_lookup_host_async   (SpResolver           *self,
                                             const char           *host,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SpMxResult *sp_resolver_lookup_host_finish  (SpResolver           *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpMxResult, sp_mx_result_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpMxHost, sp_mx_host_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDnsQuery, sp_dns_query_free)

G_END_DECLS
