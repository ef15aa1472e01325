/* sp-resolver.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-resolver"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-ares-source-private.h"
#include "sp-mx-result-private.h"
#include "sp-resolver.h"

#define DEFAULT_TIMEOUT_MS 3000
#define DEFAULT_TRIES      2
/* RFC 1035 2.3.4 */
#define MAX_NAME_LENGTH    253
#define MAX_LABEL_LENGTH   63

/* One name whose addresses we look up. */
typedef struct
{
  SpMxHost  *host;         /* borrowed from the result */
  GPtrArray *v6;           /* GInetAddress */
  GPtrArray *v4;           /* GInetAddress */
  int        a_status;     /* ares status of the A query, -1 if not asked */
  int        aaaa_status;  /* likewise for AAAA */
} Target;

/* State of one _async call. Reference counted because c-ares may call back
 * long after the task was returned (cancellation). */
typedef struct
{
  GTask           *task;           /* NULL once returned */
  SpAresSource    *source;         /* the channel this lookup's queries run on */
  SpMxResult      *result;
  GPtrArray       *targets;        /* Target */
  GSource         *cancel_source;
  GSource         *complete_source;
  GError          *error;          /* what complete_source returns, or NULL */
  SpAddressFamily  family;
  guint            pending;        /* queries not called back yet */
  gboolean         is_mx;
  gboolean         finishing;      /* the outcome is decided */
} Lookup;

/* One question to c-ares. */
typedef struct
{
  Lookup     *lookup;   /* owned reference */
  Target     *target;   /* NULL for the MX question */
  SpDnsQuery *record;   /* borrowed from lookup->result->queries */
  int         type;
  gint64      started;
} Query;

struct _SpResolver
{
  GObject          parent_instance;

  /* owned references */
  SpAresSource    *source;
  GPtrArray       *retired;     /* SpAresSource still finishing old queries */

  /* state */
  char            *servers;
  guint            timeout_ms;
  guint            tries;
  SpAddressFamily  family;
  gboolean         disposed;
};

G_DEFINE_FINAL_TYPE (SpResolver, sp_resolver, G_TYPE_OBJECT)
G_DEFINE_QUARK (sp-resolver-error-quark, sp_resolver_error)

static const char *
ares_status_name (int status)
{
  switch (status)
    {
    case ARES_SUCCESS:      return "NOERROR";
    case ARES_ENODATA:      return "NODATA";
    case ARES_EFORMERR:     return "FORMERR";
    case ARES_ESERVFAIL:    return "SERVFAIL";
    case ARES_ENOTFOUND:    return "NXDOMAIN";
    case ARES_ENOTIMP:      return "NOTIMP";
    case ARES_EREFUSED:     return "REFUSED";
    case ARES_EBADNAME:     return "BADNAME";
    case ARES_EBADRESP:     return "BADRESP";
    case ARES_ECONNREFUSED: return "CONNREFUSED";
    case ARES_ETIMEOUT:     return "TIMEOUT";
    case ARES_ENOMEM:       return "NOMEM";
    case ARES_EDESTRUCTION: return "CANCELLED";
    case ARES_ECANCELLED:   return "CANCELLED";
    default:                return "ERROR";
    }
}

/* Validation of the server list */

static gboolean
parse_port (const char *text)
{
  guint64 port;

  if (text[0] == '\0' || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &port, NULL))
    return FALSE;

  return TRUE;
}

static gboolean
is_ip_of_family (const char     *text,
                 GSocketFamily   family)
{
  g_autoptr(GInetAddress) address = NULL;

  /* Scope ids ("fe80::1%eth0") are left to c-ares. */
  if (family == G_SOCKET_FAMILY_IPV6 && strchr (text, '%') != NULL)
    {
      g_autofree char *bare = g_strndup (text, strchr (text, '%') - text);

      return is_ip_of_family (bare, family);
    }

  address = g_inet_address_new_from_string (text);

  return address != NULL && g_inet_address_get_family (address) == family;
}

static gboolean
is_valid_server (const char *entry)
{
  const char *colon;

  if (entry[0] == '[')
    {
      const char *close = strchr (entry, ']');
      g_autofree char *inside = NULL;

      if (close == NULL)
        return FALSE;

      inside = g_strndup (entry + 1, close - entry - 1);
      if (!is_ip_of_family (inside, G_SOCKET_FAMILY_IPV6))
        return FALSE;

      if (close[1] == '\0')
        return TRUE;

      return close[1] == ':' && parse_port (close + 2);
    }

  colon = strchr (entry, ':');
  if (colon == NULL)
    return is_ip_of_family (entry, G_SOCKET_FAMILY_IPV4);

  /* More than one colon: a bare IPv6 address, which cannot carry a port. */
  if (strchr (colon + 1, ':') != NULL)
    return is_ip_of_family (entry, G_SOCKET_FAMILY_IPV6);

  {
    g_autofree char *host = g_strndup (entry, colon - entry);

    return is_ip_of_family (host, G_SOCKET_FAMILY_IPV4) && parse_port (colon + 1);
  }
}

