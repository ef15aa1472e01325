/* sp-capabilities.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-capabilities"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-boxed-private.h"
#include "sp-capabilities.h"

struct _SpCapabilities
{
  char             *server_name;
  /* upper-case keyword -> parameters ("" when none) */
  GHashTable       *params;
  /* NULL-terminated arrays of upper-case strings */
  GPtrArray        *keywords;
  GPtrArray        *auth_mechanisms;
  guint64           size_limit;
  /* AUTH's parameters came from the old "AUTH=" form only */
  gboolean          auth_params_legacy;
};

static void
sp_capabilities_clear (SpCapabilities *self)
{
  g_free (self->server_name);
  g_hash_table_unref (self->params);
  g_ptr_array_unref (self->keywords);
  g_ptr_array_unref (self->auth_mechanisms);
}

SP_DEFINE_RC_BOXED_TYPE (SpCapabilities, sp_capabilities, sp_capabilities_clear)

static gboolean
is_token_char (char c)
{
  return c > ' ' && c < 0x7f;
}

/* Keywords are alphanumerics and hyphens (RFC 5321 4.1.1.1); anything else
 * on a line is a server bug we skip rather than show as a capability. */
static gboolean
is_valid_keyword (const char *keyword)
{
  const char *p;

  if (!g_ascii_isalnum (keyword[0]))
    return FALSE;

  for (p = keyword; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }

  return TRUE;
}

static void
add_auth_mechanisms (SpCapabilities *self,
                     const char     *params)
{
  g_auto(GStrv) words = g_strsplit (params, " ", -1);
  guint i;

  for (i = 0; words[i] != NULL; i++)
    {
      g_autofree char *mech = g_ascii_strup (words[i], -1);
      const char *p;
      gboolean valid = mech[0] != '\0';
      guint j;

      for (p = mech; *p != '\0'; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
            valid = FALSE;
        }
      if (!valid)
        continue;

      for (j = 0; j + 1 < self->auth_mechanisms->len; j++)
        {
          if (strcmp (g_ptr_array_index (self->auth_mechanisms, j), mech) == 0)
            break;
        }
      if (j + 1 < self->auth_mechanisms->len)
        continue;

      /* keep the array NULL-terminated */
      g_ptr_array_insert (self->auth_mechanisms, self->auth_mechanisms->len - 1,
                          g_steal_pointer (&mech));
    }
}

static void
add_keyword (SpCapabilities *self,
             const char     *keyword,
             const char     *params)
{
  if (g_hash_table_contains (self->params, keyword))
    return;

  g_hash_table_insert (self->params, g_strdup (keyword), g_strdup (params));
  g_ptr_array_insert (self->keywords, self->keywords->len - 1, g_strdup (keyword));
}

static void
parse_line (SpCapabilities *self,
            const char     *text)
{
  g_autofree char *raw = NULL;
  g_autofree char *keyword = NULL;
  g_autofree char *params = NULL;
  const char *p = text;
  const char *start;

  while (*p == ' ')
    p++;
  start = p;
  while (is_token_char (*p))
    p++;
  if (p == start)
    return;

  raw = g_strndup (start, p - start);
  keyword = g_ascii_strup (raw, -1);

  while (*p == ' ')
    p++;
  params = g_strchomp (g_strdup (p));

  /* The pre-RFC 2554 form "AUTH=LOGIN PLAIN" that old Outlook versions
   * look for: count it as AUTH, but let the standard line's parameters win. */
  if (g_str_has_prefix (keyword, "AUTH="))
    {
      g_autofree char *mechs = NULL;

      if (params[0] != '\0')
        mechs = g_strconcat (raw + 5, " ", params, NULL);
      else
        mechs = g_strdup (raw + 5);

      add_auth_mechanisms (self, mechs);
      if (!g_hash_table_contains (self->params, "AUTH"))
        {
          add_keyword (self, "AUTH", mechs);
          self->auth_params_legacy = TRUE;
        }
      return;
    }

  if (!is_valid_keyword (keyword))
    return;

  if (strcmp (keyword, "AUTH") == 0)
    {
      add_auth_mechanisms (self, params);
      if (self->auth_params_legacy)
        {
          g_hash_table_insert (self->params, g_strdup ("AUTH"), g_strdup (params));
          self->auth_params_legacy = FALSE;
        }
    }
  else if (strcmp (keyword, "SIZE") == 0 && !g_hash_table_contains (self->params, "SIZE"))
    {
      guint64 limit = 0;

      /* "SIZE" alone or "SIZE 0" means no fixed limit (RFC 1870). */
      if (!g_ascii_string_to_unsigned (params, 10, 0, G_MAXUINT64, &limit, NULL))
        limit = 0;
      self->size_limit = limit;
    }

  add_keyword (self, keyword, params);
}

SpCapabilities *
sp_capabilities_new_from_reply (const SpReply *ehlo_reply)
{
  SpCapabilities *self;
  const char * const *texts;
  guint n_lines;
  guint i;

  g_return_val_if_fail (ehlo_reply != NULL, NULL);

  self = g_atomic_rc_box_new0 (SpCapabilities);
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->keywords = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->keywords, NULL);
  self->auth_mechanisms = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->auth_mechanisms, NULL);

  if (sp_reply_get_code (ehlo_reply) != 250)
    return self;

  texts = sp_reply_get_texts (ehlo_reply);
  n_lines = sp_reply_get_n_lines (ehlo_reply);

  if (n_lines > 0)
    {
      const char *p = texts[0];
      const char *start;

      while (*p == ' ')
        p++;
      start = p;
      while (*p != '\0' && *p != ' ')
        p++;
      if (p > start)
        self->server_name = g_strndup (start, p - start);
    }

  for (i = 1; i < n_lines; i++)
    parse_line (self, texts[i]);

  return self;
}

const char *
sp_capabilities_get_server_name (const SpCapabilities *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->server_name;
}

gboolean
sp_capabilities_has (const SpCapabilities *self,
                     const char           *keyword)
{
  return sp_capabilities_get_params (self, keyword) != NULL;
}

const char *
sp_capabilities_get_params (const SpCapabilities *self,
                            const char           *keyword)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (keyword != NULL, NULL);

  upper = g_ascii_strup (keyword, -1);

  return g_hash_table_lookup (self->params, upper);
}

guint64
sp_capabilities_get_size_limit (const SpCapabilities *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size_limit;
}

const char * const *
sp_capabilities_get_auth_mechanisms (const SpCapabilities *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->auth_mechanisms->pdata;
}

const char * const *
sp_capabilities_get_keywords (const SpCapabilities *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->keywords->pdata;
}
