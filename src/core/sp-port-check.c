/* sp-port-check.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-port-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-cancellable-private.h"
#include "sp-port-check.h"

typedef struct
{
  GInetSocketAddress *address;
  SpPortReach         reach;
} Result;

struct _SpPortCheck
{
  GArray *results;   /* of Result */
};

G_DEFINE_BOXED_TYPE (SpPortCheck, sp_port_check, sp_port_check_ref, sp_port_check_unref)

static void
result_clear (gpointer data)
{
  Result *result = data;

  g_clear_object (&result->address);
}

static void
port_check_free (SpPortCheck *self)
{
  g_array_unref (self->results);
}

SpPortCheck *
sp_port_check_ref (SpPortCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
sp_port_check_unref (SpPortCheck *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) port_check_free);
}

guint
sp_port_check_get_n_results (const SpPortCheck *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->results->len;
}

GInetSocketAddress *
sp_port_check_get_address (const SpPortCheck *self,
                           guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->results->len, NULL);

  return g_array_index (self->results, Result, index).address;
}

SpPortReach
sp_port_check_get_reach (const SpPortCheck *self,
                         guint              index)
{
  g_return_val_if_fail (self != NULL, SP_PORT_REACH_FAILED);
  g_return_val_if_fail (index < self->results->len, SP_PORT_REACH_FAILED);

  return g_array_index (self->results, Result, index).reach;
}

gboolean
sp_port_check_any_answered (const SpPortCheck *self)
{
  return sp_port_check_get_answering_port (self) != 0;
}

static guint16
first_port_with (const SpPortCheck *self,
                 SpPortReach        reach)
{
  for (guint i = 0; i < self->results->len; i++)
    {
      const Result *result = &g_array_index (self->results, Result, i);

      if (result->reach == reach)
        return g_inet_socket_address_get_port (result->address);
    }

  return 0;
}

guint16
sp_port_check_get_answering_port (const SpPortCheck *self)
{
  guint16 port;

  g_return_val_if_fail (self != NULL, 0);

  port = first_port_with (self, SP_PORT_REACH_OPEN);
  if (port == 0)
    port = first_port_with (self, SP_PORT_REACH_REFUSED);

  return port;
}

/* Running the check */

typedef struct
{
  SpPortCheck  *check;
  GSocketClient *client;
  /* Cancelled at the time limit or when the caller cancels. */
  GCancellable *cancellable;
  SpCancelLink  caller;
  GSource      *deadline;
  gboolean      deadline_passed;
  guint         pending;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  _sp_cancel_link_clear (&job->caller);
  if (job->deadline != NULL)
    {
      g_source_destroy (job->deadline);
      g_source_unref (job->deadline);
    }
  g_clear_object (&job->cancellable);
  g_clear_object (&job->client);
  g_clear_pointer (&job->check, sp_port_check_unref);
  g_free (job);
}

typedef struct
{
  GTask *task;
  guint  index;
} Probe;

static SpPortReach
reach_from_error (const GError *error,
                  gboolean      deadline_passed)
{
  if (error == NULL)
    return SP_PORT_REACH_OPEN;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return SP_PORT_REACH_REFUSED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
      (deadline_passed && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    return SP_PORT_REACH_TIMED_OUT;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return SP_PORT_REACH_NO_ROUTE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return SP_PORT_REACH_NO_NETWORK;

  return SP_PORT_REACH_FAILED;
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GTask) task = probe->task;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (task);
  Result *slot = &g_array_index (job->check->results, Result, probe->index);

  g_free (probe);

  /* Only whether the host answers matters: the connection is dropped at
   * once, before the server's greeting. */
  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  slot->reach = reach_from_error (error, job->deadline_passed);

  if (--job->pending > 0)
    return;

  if (g_cancellable_is_cancelled (job->caller.caller))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The check of other mail ports was cancelled."));
  else
    g_task_return_pointer (task, sp_port_check_ref (job->check),
                           (GDestroyNotify) sp_port_check_unref);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Job *job = user_data;

  job->deadline_passed = TRUE;
  g_cancellable_cancel (job->cancellable);

  return G_SOURCE_REMOVE;
}

void
sp_port_check_run_async (GPtrArray           *addresses,
                         const guint16       *ports,
                         guint                n_ports,
                         guint                timeout_ms,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (addresses != NULL);
  g_return_if_fail (ports != NULL || n_ports == 0);
  g_return_if_fail (timeout_ms > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_port_check_run_async);

  job = g_new0 (Job, 1);
  job->check = g_atomic_rc_box_new0 (SpPortCheck);
  job->check->results = g_array_new (FALSE, TRUE, sizeof (Result));
  g_array_set_clear_func (job->check->results, result_clear);
  job->client = g_socket_client_new ();
  /* A bare TCP connection to the address itself, never through a proxy. */
  g_socket_client_set_enable_proxy (job->client, FALSE);
  job->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, job, job_free);

  for (guint a = 0; a < addresses->len; a++)
    for (guint p = 0; p < n_ports; p++)
      {
        Result result = { 0 };

        g_return_if_fail (G_IS_INET_ADDRESS (g_ptr_array_index (addresses, a)));
        result.address = G_INET_SOCKET_ADDRESS (
          g_inet_socket_address_new (g_ptr_array_index (addresses, a), ports[p]));
        result.reach = SP_PORT_REACH_FAILED;
        g_array_append_val (job->check->results, result);
      }

  if (job->check->results->len == 0)
    {
      g_task_return_pointer (task, sp_port_check_ref (job->check),
                             (GDestroyNotify) sp_port_check_unref);
      return;
    }

  _sp_cancel_link_connect (&job->caller, cancellable, job->cancellable);

  job->deadline = g_timeout_source_new (timeout_ms);
  g_source_set_callback (job->deadline, deadline_cb, job, NULL);
  g_source_set_static_name (job->deadline, "[smtp-probe] port check deadline");
  g_source_attach (job->deadline, g_task_get_context (task));

  job->pending = job->check->results->len;
  for (guint i = 0; i < job->check->results->len; i++)
    {
      Probe *probe = g_new0 (Probe, 1);
      Result *result = &g_array_index (job->check->results, Result, i);

      probe->task = g_object_ref (task);
      probe->index = i;
      g_socket_client_connect_async (job->client, G_SOCKET_CONNECTABLE (result->address),
                                     job->cancellable, connect_cb, probe);
    }
}

SpPortCheck *
sp_port_check_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
