/* sp-test-firewall.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <unistd.h>

#include "sp-test-firewall.h"
#include "sp-test-util.h"

struct _SpTestFirewall
{
  char *nft;
  char *table;
};

/* Only loopback: then the rules can touch nothing but this namespace. */
static gboolean
only_loopback (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/sys/class/net", 0, NULL);
  const char *name;
  guint n = 0;
  gboolean has_lo = FALSE;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      n++;
      has_lo |= g_str_equal (name, "lo");
    }

  return n == 1 && has_lo;
}

static gboolean
run_nft (SpTestFirewall  *self,
         const char      *command,
         GError         **error)
{
  const char *argv[] = { self->nft, command, NULL };
  g_autofree char *err = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &err, &status, error))
    return FALSE;

  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nft “%s” failed: %s", command,
                   err);
      return FALSE;
    }

  return TRUE;
}

SpTestFirewall *
sp_test_firewall_new (GError **error)
{
  g_autoptr(SpTestFirewall) self = g_new0 (SpTestFirewall, 1);
  g_autofree char *add_table = NULL;
  g_autofree char *add_chain = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!only_loopback ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "Not in a private network namespace; run through build-aux/netns.");
      return NULL;
    }

  self->nft = sp_test_find_program ("nft");
  if (self->nft == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "nft (Debian package nftables) is not installed.");
      return NULL;
    }

  /* A table per process: suites run side by side in one namespace. */
  self->table = g_strdup_printf ("sp_test_%d", (int) getpid ());
  add_table = g_strdup_printf ("add table ip %s", self->table);
  add_chain = g_strdup_printf ("add chain ip %s out "
                               "{ type filter hook output priority 0; policy accept; }",
                               self->table);
  if (!run_nft (self, add_table, &local_error) || !run_nft (self, add_chain, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Cannot set packet filter rules here: %s", local_error->message);
      g_clear_pointer (&self->table, g_free);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
sp_test_firewall_drop (SpTestFirewall *self,
                       const char     *address,
                       guint16         port)
{
  g_autofree char *rule = g_strdup_printf ("add rule ip %s out ip daddr %s tcp dport %u drop",
                                           self->table, address, port);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (address, "127."));
  run_nft (self, rule, &error);
  g_assert_no_error (error);
}

void
sp_test_firewall_free (SpTestFirewall *self)
{
  if (self->table != NULL)
    {
      g_autofree char *command = g_strdup_printf ("delete table ip %s", self->table);
      g_autoptr(GError) error = NULL;

      if (!run_nft (self, command, &error))
        g_warning ("%s", error->message);
    }

  g_free (self->table);
  g_free (self->nft);
  g_free (self);
}