static void
set_invalid_server_error (GError     **error,
                          const char  *entry)
{
  g_set_error (error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_INVALID_SERVER,
               _("“%s” is not a DNS server address. Give an IP address with an optional "
                 "port, such as 1.1.1.1, 127.0.0.1:5353 or [::1]:5353, and separate "
                 "several servers with commas."),
               entry);
}

/* Returns the list as c-ares wants it (no spaces), or NULL. */
static char *
normalize_servers (const char  *servers,
                   GError     **error)
{
  g_auto(GStrv) entries = g_strsplit (servers, ",", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      char *entry = g_strstrip (entries[i]);

      if (!is_valid_server (entry))
        {
          set_invalid_server_error (error, entry);
          return NULL;
        }

      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, entry);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* c-ares 1.18 takes "[::1]:53" but not "[::1]" alone. */
static char *
servers_for_ares (const char *servers)
{
  g_auto(GStrv) entries = g_strsplit (servers, ",", -1);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      gsize len = strlen (entries[i]);

      if (len > 2 && entries[i][0] == '[' && entries[i][len - 1] == ']')
        {
          char *bare = g_strndup (entries[i] + 1, len - 2);

          g_free (entries[i]);
          entries[i] = bare;
        }
    }

  return g_strjoinv (",", entries);
}

/* Opens a channel with the resolver's choices, ready on the thread-default
 * main context. */
static SpAresSource *
open_source (const char  *servers,
             guint        timeout_ms,
             guint        tries,
             GError     **error)
{
  struct ares_options options;
  SpAresSource *source;
  int optmask;
  int status;

  status = _sp_ares_source_init_library ();
  if (status != ARES_SUCCESS)
    {
      g_set_error (error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_FAILED,
                   _("The DNS library could not be initialised: %s."),
                   ares_strerror (status));
      return NULL;
    }

  memset (&options, 0, sizeof options);
  optmask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
  options.timeout = (int) timeout_ms;
  options.tries = (int) tries;

  /* With a chosen server the user wants to see what DNS says, not what a
   * local hosts file says. */
  if (servers != NULL)
    {
      optmask |= ARES_OPT_LOOKUPS;
      options.lookups = (char *) "b";
    }

  /* c-ares normally treats SERVFAIL and REFUSED as "try the next server",
   * like the system resolver does, and 1.18 then reports the last failure
   * as ECONNREFUSED. With one chosen server there is no next server to try:
   * take its answer as it is, so that "refused" is not shown as
   * "unreachable". */
  if (servers != NULL && strchr (servers, ',') == NULL)
    {
      optmask |= ARES_OPT_FLAGS;
      options.flags |= ARES_FLAG_NOCHECKRESP;
    }

#ifdef ARES_OPT_QUERY_CACHE
  /* A probe must ask again each time, or a fixed record looks still broken. */
  optmask |= ARES_OPT_QUERY_CACHE;
  options.qcache_max_ttl = 0;
#endif

  source = _sp_ares_source_new (&options, optmask, &status);
  if (source == NULL)
    {
      g_set_error (error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_FAILED,
                   _("The DNS resolver could not be set up: %s."),
                   ares_strerror (status));
      return NULL;
    }

  if (servers != NULL)
    {
      g_autofree char *list = servers_for_ares (servers);

      status = _sp_ares_source_set_servers (source, list);
      if (status != ARES_SUCCESS)
        {
          set_invalid_server_error (error, servers);
          _sp_ares_source_shutdown (source);
          g_source_unref ((GSource *) source);
          return NULL;
        }
    }

  _sp_ares_source_attach (source);

  return source;
}

/* Lookups */

static void
target_free (Target *target)
{
  g_clear_pointer (&target->v6, g_ptr_array_unref);
  g_clear_pointer (&target->v4, g_ptr_array_unref);
  g_free (target);
}

static Target *
target_new (SpMxHost *host)
{
  Target *target = g_new0 (Target, 1);

  target->host = host;
  target->v6 = g_ptr_array_new_with_free_func (g_object_unref);
  target->v4 = g_ptr_array_new_with_free_func (g_object_unref);
  target->a_status = -1;
  target->aaaa_status = -1;

  return target;
}

static void
lookup_clear (Lookup *lookup)
{
  if (lookup->cancel_source != NULL)
    {
      g_source_destroy (lookup->cancel_source);
      g_clear_pointer (&lookup->cancel_source, g_source_unref);
    }
  if (lookup->complete_source != NULL)
    {
      g_source_destroy (lookup->complete_source);
      g_clear_pointer (&lookup->complete_source, g_source_unref);
    }
  g_clear_object (&lookup->task);
  g_clear_pointer ((GSource **) &lookup->source, g_source_unref);
  g_clear_pointer (&lookup->targets, g_ptr_array_unref);
  g_clear_pointer (&lookup->result, sp_mx_result_unref);
  g_clear_error (&lookup->error);
}

static Lookup *
lookup_ref (Lookup *lookup)
{
  return g_rc_box_acquire (lookup);
}

