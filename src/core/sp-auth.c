/* sp-auth.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-auth"

#include "config.h"

#include <string.h>

#include "sp-auth.h"

/* Called through a volatile pointer, so the compiler cannot prove the
 * stores dead and drop them before the free that follows. */
static void *(* volatile wipe_memset) (void *, int, size_t) = memset;

void
sp_auth_wipe (gpointer data,
              gsize    len)
{
  if (data != NULL && len > 0)
    wipe_memset (data, 0, len);
}

void
sp_auth_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  sp_auth_wipe (secret, strlen (secret));
  g_free (secret);
}

void
sp_auth_secret_strv_free (GStrv secrets)
{
  if (secrets == NULL)
    return;

  for (guint i = 0; secrets[i] != NULL; i++)
    sp_auth_wipe (secrets[i], strlen (secrets[i]));
  g_strfreev (secrets);
}

const char *
sp_auth_mechanism_to_string (SpAuthMechanism mechanism)
{
  switch (mechanism)
    {
    case SP_AUTH_MECHANISM_PLAIN: return "PLAIN";
    case SP_AUTH_MECHANISM_LOGIN: return "LOGIN";
    case SP_AUTH_MECHANISM_NONE:
    default:                      return NULL;
    }
}

SpAuthMechanism
sp_auth_choose_mechanism (const SpCapabilities *capabilities)
{
  const char * const *mechanisms;
  gboolean plain = FALSE;
  gboolean login = FALSE;

  if (capabilities == NULL)
    return SP_AUTH_MECHANISM_NONE;

  mechanisms = sp_capabilities_get_auth_mechanisms (capabilities);
  for (guint i = 0; mechanisms != NULL && mechanisms[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (mechanisms[i], "PLAIN") == 0)
        plain = TRUE;
      else if (g_ascii_strcasecmp (mechanisms[i], "LOGIN") == 0)
        login = TRUE;
    }

  /* PLAIN takes one round trip instead of three, and is the standard one. */
  if (plain)
    return SP_AUTH_MECHANISM_PLAIN;
  if (login)
    return SP_AUTH_MECHANISM_LOGIN;

  return SP_AUTH_MECHANISM_NONE;
}

char *
sp_auth_encode_plain (const char *user,
                      const char *password)
{
  gsize user_len;
  gsize password_len;
  gsize len;
  guchar *blob;
  char *encoded;

  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  user_len = strlen (user);
  password_len = strlen (password);
  len = 2 + user_len + password_len;

  /* RFC 4616 2: [authzid] NUL authcid NUL passwd, with no authzid. */
  blob = g_malloc (len);
  blob[0] = '\0';
  memcpy (blob + 1, user, user_len);
  blob[1 + user_len] = '\0';
  memcpy (blob + 2 + user_len, password, password_len);

  encoded = g_base64_encode (blob, len);
  sp_auth_wipe (blob, len);
  g_free (blob);

  return encoded;
}

char *
sp_auth_encode_login (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return g_base64_encode ((const guchar *) text, strlen (text));
}

GStrv
sp_auth_dup_secret_forms (const char *user,
                          const char *password)
{
  GStrv forms;

  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  forms = g_new0 (char *, 4);
  forms[0] = g_strdup (password);
  forms[1] = sp_auth_encode_login (password);
  forms[2] = sp_auth_encode_plain (user, password);

  return forms;
}

gboolean
sp_auth_contains_secret (const char         *text,
                         const char * const *secrets)
{
  if (text == NULL || secrets == NULL)
    return FALSE;

  for (guint i = 0; secrets[i] != NULL; i++)
    if (*secrets[i] != '\0' && strstr (text, secrets[i]) != NULL)
      return TRUE;

  return FALSE;
}

static gint
compare_length_descending (gconstpointer a,
                           gconstpointer b)
{
  gsize len_a = strlen (*(const char * const *) a);
  gsize len_b = strlen (*(const char * const *) b);

  return len_a < len_b ? 1 : len_a > len_b ? -1 : 0;
}

char *
sp_auth_redact (const char         *text,
                const char * const *secrets)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GPtrArray) sorted = NULL;

  if (text == NULL)
    return NULL;

  out = g_string_new (text);
  if (secrets == NULL)
    return g_string_free (g_steal_pointer (&out), FALSE);

  /* Longest first, so that a secret inside a longer one does not leave
   * the rest of the longer one behind. One pass each, so that a secret
   * that looks like the replacement cannot loop. */
  sorted = g_ptr_array_new ();
  for (guint i = 0; secrets[i] != NULL; i++)
    if (*secrets[i] != '\0')
      g_ptr_array_add (sorted, (gpointer) secrets[i]);
  g_ptr_array_sort (sorted, compare_length_descending);

  for (guint i = 0; i < sorted->len; i++)
    g_string_replace (out, g_ptr_array_index (sorted, i), SP_AUTH_REDACTED, 0);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

SpReply *
sp_auth_redact_reply (const SpReply      *reply,
                      gboolean            hide_challenge,
                      const char * const *secrets)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(SpReply) redacted = NULL;
  const char * const *lines;
  gboolean changed = FALSE;
  guint n_lines;

  g_return_val_if_fail (reply != NULL, NULL);

  lines = sp_reply_get_lines (reply);
  n_lines = sp_reply_get_n_lines (reply);

  for (guint i = 0; i < n_lines && lines[i] != NULL; i++)
    {
      g_autofree char *line = NULL;

      if (hide_challenge && sp_reply_get_code (reply) == 334 && strlen (lines[i]) > 4)
        line = g_strdup_printf ("%.4s%s", lines[i], SP_AUTH_REDACTED);
      else
        line = sp_auth_redact (lines[i], secrets);

      changed |= strcmp (line, lines[i]) != 0;
      g_string_append_printf (text, "%s%s", i > 0 ? "\r\n" : "", line);
    }

  if (!changed)
    return sp_reply_ref ((SpReply *) reply);

  redacted = sp_reply_new_from_text (text->str, NULL);
  if (redacted == NULL)
    {
      /* Never fall back to the original: a bare code says enough. */
      g_autofree char *fallback = g_strdup_printf ("%03u %s", sp_reply_get_code (reply),
                                                   SP_AUTH_REDACTED);

      redacted = sp_reply_new_from_text (fallback, NULL);
    }

  return g_steal_pointer (&redacted);
}
