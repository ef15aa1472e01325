/* sp-console-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-console.h"

G_BEGIN_DECLS

/* The step of a command line, by its verb; SP_STEP_OTHER for one the
 * console does not know (sp-console-check.c). */
SpStep          _sp_console_step_of_line  (const char     *line);
/* sp_console_check_line () for a console in @mode on @session (NULL
 * before it is connected). */
SpConsoleCheck  _sp_console_check_line_in (SpConsoleMode   mode,
                                           SpSession      *session,
                                           const char     *line,
                                           char          **suggestion);

G_END_DECLS