static void
lookup_unref (gpointer data)
{
  g_rc_box_release_full (data, (GDestroyNotify) lookup_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_unref)

/* Hands the task back; the one place besides cancellation that does. */
static void
lookup_return (Lookup *lookup)
{
  g_autoptr(GTask) task = g_steal_pointer (&lookup->task);

  if (lookup->cancel_source != NULL)
    {
      g_source_destroy (lookup->cancel_source);
      g_clear_pointer (&lookup->cancel_source, g_source_unref);
    }

  if (task == NULL)
    return;

  if (lookup->error != NULL)
    g_task_return_error (task, g_steal_pointer (&lookup->error));
  else
    g_task_return_pointer (task, sp_mx_result_ref (lookup->result),
                           (GDestroyNotify) sp_mx_result_unref);
}

static gboolean
lookup_complete_cb (gpointer user_data)
{
  Lookup *lookup = user_data;

  g_clear_pointer (&lookup->complete_source, g_source_unref);
  lookup_return (lookup);

  return G_SOURCE_REMOVE;
}

/* Decides the outcome. The task is returned from an idle so that the
 * caller's callback never runs inside c-ares, where dropping the last
 * reference to the resolver would destroy the channel under it. */
static void
lookup_complete (Lookup *lookup,
                 GError *error)
{
  GSource *idle;

  if (lookup->finishing)
    {
      g_clear_error (&error);
      return;
    }

  lookup->finishing = TRUE;
  lookup->error = error;

  if (lookup->task == NULL)
    return;

  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_static_name (idle, "[sp-resolver complete]");
  g_source_set_callback (idle, lookup_complete_cb, lookup_ref (lookup), lookup_unref);
  g_source_attach (idle, g_task_get_context (lookup->task));
  lookup->complete_source = idle;
}

static gboolean
lookup_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&lookup->task);

  /* The queries stay with c-ares (ares_cancel() would end every lookup on
   * the channel); their answers will find no task and be dropped. */
  lookup->finishing = TRUE;
  g_clear_pointer (&lookup->cancel_source, g_source_unref);

  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The DNS lookup was cancelled."));

  return G_SOURCE_REMOVE;
}

static const char *
type_name (int type)
{
  switch (type)
    {
    case SP_DNS_TYPE_A:    return "A";
    case SP_DNS_TYPE_AAAA: return "AAAA";
    case SP_DNS_TYPE_MX:   return "MX";
    default:            return "?";
    }
}

static gboolean is_valid_ascii_name (const char *name);

/* The error for a failed question about @name; @status is not NXDOMAIN or
 * NODATA, which mean different things for a domain and for a host. */
static GError *
transport_error (int         status,
                 const char *name)
{
  switch (status)
    {
    case ARES_ESERVFAIL:
      return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_SERVER_FAILURE,
                          _("The DNS server could not find an answer for “%s” (SERVFAIL)."),
                          name);

    case ARES_EREFUSED:
      return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_REFUSED,
                          _("The DNS server refused to answer the question about “%s”."),
                          name);

    case ARES_ETIMEOUT:
      return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_TIMED_OUT,
                          _("No DNS server answered the question about “%s” in time."),
                          name);

    case ARES_ECONNREFUSED:
      return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_CONNECTION,
                          _("The DNS server could not be reached to look up “%s”."),
                          name);

    case ARES_EDESTRUCTION:
    case ARES_ECANCELLED:
      return g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                          _("The DNS lookup of “%s” was cancelled because the resolver "
                            "was closed."),
                          name);

    case ARES_EBADNAME:
      /* Names are checked before they are asked for, so a name c-ares
       * cannot read comes from the answer (a compression loop, say). */
      if (!is_valid_ascii_name (name))
        return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_INVALID_NAME,
                            _("“%s” cannot be looked up in DNS."),
                            name);
      G_GNUC_FALLTHROUGH;

    case ARES_EBADRESP:
      return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_BAD_ANSWER,
                          /* Translators: %s first is the name looked up, then the resolver's error
                           * name such as “EBADRESP”. */
                          _("The DNS server sent a malformed answer about “%s” (%s)."),
                          name, ares_status_name (status));

    case ARES_EFORMERR:
    case ARES_ENOTIMP:
      return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_FAILED,
                          /* Translators: %s first is the name looked up, then the resolver's error
                           * name such as “EFORMERR”. */
                          _("The DNS server sent an answer about “%s” that could not be "
                            "used (%s)."),
                          name, ares_status_name (status));

    default:
      return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_FAILED,
                          /* Translators: %s first is the name looked up, then the resolver's own
                           * words. */
                          _("Looking up “%s” in DNS failed: %s."),
                          name, ares_strerror (status));
    }
}

static const char *
family_hint (SpAddressFamily family)
{
  switch (family)
    {
    case SP_ADDRESS_FAMILY_IPV4:
      return _("Only IPv4 addresses were looked up.");
    case SP_ADDRESS_FAMILY_IPV6:
      return _("Only IPv6 addresses were looked up.");
    case SP_ADDRESS_FAMILY_ANY:
    default:
      return NULL;
    }
}

static GError *
with_family_hint (GError          *error,
                  SpAddressFamily  family)
{
  const char *hint = family_hint (family);

  if (hint != NULL)
    {
      char *message = g_strconcat (error->message, " ", hint, NULL);

      g_free (error->message);
      error->message = message;
    }

  return error;
}

