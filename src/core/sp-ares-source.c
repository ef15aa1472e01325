/* sp-ares-source.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Part of the resolver: its warnings keep the resolver's log domain. */
#define G_LOG_DOMAIN "sp-resolver"

#include "config.h"

#include <netinet/in.h>

#include "sp-ares-source-private.h"
#include "sp-mx-result-private.h"

#if ARES_VERSION < 0x011c00
enum
{
  DNS_CLASS_IN = 1,
};

/* More addresses than this for one name would not fit in a UDP answer anyway. */
#define MAX_ADDRESSES 64
#endif

/* c-ares tells us which sockets to watch, GLib tells us when they are ready
 * or when the next c-ares timeout is due. */
struct _SpAresSource
{
  GSource       parent;
  ares_channel  channel;   /* NULL once shut down */
  GHashTable   *fds;       /* ares_socket_t -> tag from g_source_add_unix_fd() */
  guint         pending;   /* queries started and not called back yet */
  gboolean      retired;   /* replaced after an option change; dies when idle */
};

typedef struct
{
  ares_socket_t fd;
  GIOCondition  condition;
} ReadyFd;

/* One question on its way through c-ares. */
typedef struct
{
  /* Borrowed: c-ares only calls back from calls made on the source. */
  SpAresSource     *source;
  SpAresAnswerFunc  callback;
  gpointer          user_data;
  int               type;
} Question;

int
_sp_ares_source_init_library (void)
{
  static gsize once = 0;

  /* Stored as status + 1, because g_once_init_leave() refuses 0. */
  if (g_once_init_enter (&once))
    g_once_init_leave (&once, (gsize) ares_library_init (ARES_LIB_INIT_ALL) + 1);

  return (int) once - 1;
}

/* Must follow every call into c-ares: any of them may start or end a timer. */
static void
sp_ares_source_rearm (SpAresSource *self)
{
  struct timeval tv;

  if (self->channel == NULL || g_source_is_destroyed ((GSource *) self))
    return;

  if (ares_timeout (self->channel, NULL, &tv) == NULL)
    g_source_set_ready_time ((GSource *) self, -1);
  else
    g_source_set_ready_time ((GSource *) self,
                             g_get_monotonic_time ()
                             + (gint64) tv.tv_sec * G_USEC_PER_SEC
                             + tv.tv_usec);
}

/* Called by c-ares, possibly with its channel lock held: never call back
 * into c-ares from here. */
static void
sock_state_cb (void          *data,
               ares_socket_t  fd,
               int            readable,
               int            writable)
{
  SpAresSource *self = data;
  GSource *source = data;
  GIOCondition condition = (readable ? G_IO_IN : 0) | (writable ? G_IO_OUT : 0);
  gpointer tag = g_hash_table_lookup (self->fds, GINT_TO_POINTER (fd));

  if (condition == 0)
    {
      if (tag != NULL)
        {
          g_source_remove_unix_fd (source, tag);
          g_hash_table_remove (self->fds, GINT_TO_POINTER (fd));
        }
    }
  else if (tag != NULL)
    {
      g_source_modify_unix_fd (source, tag, condition);
    }
  else
    {
      tag = g_source_add_unix_fd (source, fd, condition);
      g_hash_table_insert (self->fds, GINT_TO_POINTER (fd), tag);
    }
}

void
_sp_ares_source_shutdown (SpAresSource *self)
{
  /* ares_destroy() calls back the pending queries with ARES_EDESTRUCTION and
   * removes its sockets through sock_state_cb(), which needs the source alive
   * and not yet destroyed. */
  if (self->channel != NULL)
    {
      ares_channel channel = self->channel;

      self->channel = NULL;
      ares_destroy (channel);
    }

  g_source_destroy ((GSource *) self);
}

