/* sp-mx-result.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The boxed types belong to the resolver's API, so their warnings keep its
 * log domain. */
#define G_LOG_DOMAIN "sp-resolver"

#include "config.h"

#include "sp-mx-result-private.h"

G_DEFINE_BOXED_TYPE (SpDnsQuery, sp_dns_query, sp_dns_query_copy, sp_dns_query_free)
G_DEFINE_BOXED_TYPE (SpMxHost, sp_mx_host, sp_mx_host_copy, sp_mx_host_free)
G_DEFINE_BOXED_TYPE (SpMxResult, sp_mx_result, sp_mx_result_ref, sp_mx_result_unref)

SpDnsQuery *
sp_dns_query_copy (const SpDnsQuery *query)
{
  SpDnsQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_new0 (SpDnsQuery, 1);
  copy->name = g_strdup (query->name);
  copy->type = g_strdup (query->type);
  copy->status = g_strdup (query->status);
  copy->elapsed_usec = query->elapsed_usec;

  return copy;
}

void
sp_dns_query_free (SpDnsQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->name);
  g_free (query->type);
  g_free (query->status);
  g_free (query);
}

SpMxHost *
_sp_mx_host_new (guint16     preference,
                 const char *host)
{
  SpMxHost *mx_host = g_new0 (SpMxHost, 1);

  mx_host->preference = preference;
  mx_host->host = g_strdup (host);
  mx_host->addresses = g_ptr_array_new_with_free_func (g_object_unref);

  return mx_host;
}

SpMxHost *
sp_mx_host_copy (const SpMxHost *host)
{
  SpMxHost *copy;

  g_return_val_if_fail (host != NULL, NULL);

  copy = _sp_mx_host_new (host->preference, host->host);
  for (guint i = 0; host->addresses != NULL && i < host->addresses->len; i++)
    g_ptr_array_add (copy->addresses, g_object_ref (g_ptr_array_index (host->addresses, i)));
  copy->error = host->error != NULL ? g_error_copy (host->error) : NULL;
  copy->n_addresses_dropped = host->n_addresses_dropped;
  copy->names_address = host->names_address;

  return copy;
}

void
sp_mx_host_free (SpMxHost *host)
{
  if (host == NULL)
    return;

  g_free (host->host);
  g_clear_pointer (&host->addresses, g_ptr_array_unref);
  g_clear_error (&host->error);
  g_free (host);
}

char *
sp_mx_host_dup_address_list (const SpMxHost *host)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (host != NULL, NULL);

  for (guint i = 0; host->addresses != NULL && i < host->addresses->len; i++)
    {
      g_autofree char *address = g_inet_address_to_string (g_ptr_array_index (host->addresses, i));

      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", address);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

SpMxResult *
sp_mx_result_new (const char *domain)
{
  SpMxResult *result = g_new0 (SpMxResult, 1);

  result->ref_count = 1;
  result->domain = g_strdup (domain);
  result->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_mx_host_free);
  result->queries = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_dns_query_free);

  return result;
}

SpMxResult *
sp_mx_result_ref (SpMxResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (result->ref_count > 0, NULL);

  g_atomic_int_inc (&result->ref_count);

  return result;
}

void
sp_mx_result_unref (SpMxResult *result)
{
  g_return_if_fail (result != NULL);
  g_return_if_fail (result->ref_count > 0);

  if (!g_atomic_int_dec_and_test (&result->ref_count))
    return;

  g_free (result->domain);
  g_clear_pointer (&result->hosts, g_ptr_array_unref);
  g_clear_pointer (&result->queries, g_ptr_array_unref);
  g_free (result->servers);
  g_free (result);
}