/* Why @target has no address. */
static GError *
target_error (Lookup *lookup,
              Target *target)
{
  const int statuses[] = { target->aaaa_status, target->a_status };
  const char *name = target->host->host;
  gboolean nxdomain = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      int status = statuses[i];

      if (status == -1 || status == ARES_SUCCESS || status == ARES_ENODATA)
        continue;
      if (status == ARES_ENOTFOUND)
        nxdomain = TRUE;
      else
        return transport_error (status, name);
    }

  if (nxdomain)
    {
      if (lookup->is_mx)
        return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NOT_FOUND,
                            _("The mail server name “%s” does not exist in DNS. An MX record "
                              "of the domain points to it; the record or the name needs "
                              "fixing."),
                            name);

      return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NOT_FOUND,
                          _("The host name “%s” does not exist in DNS."),
                          name);
    }

  switch (lookup->family)
    {
    case SP_ADDRESS_FAMILY_IPV4:
      return with_family_hint (g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES,
                                            _("“%s” has no IPv4 address (A record) in DNS."),
                                            name),
                               lookup->family);
    case SP_ADDRESS_FAMILY_IPV6:
      return with_family_hint (g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES,
                                            _("“%s” has no IPv6 address (AAAA record) in DNS."),
                                            name),
                               lookup->family);
    case SP_ADDRESS_FAMILY_ANY:
    default:
      return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES,
                          _("“%s” has no address in DNS: neither an A (IPv4) nor an AAAA "
                            "(IPv6) record."),
                          name);
    }
}

static gboolean
is_transport_error (const GError *error)
{
  return error->domain == SP_RESOLVER_ERROR
         && (error->code == SP_RESOLVER_ERROR_TIMED_OUT
             || error->code == SP_RESOLVER_ERROR_CONNECTION
             || error->code == SP_RESOLVER_ERROR_SERVER_FAILURE
             || error->code == SP_RESOLVER_ERROR_REFUSED);
}

