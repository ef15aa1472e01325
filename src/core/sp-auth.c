/* sp-auth.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-auth"

#include "config.h"

#include <errno.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

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

static GMutex guard_lock;
static guint guard_holds;
static int guard_saved = -1;

void
sp_auth_guard_hold (void)
{
  g_mutex_lock (&guard_lock);
  if (guard_holds++ == 0)
    {
#ifdef __linux__
      guard_saved = prctl (PR_GET_DUMPABLE, 0, 0, 0, 0);
      if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        g_warning ("Could not keep the process from dumping core: %s", g_strerror (errno));
#endif
    }
  g_mutex_unlock (&guard_lock);
}

void
sp_auth_guard_release (void)
{
  g_mutex_lock (&guard_lock);
  if (guard_holds == 0)
    {
      g_mutex_unlock (&guard_lock);
      g_return_if_reached ();
    }
  if (--guard_holds == 0)
    {
#ifdef __linux__
      /* Only 0 and 1 can be set again; 2 (suid_dumpable) stays off. */
      if (guard_saved == 1)
        prctl (PR_SET_DUMPABLE, 1, 0, 0, 0);
#endif
      guard_saved = -1;
    }
  g_mutex_unlock (&guard_lock);
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

/* Base64 of @data as it would read @offset bytes (0 to 2) into a group of
 * three, keeping only the characters made of @data's bits alone: the
 * characters at either end also hold bits of whatever surrounds @data, so
 * they differ from one blob to the next. */
static char *
encode_aligned (const char *data,
                gsize       len,
                guint       offset)
{
  guchar *buffer = g_malloc0 (offset + len);
  char *encoded;
  gsize first;
  gsize last;
  char *pure;

  memcpy (buffer + offset, data, len);
  encoded = g_base64_encode (buffer, offset + len);
  sp_auth_wipe (buffer, offset + len);
  g_free (buffer);

  /* Character j carries bits 6j to 6j + 5 of the stream; @data has bits
   * 8 × offset to 8 × (offset + len) − 1. */
  first = (8 * offset + 5) / 6;
  last = (8 * (offset + len)) / 6;
  pure = g_strndup (encoded + first, last > first ? last - first : 0);
  sp_auth_secret_free (encoded);

  return pure;
}

/* Takes over @form. */
static void
add_form (GPtrArray *forms,
          char      *form)
{
  char *url_safe;

  for (guint i = 0; i < forms->len; i++)
    {
      if (strcmp (g_ptr_array_index (forms, i), form) == 0)
        {
          sp_auth_secret_free (form);
          return;
        }
    }
  g_ptr_array_add (forms, form);

  /* The URL-safe Base64 alphabet (RFC 4648 5) writes "+" and "/" as "-"
   * and "_"; a server that logs that way echoes the same secret. */
  if (strpbrk (form, "+/") == NULL)
    return;
  url_safe = g_strdup (form);
  g_strdelimit (url_safe, "+", '-');
  g_strdelimit (url_safe, "/", '_');
  add_form (forms, url_safe);
}

GStrv
sp_auth_dup_secret_forms (const char *user,
                          const char *password)
{
  GPtrArray *forms;
  gsize len;

  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  len = strlen (password);
  forms = g_ptr_array_new ();
  if (len > 0)
    add_form (forms, g_strdup (password));
  add_form (forms, sp_auth_encode_login (password));

  /* The PLAIN blob from its first character with bits of the password on:
   * the user name's part before it is no secret, and searching for it
   * would hide the user name's Base64 wherever it turns up. */
  {
    char *blob = sp_auth_encode_plain (user, password);
    gsize first = (8 * (2 + strlen (user))) / 6;

    add_form (forms, g_strdup (blob + MIN (first, strlen (blob))));
    sp_auth_secret_free (blob);
  }

  /* The password inside any other Base64 text (a server that decodes the
   * PLAIN blob and encodes a part of it again, say) reads as one of these
   * three, whatever comes before it. Shorter runs than a fragment would
   * match ordinary words, and the full forms above cover them. */
  for (guint offset = 0; offset < 3 && len > 0; offset++)
    {
      char *pure = encode_aligned (password, len, offset);

      if (strlen (pure) >= SP_AUTH_MIN_FRAGMENT)
        add_form (forms, pure);
      else
        sp_auth_secret_free (pure);
    }

  g_ptr_array_add (forms, NULL);

  return (GStrv) g_ptr_array_free (forms, FALSE);
}