static gboolean
sp_ares_source_dispatch (GSource     *source,
                         GSourceFunc  callback,
                         gpointer     user_data)
{
  SpAresSource *self = (SpAresSource *) source;
  g_autoptr(GArray) ready = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer tag;

  if (self->channel == NULL)
    return G_SOURCE_REMOVE;

  /* Take the ready sockets first: c-ares opens and closes sockets while it
   * processes, which changes the table and invalidates the tags. */
  ready = g_array_new (FALSE, FALSE, sizeof (ReadyFd));
  g_hash_table_iter_init (&iter, self->fds);
  while (g_hash_table_iter_next (&iter, &key, &tag))
    {
      ReadyFd entry;

      entry.fd = GPOINTER_TO_INT (key);
      entry.condition = g_source_query_unix_fd (source, tag);
      if (entry.condition != 0)
        g_array_append_val (ready, entry);
    }

#if ARES_VERSION >= 0x012200
  {
    g_autofree ares_fd_events_t *events = g_new0 (ares_fd_events_t, MAX (ready->len, 1));

    for (guint i = 0; i < ready->len; i++)
      {
        const ReadyFd *entry = &g_array_index (ready, ReadyFd, i);

        events[i].fd = entry->fd;
        if (entry->condition & (G_IO_IN | G_IO_HUP | G_IO_ERR))
          events[i].events |= ARES_FD_EVENT_READ;
        if (entry->condition & G_IO_OUT)
          events[i].events |= ARES_FD_EVENT_WRITE;
      }

    /* With no event this still runs the timeouts. */
    ares_process_fds (self->channel, events, ready->len, ARES_PROCESS_FLAG_NONE);
  }
#else
  if (ready->len == 0)
    {
      /* Woken by the ready time: let c-ares expire its timeouts. */
      ares_process_fd (self->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    }

  for (guint i = 0; i < ready->len && self->channel != NULL; i++)
    {
      const ReadyFd *entry = &g_array_index (ready, ReadyFd, i);
      gboolean readable = (entry->condition & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0;
      gboolean writable = (entry->condition & G_IO_OUT) != 0;

      ares_process_fd (self->channel,
                       readable ? entry->fd : ARES_SOCKET_BAD,
                       writable ? entry->fd : ARES_SOCKET_BAD);
    }
#endif

  /* A retired channel waited for its last query; nobody starts new ones. */
  if (self->retired && self->pending == 0)
    {
      _sp_ares_source_shutdown (self);
      return G_SOURCE_REMOVE;
    }

  sp_ares_source_rearm (self);

  return G_SOURCE_CONTINUE;
}

static void
sp_ares_source_finalize (GSource *source)
{
  SpAresSource *self = (SpAresSource *) source;

  /* Shutdown always comes first; a live channel here would call back into
   * freed memory. */
  g_warn_if_fail (self->channel == NULL);

  g_clear_pointer (&self->fds, g_hash_table_unref);
}

/* No prepare or check: GLib dispatches a source whose unix fds are ready
 * or whose ready time has passed on its own. */
static GSourceFuncs sp_ares_source_funcs = {
  .dispatch = sp_ares_source_dispatch,
  .finalize = sp_ares_source_finalize,
};

SpAresSource *
_sp_ares_source_new (struct ares_options *options,
                     int                  optmask,
                     int                 *status)
{
  SpAresSource *self;

  self = (SpAresSource *) g_source_new (&sp_ares_source_funcs, sizeof (SpAresSource));
  g_source_set_static_name ((GSource *) self, "[sp-resolver c-ares]");
  self->fds = g_hash_table_new (NULL, NULL);

  optmask |= ARES_OPT_SOCK_STATE_CB;
  options->sock_state_cb = sock_state_cb;
  options->sock_state_cb_data = self;

  *status = ares_init_options (&self->channel, options, optmask);
  if (*status != ARES_SUCCESS)
    {
      self->channel = NULL;
      g_source_unref ((GSource *) self);
      return NULL;
    }

  return self;
}

int
_sp_ares_source_set_servers (SpAresSource *self,
                             const char   *servers)
{
  return ares_set_servers_ports_csv (self->channel, servers);
}

void
_sp_ares_source_attach (SpAresSource *self)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  g_source_attach ((GSource *) self, context);
  sp_ares_source_rearm (self);
}

gboolean
_sp_ares_source_is_busy (SpAresSource *self)
{
  return self->pending > 0;
}

void
_sp_ares_source_retire (SpAresSource *self)
{
  self->retired = TRUE;
}

gboolean
_sp_ares_source_is_shut_down (SpAresSource *self)
{
  return self->channel == NULL;
}

/* Answers */

static void
question_answer (Question  *question,
                 int        status,
                 GPtrArray *mx_hosts,
                 GPtrArray *addresses)
{
  question->source->pending--;
  question->callback (status, mx_hosts, addresses, question->user_data);
  g_free (question);
}

/* @bytes: an address record's address in network order, or NULL when
 * c-ares could not read it (then nothing is added). */
static void
add_address (GPtrArray     *addresses,
             gconstpointer  bytes,
             GSocketFamily  family)
{
  if (bytes != NULL)
    g_ptr_array_add (addresses, g_inet_address_new_from_bytes (bytes, family));
}

#if ARES_VERSION >= 0x011c00

static void
query_dnsrec_cb (void                    *arg,
                 ares_status_t            status,
                 size_t                   timeouts,
                 const ares_dns_record_t *dnsrec)
{
  Question *question = arg;
  g_autoptr(GPtrArray) mx_hosts = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  size_t n_answers;

  if (status != ARES_SUCCESS || dnsrec == NULL)
    {
      question_answer (question, (int) status, NULL, NULL);
      return;
    }

  mx_hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_mx_host_free);
  addresses = g_ptr_array_new_with_free_func (g_object_unref);

  /* The answer section may also hold CNAMEs and other types: take only
   * the records of the type asked for. */
  n_answers = ares_dns_record_rr_cnt (dnsrec, ARES_SECTION_ANSWER);
  for (size_t i = 0; i < n_answers; i++)
    {
      const ares_dns_rr_t *rr = ares_dns_record_rr_get_const (dnsrec, ARES_SECTION_ANSWER, i);
      ares_dns_rec_type_t rr_type = ares_dns_rr_get_type (rr);

      if (question->type == SP_DNS_TYPE_MX && rr_type == ARES_REC_TYPE_MX)
        {
          const char *exchange = ares_dns_rr_get_str (rr, ARES_RR_MX_EXCHANGE);

          g_ptr_array_add (mx_hosts,
                           _sp_mx_host_new (ares_dns_rr_get_u16 (rr, ARES_RR_MX_PREFERENCE),
                                            exchange != NULL ? exchange : ""));
        }
      else if (question->type == SP_DNS_TYPE_A && rr_type == ARES_REC_TYPE_A)
        add_address (addresses, ares_dns_rr_get_addr (rr, ARES_RR_A_ADDR),
                     G_SOCKET_FAMILY_IPV4);
      else if (question->type == SP_DNS_TYPE_AAAA && rr_type == ARES_REC_TYPE_AAAA)
        add_address (addresses, ares_dns_rr_get_addr6 (rr, ARES_RR_AAAA_ADDR),
                     G_SOCKET_FAMILY_IPV6);
    }

  if (mx_hosts->len == 0 && addresses->len == 0)
    question_answer (question, ARES_ENODATA, NULL, NULL);
  else
    question_answer (question, ARES_SUCCESS, g_steal_pointer (&mx_hosts),
                     g_steal_pointer (&addresses));
}