/* All address questions are answered: fill in the hosts, decide. */
static void
lookup_finish_addresses (Lookup *lookup)
{
  SpMxResult *result = lookup->result;
  g_autoptr(GPtrArray) failed = g_ptr_array_new ();
  guint n_resolved = 0;

  /* Exchangers that name an address have no target: nothing was asked. */
  for (guint i = 0; i < result->hosts->len; i++)
    {
      SpMxHost *host = g_ptr_array_index (result->hosts, i);

      if (!host->names_address)
        continue;
      if (host->addresses->len > 0)
        n_resolved++;
      else
        g_ptr_array_add (failed, host);
    }

  for (guint i = 0; i < lookup->targets->len; i++)
    {
      Target *target = g_ptr_array_index (lookup->targets, i);
      SpMxHost *host = target->host;

      guint n_v6, n_v4;

      /* Each family keeps at least half of the room, so a host with many
       * IPv6 addresses still gets tried over IPv4. */
      n_v6 = MIN (target->v6->len,
                  SP_RESOLVER_MAX_HOST_ADDRESSES
                  - MIN (target->v4->len, SP_RESOLVER_MAX_HOST_ADDRESSES / 2));
      n_v4 = MIN (target->v4->len, SP_RESOLVER_MAX_HOST_ADDRESSES - n_v6);
      host->n_addresses_dropped = target->v6->len + target->v4->len - n_v6 - n_v4;

      for (guint j = 0; j < n_v6; j++)
        g_ptr_array_add (host->addresses, g_object_ref (g_ptr_array_index (target->v6, j)));
      for (guint j = 0; j < n_v4; j++)
        g_ptr_array_add (host->addresses, g_object_ref (g_ptr_array_index (target->v4, j)));

      if (host->addresses->len > 0)
        {
          n_resolved++;
          continue;
        }

      g_clear_error (&host->error);
      host->error = target_error (lookup, target);
      g_ptr_array_add (failed, host);
    }

  if (n_resolved > 0)
    {
      lookup_complete (lookup, NULL);
      return;
    }

  if (!lookup->is_mx)
    {
      SpMxHost *host = g_ptr_array_index (result->hosts, 0);

      lookup_complete (lookup, g_error_copy (host->error));
      return;
    }

  if (result->implicit)
    {
      SpMxHost *host = g_ptr_array_index (result->hosts, 0);

      /* A timeout says nothing about the domain; only a real "no" does. */
      if (is_transport_error (host->error)
          || g_error_matches (host->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          lookup_complete (lookup, g_error_copy (host->error));
          return;
        }

      lookup_complete (lookup,
                       with_family_hint (g_error_new (SP_RESOLVER_ERROR,
                                                      SP_RESOLVER_ERROR_NO_MAIL_HOST,
                                                      _("The domain “%s” has no mail server: "
                                                        "it has no MX record and no address "
                                                        "(A or AAAA record) of its own, so "
                                                        "mail to it cannot be delivered."),
                                                      result->domain),
                                         lookup->family));
      return;
    }

  /* Every exchanger failed the same way for a reason outside the zone
   * (a timeout, say): report that reason rather than blaming the records. */
  {
    SpMxHost *first = g_ptr_array_index (failed, 0);
    gboolean same = is_transport_error (first->error)
                    || g_error_matches (first->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_autoptr(GString) names = g_string_new (NULL);

    for (guint i = 1; same && i < failed->len; i++)
      {
        SpMxHost *host = g_ptr_array_index (failed, i);

        same = g_error_matches (host->error, first->error->domain, first->error->code);
      }

    if (same)
      {
        lookup_complete (lookup, g_error_copy (first->error));
        return;
      }

    for (guint i = 0; i < failed->len; i++)
      {
        SpMxHost *host = g_ptr_array_index (failed, i);

        if (names->len > 0)
          g_string_append (names, ", ");
        g_string_append (names, host->host);
      }

    lookup_complete (lookup,
                     with_family_hint (g_error_new (SP_RESOLVER_ERROR,
                                                    SP_RESOLVER_ERROR_NO_ADDRESSES,
                                                    /* Translators: %s first is the domain, then
                                                     * the resolver's reason. */
                                                    _("None of the mail servers of “%s” has "
                                                      "an address in DNS (%s). Mail to the "
                                                      "domain cannot be delivered until its "
                                                      "MX records name hosts with A or AAAA "
                                                      "records."),
                                                    result->domain, names->str),
                                       lookup->family));
  }
}

static void query_answered_cb (int        status,
                               GPtrArray *mx_hosts,
                               GPtrArray *addresses,
                               gpointer   user_data);

static void
lookup_send (Lookup     *lookup,
             const char *name,
             int         type,
             Target     *target)
{
  SpDnsQuery *record;
  Query *query;

  record = g_new0 (SpDnsQuery, 1);
  record->name = g_strdup (name);
  record->type = g_strdup (type_name (type));
  g_ptr_array_add (lookup->result->queries, record);

  if (target != NULL && type == SP_DNS_TYPE_A)
    target->a_status = ARES_ENODATA;
  else if (target != NULL && type == SP_DNS_TYPE_AAAA)
    target->aaaa_status = ARES_ENODATA;

  query = g_new0 (Query, 1);
  query->lookup = lookup_ref (lookup);
  query->target = target;
  query->record = record;
  query->type = type;
  query->started = g_get_monotonic_time ();

  lookup->pending++;
  _sp_ares_source_query (lookup->source, name, type, query_answered_cb, query);
}

static void
lookup_send_addresses (Lookup *lookup)
{
  /* Holds the count up while sending, so an answer that comes back at
   * once cannot finish the lookup before the last question is out. */
  lookup->pending++;

  for (guint i = 0; i < lookup->targets->len; i++)
    {
      Target *target = g_ptr_array_index (lookup->targets, i);

      if (lookup->family != SP_ADDRESS_FAMILY_IPV6)
        lookup_send (lookup, target->host->host, SP_DNS_TYPE_A, target);
      if (lookup->family != SP_ADDRESS_FAMILY_IPV4)
        lookup_send (lookup, target->host->host, SP_DNS_TYPE_AAAA, target);
    }

  lookup->pending--;
  if (lookup->pending == 0 && !lookup->finishing)
    lookup_finish_addresses (lookup);
}

static int
compare_preference (gconstpointer a,
                    gconstpointer b)
{
  const SpMxHost *host_a = *(SpMxHost * const *) a;
  const SpMxHost *host_b = *(SpMxHost * const *) b;

  return (int) host_a->preference - (int) host_b->preference;
}

static char *
normalize_exchange (const char *exchange)
{
  g_autofree char *copy = g_ascii_strdown (exchange, -1);
  gsize len = strlen (copy);

  if (len > 0 && copy[len - 1] == '.')
    copy[len - 1] = '\0';

  return g_steal_pointer (&copy);
}

static GError *
null_mx_error (const char *domain)
{
  return g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NULL_MX,
                      _("The domain “%s” publishes a null MX record (RFC 7505): it declares "
                        "that it accepts no email at all. Mail to it will bounce; there is "
                        "no mail server to test."),
                      domain);
}

/* "MX 10 192.0.2.1": the exchange is an address written as a name. DNS
 * would be asked for the A record of the name "192.0.2.1", which no zone
 * has; the address is taken as it is instead, and the host is marked, so
 * that the test can reach the server and still report the record as wrong
 * (RFC 5321 5.1 wants a host name; Postfix and Exim refuse such records).
 * Returns TRUE when @host names an address. */
static gboolean
take_exchange_address (Lookup   *lookup,
                       SpMxHost *host)
{
  g_autoptr(GInetAddress) address = NULL;
  GSocketFamily family;

  if (strchr (host->host, '%') != NULL || !g_hostname_is_ip_address (host->host))
    return FALSE;

  address = g_inet_address_new_from_string (host->host);
  if (address == NULL)
    return FALSE;

  host->names_address = TRUE;
  family = g_inet_address_get_family (address);
  if ((lookup->family == SP_ADDRESS_FAMILY_IPV4 && family != G_SOCKET_FAMILY_IPV4) ||
      (lookup->family == SP_ADDRESS_FAMILY_IPV6 && family != G_SOCKET_FAMILY_IPV6))
    host->error = with_family_hint (g_error_new (SP_RESOLVER_ERROR,
                                                 SP_RESOLVER_ERROR_NO_ADDRESSES,
                                                 _("The MX record names the address %s "
                                                   "instead of a host name, and it is not of "
                                                   "the address family chosen."),
                                                 host->host),
                                    lookup->family);
  else
    g_ptr_array_add (host->addresses, g_steal_pointer (&address));

  return TRUE;
}

static void
lookup_handle_mx (Lookup    *lookup,
                  int        status,
                  GPtrArray *mx_hosts)
{
  SpMxResult *result = lookup->result;
  g_autoptr(GHashTable) seen = NULL;

  if (status == ARES_ENOTFOUND)
    {
      lookup_complete (lookup,
                       g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NOT_FOUND,
                                    _("The domain “%s” does not exist in DNS."),
                                    result->domain));
      return;
    }

  if (status == ARES_ENODATA)
    {
      /* RFC 5321 5.1: no MX, so the domain itself is the mail host. */
      result->implicit = TRUE;
      g_ptr_array_add (result->hosts, _sp_mx_host_new (0, result->domain));
      g_ptr_array_add (lookup->targets, target_new (g_ptr_array_index (result->hosts, 0)));
      lookup_send_addresses (lookup);
      return;
    }

  if (status != ARES_SUCCESS)
    {
      lookup_complete (lookup, transport_error (status, result->domain));
      return;
    }

  /* RFC 7505: a single MX naming the root means "no mail here". */
  if (mx_hosts->len == 1)
    {
      SpMxHost *only = g_ptr_array_index (mx_hosts, 0);

      if (only->host[0] == '\0' || g_str_equal (only->host, "."))
        {
          lookup_complete (lookup, null_mx_error (result->domain));
          return;
        }
    }

  g_ptr_array_sort (mx_hosts, compare_preference);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < mx_hosts->len; i++)
    {
      SpMxHost *host = g_ptr_array_index (mx_hosts, i);
      g_autofree char *name = normalize_exchange (host->host);
      SpMxHost *kept;

      /* A null MX among real ones is a broken zone; the real ones still work. */
      if (name[0] == '\0' || g_hash_table_contains (seen, name))
        continue;

      kept = _sp_mx_host_new (host->preference, name);
      g_ptr_array_add (result->hosts, kept);
      g_hash_table_add (seen, kept->host);
    }

  /* Sorted by preference, so the least preferred go; none of their
   * addresses is asked for. */
  if (result->hosts->len > SP_RESOLVER_MAX_MX_HOSTS)
    {
      result->n_hosts_dropped = result->hosts->len - SP_RESOLVER_MAX_MX_HOSTS;
      g_hash_table_remove_all (seen);
      g_ptr_array_set_size (result->hosts, SP_RESOLVER_MAX_MX_HOSTS);
    }

  for (guint i = 0; i < result->hosts->len; i++)
    {
      SpMxHost *host = g_ptr_array_index (result->hosts, i);

      if (!take_exchange_address (lookup, host))
        g_ptr_array_add (lookup->targets, target_new (host));
    }

  if (result->hosts->len == 0)
    {
      lookup_complete (lookup, null_mx_error (result->domain));
      return;
    }

  lookup_send_addresses (lookup);
}

