/* fuzz-address.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The checks on what a user types: addresses, domains, EHLO names, servers
 * and ports. Whatever they accept must be safe to put on the wire. */

#define G_LOG_DOMAIN "fuzz-address"

#include "config.h"

#include "sp-address.h"

#include "fuzz-common.h"

/* Nothing that could end a command or start another may pass a check. */
static void
check_wire_safe (const char *text)
{
  FUZZ_CHECK (text != NULL);
  FUZZ_CHECK (strpbrk (text, "\r\n") == NULL);
  for (const char *p = text; *p != '\0'; p++)
    FUZZ_CHECK ((guchar) *p >= 0x20 && *p != 0x7f);
}

static void
fuzz_domain (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ascii = sp_domain_to_ascii (text, &error);
  gboolean valid = sp_domain_validate (text, NULL);

  FUZZ_CHECK ((ascii == NULL) == (error != NULL));
  FUZZ_CHECK (valid == (ascii != NULL));
  fuzz_check_error (error);

  if (ascii != NULL)
    {
      g_autofree char *again = NULL;

      check_wire_safe (ascii);
      FUZZ_CHECK (strlen (ascii) <= SP_ADDRESS_MAX_DOMAIN);
      for (const char *p = ascii; *p != '\0'; p++)
        FUZZ_CHECK (!(*p & 0x80) && !g_ascii_isupper (*p));
      /* The ASCII form is a valid domain, and its own ASCII form. */
      again = sp_domain_to_ascii (ascii, NULL);
      FUZZ_CHECK (again != NULL);
      FUZZ_CHECK (strcmp (again, ascii) == 0);
    }
}

static void
fuzz_address (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = sp_address_normalize (text, &error);
  g_autofree char *domain = sp_address_dup_domain (text);

  FUZZ_CHECK ((normalized == NULL) == (error != NULL));
  FUZZ_CHECK (sp_address_validate (text, NULL) == (normalized != NULL));
  fuzz_check_error (error);
  (void) sp_address_needs_smtputf8 (text);
  if (domain != NULL)
    FUZZ_CHECK (strchr (domain, '@') == NULL);

  if (normalized != NULL)
    {
      g_autofree char *again = NULL;

      check_wire_safe (normalized);
      FUZZ_CHECK (strlen (normalized) <= SP_ADDRESS_MAX_PATH);
      FUZZ_CHECK (strchr (normalized, '@') != NULL);
      /* Only a non-ASCII local part still needs SMTPUTF8 once the domain
       * is in ASCII. */
      FUZZ_CHECK (!sp_address_needs_smtputf8 (normalized) || sp_address_needs_smtputf8 (text));
      /* Normalizing is idempotent. */
      again = sp_address_normalize (normalized, NULL);
      FUZZ_CHECK (again != NULL);
      FUZZ_CHECK (strcmp (again, normalized) == 0);
    }
}

static void
fuzz_ehlo_name (const char *text)
{
  g_autoptr(GError) error = NULL;

  if (sp_ehlo_name_validate (text, &error))
    {
      FUZZ_CHECK (error == NULL);
      check_wire_safe (text);
      FUZZ_CHECK (strchr (text, ' ') == NULL);
    }
  else
    {
      FUZZ_CHECK (error != NULL);
      fuzz_check_error (error);
    }
}

static void
fuzz_server (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port = 25;

  if (sp_server_parse (text, &host, &port, &error))
    {
      FUZZ_CHECK (error == NULL);
      check_wire_safe (host);
      FUZZ_CHECK (host[0] != '\0');
      FUZZ_CHECK (port != 0);
    }
  else
    {
      FUZZ_CHECK (error != NULL);
      fuzz_check_error (error);
    }

  g_clear_error (&error);
  port = 0;
  if (sp_port_parse (text, &port, &error))
    FUZZ_CHECK (port != 0);
  else
    fuzz_check_error (error);
}

static void
fuzz_safe_text (const char *text)
{
  g_autoptr(GError) error = NULL;

  if (sp_text_check_safe (text, FALSE, &error))
    check_wire_safe (text);
  else
    fuzz_check_error (error);

  g_clear_error (&error);
  if (sp_text_check_safe (text, TRUE, &error))
    FUZZ_CHECK (strpbrk (text, "\r\n") == NULL);
  else
    fuzz_check_error (error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_string (data, size);

  fuzz_safe_text (text);
  fuzz_domain (text);
  fuzz_address (text);
  fuzz_ehlo_name (text);
  fuzz_server (text);

  return 0;
}
