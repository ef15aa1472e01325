/* sp-locale.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-locale"

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "sp-locale.h"

const char *
sp_locale_get_localedir (void)
{
  const char *dir = g_getenv ("SMTP_PROBE_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

void
sp_locale_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, sp_locale_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