static void
query_answered_cb (int        status,
                   GPtrArray *mx_hosts,
                   GPtrArray *addresses,
                   gpointer   user_data)
{
  Query *query = user_data;
  g_autoptr(Lookup) lookup = g_steal_pointer (&query->lookup);
  g_autoptr(GPtrArray) owned_mx = mx_hosts;
  g_autoptr(GPtrArray) owned_addresses = addresses;
  Target *target = query->target;
  SpDnsQuery *record = query->record;
  int type = query->type;

  record->status = g_strdup (ares_status_name (status));
  record->elapsed_usec = g_get_monotonic_time () - query->started;
  g_free (query);

  lookup->pending--;

  /* Cancelled or already failed: the answer has nobody to go to. */
  if (lookup->finishing)
    return;

  /* The channel is going away: no follow-up question, and no half result. */
  if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED)
    {
      lookup_complete (lookup, transport_error (status, record->name));
      return;
    }

  if (type == SP_DNS_TYPE_MX)
    {
      lookup_handle_mx (lookup, status, owned_mx);
      return;
    }

  if (type == SP_DNS_TYPE_A)
    {
      target->a_status = status;
      if (owned_addresses != NULL)
        g_ptr_array_extend_and_steal (target->v4, g_steal_pointer (&owned_addresses));
    }
  else
    {
      target->aaaa_status = status;
      if (owned_addresses != NULL)
        g_ptr_array_extend_and_steal (target->v6, g_steal_pointer (&owned_addresses));
    }

  if (lookup->pending == 0)
    lookup_finish_addresses (lookup);
}

/* Domain names */

static gboolean
is_valid_ascii_name (const char *name)
{
  g_auto(GStrv) labels = NULL;

  if (strlen (name) > MAX_NAME_LENGTH)
    return FALSE;

  labels = g_strsplit (name, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);

      if (len == 0 || len > MAX_LABEL_LENGTH)
        return FALSE;
      if (label[0] == '-' || label[len - 1] == '-')
        return FALSE;

      /* Underscores are not in host names, but DNS has them (_dmarc…). */
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_isalnum (label[j]) && label[j] != '-' && label[j] != '_')
          return FALSE;
    }

  return TRUE;
}