#else /* c-ares < 1.28 */

static int
parse_mx (const unsigned char  *abuf,
          int                   alen,
          GPtrArray            *mx_hosts)
{
  struct ares_mx_reply *replies = NULL;
  int status;

  status = ares_parse_mx_reply (abuf, alen, &replies);
  if (status != ARES_SUCCESS)
    return status;

  for (const struct ares_mx_reply *r = replies; r != NULL; r = r->next)
    g_ptr_array_add (mx_hosts, _sp_mx_host_new (r->priority, r->host != NULL ? r->host : ""));

  ares_free_data (replies);

  return mx_hosts->len > 0 ? ARES_SUCCESS : ARES_ENODATA;
}

static int
parse_addresses (int                   type,
                 const unsigned char  *abuf,
                 int                   alen,
                 GPtrArray            *addresses)
{
  int n = MAX_ADDRESSES;
  int status;

  if (type == SP_DNS_TYPE_A)
    {
      struct ares_addrttl ttls[MAX_ADDRESSES];

      status = ares_parse_a_reply (abuf, alen, NULL, ttls, &n);
      for (int i = 0; status == ARES_SUCCESS && i < n; i++)
        add_address (addresses, &ttls[i].ipaddr, G_SOCKET_FAMILY_IPV4);
    }
  else
    {
      struct ares_addr6ttl ttls[MAX_ADDRESSES];

      status = ares_parse_aaaa_reply (abuf, alen, NULL, ttls, &n);
      for (int i = 0; status == ARES_SUCCESS && i < n; i++)
        add_address (addresses, &ttls[i].ip6addr, G_SOCKET_FAMILY_IPV6);
    }

  if (status != ARES_SUCCESS)
    return status;

  return addresses->len > 0 ? ARES_SUCCESS : ARES_ENODATA;
}

static void
query_cb (void          *arg,
          int            status,
          int            timeouts,
          unsigned char *abuf,
          int            alen)
{
  Question *question = arg;
  g_autoptr(GPtrArray) mx_hosts = NULL;
  g_autoptr(GPtrArray) addresses = NULL;

  if (status != ARES_SUCCESS || abuf == NULL)
    {
      question_answer (question, status, NULL, NULL);
      return;
    }

  mx_hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_mx_host_free);
  addresses = g_ptr_array_new_with_free_func (g_object_unref);

  if (question->type == SP_DNS_TYPE_MX)
    status = parse_mx (abuf, alen, mx_hosts);
  else
    status = parse_addresses (question->type, abuf, alen, addresses);

  question_answer (question, status, g_steal_pointer (&mx_hosts), g_steal_pointer (&addresses));
}

#endif

void
_sp_ares_source_query (SpAresSource     *self,
                       const char       *name,
                       int               type,
                       SpAresAnswerFunc  callback,
                       gpointer          user_data)
{
  Question *question;

  question = g_new0 (Question, 1);
  question->source = self;
  question->callback = callback;
  question->user_data = user_data;
  question->type = type;

  self->pending++;

  if (self->channel == NULL)
    {
      /* The resolver was disposed between two steps of a lookup. */
      question_answer (question, ARES_EDESTRUCTION, NULL, NULL);
      return;
    }

#if ARES_VERSION >= 0x011c00
  ares_query_dnsrec (self->channel, name, ARES_CLASS_IN, (ares_dns_rec_type_t) type,
                     query_dnsrec_cb, question, NULL);
#else
  ares_query (self->channel, name, DNS_CLASS_IN, type, query_cb, question);
#endif

  /* Sending created a socket and a timeout (or called back already). */
  sp_ares_source_rearm (self);
}