/* The characters of Base64 in either alphabet, with its padding. */
static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '-' || c == '_' || c == '=';
}

static guint64
pack_gram (const char *p)
{
  guint64 gram;

  G_STATIC_ASSERT (SP_AUTH_MIN_FRAGMENT == sizeof gram);
  memcpy (&gram, p, sizeof gram);

  return gram;
}

/* The keys of the table of windows are pieces of the secrets. */
static void
free_gram (gpointer gram)
{
  sp_auth_wipe (gram, sizeof (guint64));
  g_free (gram);
}

/* Sets marks[i] for every byte of @text that belongs to a piece of a
 * secret.
 *
 * The rule: every run of SP_AUTH_MIN_FRAGMENT (eight) or more characters
 * that appears in any of @secrets is marked, wherever it starts in the
 * secret: a server may echo the blob without its padding, from the middle,
 * or cut short. Marking every window of eight characters that is a window
 * of a secret marks each such run whole, since all of its windows are
 * windows of the secret. A secret shorter than that is marked where it
 * appears whole.
 *
 * Why eight: shorter pieces of a password made of words ("Pass", "word",
 * "2024") would hide the same words in every reply after the login, the
 * server's "Password not accepted" included. Anything that splits an echo
 * is dealt with elsewhere: the lines of a reply are searched as one text,
 * and error messages quote text only after it was redacted, so a cut
 * cannot shorten a piece below eight. What can remain is a piece of at
 * most seven characters that the server itself chose to send alone, which
 * is no echo; and widen_marks () hides the whole Base64 word around any
 * piece found. */
static void
mark_secrets (const char         *text,
              gsize               len,
              const char * const *secrets,
              guint8             *marks)
{
  g_autoptr(GHashTable) grams = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                       free_gram, NULL);
  gsize i;

  for (guint s = 0; secrets[s] != NULL; s++)
    {
      const char *secret = secrets[s];
      gsize secret_len = strlen (secret);

      if (secret_len == 0)
        continue;

      if (secret_len >= SP_AUTH_MIN_FRAGMENT)
        {
          for (i = 0; i + SP_AUTH_MIN_FRAGMENT <= secret_len; i++)
            {
              guint64 *gram = g_new (guint64, 1);

              *gram = pack_gram (secret + i);
              g_hash_table_add (grams, gram);
            }
          continue;
        }

      for (i = 0; i + secret_len <= len; i++)
        if (memcmp (text + i, secret, secret_len) == 0)
          memset (marks + i, 1, secret_len);
    }

  if (g_hash_table_size (grams) > 0)
    {
      for (i = 0; i + SP_AUTH_MIN_FRAGMENT <= len; i++)
        {
          guint64 gram = pack_gram (text + i);

          if (g_hash_table_contains (grams, &gram))
            memset (marks + i, 1, SP_AUTH_MIN_FRAGMENT);
        }
    }
}

/* Marks the whole of every run of Base64 characters in @text[@start..@end)
 * that holds a mark: its first and last characters may mix bits of the
 * password with bits of what surrounds it, and what is left of a blob once
 * the password's part is gone (the user name's part, the padding) is no use
 * to the reader. A run ends with its line. */
static void
widen_marks (const char *text,
             gsize       start,
             gsize       end,
             guint8     *marks)
{
  for (gsize i = start; i < end;)
    {
      gsize run = i;
      gboolean marked = FALSE;

      if (!is_base64_char (text[i]))
        {
          i++;
          continue;
        }
      while (i < end && is_base64_char (text[i]))
        marked |= marks[i++] != 0;
      if (marked)
        memset (marks + run, 1, i - run);
    }
}