/* The lower-case ASCII (punycode) form of @input without trailing dot. */
static char *
normalize_name (const char  *input,
                GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (input != NULL ? input : ""));
  g_autofree char *shown = g_utf8_make_valid (trimmed, -1);
  g_autofree char *ascii = NULL;
  gsize len = strlen (trimmed);

  if (len > 0 && trimmed[len - 1] == '.')
    trimmed[len - 1] = '\0';

  if (trimmed[0] == '\0')
    {
      g_set_error (error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_INVALID_NAME,
                   _("No domain name was given. Enter a domain such as example.com."));
      return NULL;
    }

  if (strchr (trimmed, '@') != NULL)
    {
      g_set_error (error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_INVALID_NAME,
                   _("“%s” is an email address, not a domain name. Enter only the part "
                     "after “@”."),
                   shown);
      return NULL;
    }

  if (g_utf8_validate (trimmed, -1, NULL))
    ascii = g_hostname_to_ascii (trimmed);

  if (ascii == NULL || !is_valid_ascii_name (ascii))
    {
      g_set_error (error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_INVALID_NAME,
                   _("“%s” is not a valid domain name. Enter a name such as example.com: "
                     "letters, digits and hyphens, with dots between the parts."),
                   shown);
      return NULL;
    }

  return g_ascii_strdown (ascii, -1);
}

/* SpResolver */

static void
sp_resolver_shutdown (SpResolver *self)
{
  if (self->source != NULL)
    {
      SpAresSource *source = g_steal_pointer (&self->source);

      _sp_ares_source_shutdown (source);
      g_source_unref ((GSource *) source);
    }

  for (guint i = 0; self->retired != NULL && i < self->retired->len; i++)
    _sp_ares_source_shutdown (g_ptr_array_index (self->retired, i));
  if (self->retired != NULL)
    g_ptr_array_set_size (self->retired, 0);
}

static void
sp_resolver_dispose (GObject *object)
{
  SpResolver *self = (SpResolver *) object;

  self->disposed = TRUE;
  sp_resolver_shutdown (self);

  G_OBJECT_CLASS (sp_resolver_parent_class)->dispose (object);
}

static void
sp_resolver_finalize (GObject *object)
{
  SpResolver *self = (SpResolver *) object;

  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_pointer (&self->servers, g_free);

  G_OBJECT_CLASS (sp_resolver_parent_class)->finalize (object);
}

static void
sp_resolver_class_init (SpResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_resolver_dispose;
  object_class->finalize = sp_resolver_finalize;
}

static void
sp_resolver_init (SpResolver *self)
{
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->tries = DEFAULT_TRIES;
  self->family = SP_ADDRESS_FAMILY_ANY;
  self->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
}

static gboolean
sp_resolver_ensure_channel (SpResolver  *self,
                            GError     **error)
{
  if (self->source != NULL)
    return TRUE;

  if (self->disposed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                   _("The DNS resolver has been closed."));
      return FALSE;
    }

  self->source = open_source (self->servers, self->timeout_ms, self->tries, error);

  return self->source != NULL;
}

