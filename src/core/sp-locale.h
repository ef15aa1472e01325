/* sp-locale.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The user's locale and SMTP Probe's translations, for both programs: the
 * first thing main () does. The translations come from the installed
 * locale directory, or from SMTP_PROBE_LOCALEDIR when it is set and not
 * empty (the build tree's po directory: `meson devenv` sets it, and the
 * tests run the programs in each language that way). */
void         sp_locale_init          (void);
/* Where the translations are read from. */
const char  *sp_locale_get_localedir (void);

G_END_DECLS
