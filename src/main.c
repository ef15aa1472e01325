/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-main"

#include "config.h"

#include "sp-application.h"
#include "sp-locale.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SpApplication) app = NULL;

  sp_locale_init ();

  app = sp_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
