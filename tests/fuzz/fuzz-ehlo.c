/* fuzz-ehlo.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The EHLO keyword parser. The input is used as the reply text when it
 * parses as a reply; otherwise each of its lines becomes the text of one
 * line of a 250 reply, so that most inputs reach the keyword parser. */

#define G_LOG_DOMAIN "fuzz-ehlo"

#include "config.h"

#include "sp-capabilities.h"

#include "fuzz-common.h"

static SpReply *
make_reply (const char *text)
{
  g_autoptr(GString) wrapped = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  SpReply *reply;
  guint n;

  reply = sp_reply_new_from_text (text, NULL);
  if (reply != NULL)
    return reply;

  lines = g_strsplit (text, "\n", SP_REPLY_MAX_LINES - 1);
  n = g_strv_length (lines);
  g_string_append (wrapped, n > 0 ? "250-" : "250 ");
  g_string_append (wrapped, "mx.example.test\r\n");
  for (guint i = 0; i < n; i++)
    {
      char *cr = strchr (lines[i], '\r');

      /* One line of the input, one line of the reply. */
      if (cr != NULL)
        *cr = '\0';
      g_string_append_printf (wrapped, "250%c%.4000s\r\n", i + 1 < n ? '-' : ' ', lines[i]);
    }

  return sp_reply_new_from_text (wrapped->str, NULL);
}

static void
check_capabilities (SpCapabilities *caps,
                    const SpReply  *reply)
{
  const char * const *keywords = sp_capabilities_get_keywords (caps);
  const char * const *mechanisms = sp_capabilities_get_auth_mechanisms (caps);
  const char *name = sp_capabilities_get_server_name (caps);

  FUZZ_CHECK (keywords != NULL);
  FUZZ_CHECK (mechanisms != NULL);
  if (sp_reply_get_code (reply) != 250)
    FUZZ_CHECK (keywords[0] == NULL);
  if (name != NULL)
    FUZZ_CHECK (g_utf8_validate (name, -1, NULL));

  for (guint i = 0; keywords[i] != NULL; i++)
    {
      g_autofree char *lower = g_ascii_strdown (keywords[i], -1);
      const char *params;

      /* Upper case, found in any case, with parameters ("" for none). */
      FUZZ_CHECK (keywords[i][0] != '\0');
      for (const char *p = keywords[i]; *p != '\0'; p++)
        FUZZ_CHECK (!g_ascii_islower (*p) && (g_ascii_isalnum (*p) || *p == '-'));
      FUZZ_CHECK (sp_capabilities_has (caps, keywords[i]));
      FUZZ_CHECK (sp_capabilities_has (caps, lower));
      params = sp_capabilities_get_params (caps, lower);
      FUZZ_CHECK (params != NULL);
      FUZZ_CHECK (g_utf8_validate (params, -1, NULL));
    }

  for (guint i = 0; mechanisms[i] != NULL; i++)
    {
      FUZZ_CHECK (mechanisms[i][0] != '\0');
      for (const char *p = mechanisms[i]; *p != '\0'; p++)
        FUZZ_CHECK (!g_ascii_islower (*p));
      for (guint j = 0; j < i; j++)
        FUZZ_CHECK (strcmp (mechanisms[i], mechanisms[j]) != 0);
    }

  if (!sp_capabilities_has (caps, "SIZE"))
    FUZZ_CHECK (sp_capabilities_get_size_limit (caps) == 0);
  FUZZ_CHECK (sp_capabilities_get_params (caps, "X-NOT-THERE-AT-ALL") == NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_string (data, size);
  g_autoptr(SpReply) reply = make_reply (text);
  g_autoptr(SpCapabilities) caps = NULL;
  g_auto(GStrv) words = NULL;

  if (reply == NULL)
    return 0;

  caps = sp_capabilities_new_from_reply (reply);
  FUZZ_CHECK (caps != NULL);
  check_capabilities (caps, reply);

  /* Lookups with whatever words the input has. */
  words = g_strsplit_set (text, " \r\n=", 64);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean has = sp_capabilities_has (caps, words[i]);
      const char *params = sp_capabilities_get_params (caps, words[i]);

      FUZZ_CHECK (has == (params != NULL));
    }

  return 0;
}