SpResolver *
sp_resolver_new (const char  *servers,
                 GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autoptr(SpResolver) self = NULL;

  if (servers != NULL && servers[0] != '\0')
    {
      normalized = normalize_servers (servers, error);
      if (normalized == NULL)
        return NULL;
    }

  /* No property: sp_resolver_new() is the one way in, and it checks the
   * list before the resolver keeps it. */
  self = g_object_new (SP_TYPE_RESOLVER, NULL);
  self->servers = g_steal_pointer (&normalized);

  /* Right away, so that a broken configuration shows before any lookup. */
  if (!sp_resolver_ensure_channel (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
sp_resolver_check_servers (const char  *servers,
                           GError     **error)
{
  g_autofree char *normalized = NULL;

  if (servers == NULL || servers[0] == '\0')
    return TRUE;

  normalized = normalize_servers (servers, error);

  return normalized != NULL;
}

const char *
sp_resolver_get_servers (SpResolver *self)
{
  g_return_val_if_fail (SP_IS_RESOLVER (self), NULL);

  return self->servers;
}

void
sp_resolver_set_timeout (SpResolver *self,
                         guint       timeout_ms,
                         guint       tries)
{
  g_return_if_fail (SP_IS_RESOLVER (self));

  if (timeout_ms == 0)
    timeout_ms = DEFAULT_TIMEOUT_MS;
  if (tries == 0)
    tries = DEFAULT_TRIES;

  if (timeout_ms == self->timeout_ms && tries == self->tries)
    return;

  self->timeout_ms = timeout_ms;
  self->tries = tries;

  /* c-ares takes its options only at init: use a new channel from now on,
   * and let the old one finish the lookups already running on it. */
  if (self->source != NULL)
    {
      SpAresSource *source = g_steal_pointer (&self->source);

      if (_sp_ares_source_is_busy (source))
        {
          _sp_ares_source_retire (source);
          g_ptr_array_add (self->retired, source);
        }
      else
        {
          _sp_ares_source_shutdown (source);
          g_source_unref ((GSource *) source);
        }
    }

  for (guint i = self->retired->len; i > 0; i--)
    {
      SpAresSource *old = g_ptr_array_index (self->retired, i - 1);

      if (_sp_ares_source_is_shut_down (old))
        g_ptr_array_remove_index (self->retired, i - 1);
    }
}

void
sp_resolver_set_family (SpResolver      *self,
                        SpAddressFamily  family)
{
  g_return_if_fail (SP_IS_RESOLVER (self));
  g_return_if_fail (family <= SP_ADDRESS_FAMILY_IPV6);

  self->family = family;
}

/* Starts a lookup of @input, or returns NULL after returning @task with an
 * error. The lookup's result has the ASCII form of @input as its domain. */
static Lookup *
sp_resolver_start_lookup (SpResolver   *self,
                          GTask        *task,
                          const char   *input,
                          gboolean      is_mx,
                          GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  Lookup *lookup;

  name = normalize_name (input, &error);
  if (name == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }

  if (g_task_return_error_if_cancelled (task))
    return NULL;

  if (!sp_resolver_ensure_channel (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }

  lookup = g_rc_box_new0 (Lookup);
  lookup->task = g_object_ref (task);
  lookup->source = (SpAresSource *) g_source_ref ((GSource *) self->source);
  lookup->result = sp_mx_result_new (name);
  lookup->result->servers = g_strdup (self->servers);
  lookup->result->family = self->family;
  lookup->result->host_lookup = !is_mx;
  lookup->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  lookup->family = self->family;
  lookup->is_mx = is_mx;

  if (cancellable != NULL)
    {
      lookup->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (lookup->cancel_source, "[sp-resolver cancel]");
      g_source_set_callback (lookup->cancel_source, G_SOURCE_FUNC (lookup_cancelled_cb),
                             lookup_ref (lookup), lookup_unref);
      g_source_attach (lookup->cancel_source, g_task_get_context (task));
    }

  return lookup;
}

/* Both lookups end in an SpMxResult, from the task begun by @source_tag. */
static SpMxResult *
propagate_result (SpResolver    *self,
                  GAsyncResult  *result,
                  gpointer       source_tag,
                  GError       **error)
{
  g_return_val_if_fail (SP_IS_RESOLVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sp_resolver_lookup_mx_async (SpResolver          *self,
                             const char          *domain,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Lookup) lookup = NULL;

  g_return_if_fail (SP_IS_RESOLVER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_resolver_lookup_mx_async);

  lookup = sp_resolver_start_lookup (self, task, domain, TRUE, cancellable);
  if (lookup == NULL)
    return;

  lookup_send (lookup, lookup->result->domain, SP_DNS_TYPE_MX, NULL);
}

SpMxResult *
sp_resolver_lookup_mx_finish (SpResolver    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return propagate_result (self, result, sp_resolver_lookup_mx_async, error);
}

/* An address literal needs no DNS; "[::1]" is accepted as well. */
static GInetAddress *
parse_literal (const char *host)
{
  g_autofree char *text = g_strstrip (g_strdup (host));
  gsize len = strlen (text);

  if (len > 2 && text[0] == '[' && text[len - 1] == ']')
    {
      text[len - 1] = '\0';
      return g_inet_address_new_from_string (text + 1);
    }

  return g_inet_address_new_from_string (text);
}

void
sp_resolver_lookup_host_async (SpResolver          *self,
                               const char          *host,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Lookup) lookup = NULL;
  g_autoptr(GInetAddress) literal = NULL;

  g_return_if_fail (SP_IS_RESOLVER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_resolver_lookup_host_async);

  literal = host != NULL ? parse_literal (host) : NULL;
  if (literal != NULL)
    {
      GSocketFamily family = g_inet_address_get_family (literal);
      g_autofree char *text = g_inet_address_to_string (literal);
      g_autoptr(SpMxResult) result = sp_mx_result_new (text);
      SpMxHost *mx_host = _sp_mx_host_new (0, text);

      g_ptr_array_add (result->hosts, mx_host);
      result->servers = g_strdup (self->servers);
      result->family = self->family;
      result->host_lookup = TRUE;

      if ((self->family == SP_ADDRESS_FAMILY_IPV4 && family != G_SOCKET_FAMILY_IPV4)
          || (self->family == SP_ADDRESS_FAMILY_IPV6 && family != G_SOCKET_FAMILY_IPV6))
        {
          g_task_return_new_error (task, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES,
                                   self->family == SP_ADDRESS_FAMILY_IPV4
                                   ? _("“%s” is an IPv6 address, but only IPv4 is allowed. "
                                       "Allow IPv6 or give an IPv4 address.")
                                   : _("“%s” is an IPv4 address, but only IPv6 is allowed. "
                                       "Allow IPv4 or give an IPv6 address."),
                                   text);
          return;
        }

      g_ptr_array_add (mx_host->addresses, g_steal_pointer (&literal));
      g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) sp_mx_result_unref);
      return;
    }

  lookup = sp_resolver_start_lookup (self, task, host, FALSE, cancellable);
  if (lookup == NULL)
    return;

  g_ptr_array_add (lookup->result->hosts, _sp_mx_host_new (0, lookup->result->domain));
  g_ptr_array_add (lookup->targets, target_new (g_ptr_array_index (lookup->result->hosts, 0)));
  lookup_send_addresses (lookup);
}

SpMxResult *
sp_resolver_lookup_host_finish (SpResolver    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return propagate_result (self, result, sp_resolver_lookup_host_async, error);
}