/* Appends @text[@start..@end) to @out with every marked run replaced. */
static void
append_redacted (GString      *out,
                 const char   *text,
                 const guint8 *marks,
                 gsize         start,
                 gsize         end)
{
  for (gsize i = start; i < end;)
    {
      if (!marks[i])
        {
          g_string_append_c (out, text[i++]);
          continue;
        }
      g_string_append (out, SP_AUTH_REDACTED);
      while (i < end && marks[i])
        i++;
    }
}

/* How much of @line is its reply code and separator ("250-"), which
 * redaction leaves alone so that the reply stays a reply. */
static gsize
code_length (const char *line)
{
  if (!g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1]) || !g_ascii_isdigit (line[2]))
    return 0;
  if (line[3] == '\0')
    return 3;
  if (line[3] == ' ' || line[3] == '-')
    return 4;

  return 0;
}

GStrv
sp_auth_redact_lines (const char * const *lines,
                      guint               n_lines,
                      gboolean            keep_codes,
                      const char * const *secrets)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autofree gsize *starts = g_new0 (gsize, n_lines + 1);
  g_autofree gsize *skips = g_new0 (gsize, n_lines);
  g_autofree guint8 *marks = NULL;
  GStrv out;

  g_return_val_if_fail (lines != NULL || n_lines == 0, NULL);

  /* The texts are searched as one, so that an echo split over two lines
   * is found as well as one on a single line. */
  for (guint i = 0; i < n_lines; i++)
    {
      skips[i] = keep_codes ? code_length (lines[i]) : 0;
      starts[i] = joined->len;
      g_string_append (joined, lines[i] + skips[i]);
    }
  starts[n_lines] = joined->len;

  marks = g_malloc0 (joined->len + 1);
  if (secrets != NULL)
    mark_secrets (joined->str, joined->len, secrets, marks);
  for (guint i = 0; i < n_lines; i++)
    widen_marks (joined->str, starts[i], starts[i + 1], marks);

  out = g_new0 (char *, n_lines + 1);
  for (guint i = 0; i < n_lines; i++)
    {
      GString *line = g_string_new_len (lines[i], skips[i]);

      append_redacted (line, joined->str, marks, starts[i], starts[i + 1]);
      out[i] = g_string_free (line, FALSE);
    }

  sp_auth_wipe (joined->str, joined->len);

  return out;
}

gboolean
sp_auth_contains_secret (const char         *text,
                         const char * const *secrets)
{
  g_autofree guint8 *marks = NULL;
  gsize len;

  if (text == NULL || secrets == NULL)
    return FALSE;

  len = strlen (text);
  marks = g_malloc0 (len + 1);
  mark_secrets (text, len, secrets, marks);

  return memchr (marks, 1, len) != NULL;
}

char *
sp_auth_redact (const char         *text,
                const char * const *secrets)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return NULL;

  lines = sp_auth_redact_lines (&text, 1, FALSE, secrets);

  return g_steal_pointer (&lines[0]);
}

SpReply *
sp_auth_redact_reply (const SpReply      *reply,
                      gboolean            hide_challenge,
                      const char * const *secrets)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(SpReply) redacted = NULL;
  g_auto(GStrv) lines = NULL;
  const char * const *original;
  gboolean changed = FALSE;
  guint n_lines;

  g_return_val_if_fail (reply != NULL, NULL);

  original = sp_reply_get_lines (reply);
  n_lines = sp_reply_get_n_lines (reply);
  lines = sp_auth_redact_lines (original, n_lines, TRUE, secrets);

  for (guint i = 0; i < n_lines; i++)
    {
      if (hide_challenge && sp_reply_get_code (reply) == 334 && strlen (lines[i]) > 4)
        {
          char *hidden = g_strdup_printf ("%.4s%s", lines[i], SP_AUTH_REDACTED);

          g_free (lines[i]);
          lines[i] = hidden;
        }

      changed |= strcmp (lines[i], original[i]) != 0;
      g_string_append_printf (text, "%s%s", i > 0 ? "\r\n" : "", lines[i]);
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
