/* sp-diagnosis-batch.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-batch.h"
#include "sp-diagnosis.h"

/* The words of a list of targets tested in one run (sp-batch.h): what
 * each target's outcome is called, and the run in one sentence. */

const char *
sp_diagnosis_get_batch_outcome (SpBatchTargetKind kind,
                                SpVerdict         verdict)
{
  if (kind == SP_BATCH_TARGET_INVALID)
    /* Translators: the outcome of a line of a list of targets that is no
     * address, domain or server, so nothing was tested. */
    return _("Not a target");

  return sp_verdict_get_label (verdict);
}

const char *
sp_diagnosis_get_batch_outcome_under_way (void)
{
  /* Translators: the outcome of a target of a list whose test has begun
   * and not ended yet. */
  return _("Testing…");
}

char *
sp_diagnosis_dup_batch_summary (const SpBatchTally *tally)
{
  g_autofree char *n_targets = NULL;
  g_autofree char *n_accepted = NULL;
  g_autofree char *n_other = NULL;

  g_return_val_if_fail (tally != NULL, NULL);

  /* Numbers as text: a list may be longer than a plural form counts. */
  n_targets = g_strdup_printf ("%" G_GUINT64_FORMAT, tally->n_targets);
  n_accepted = g_strdup_printf ("%" G_GUINT64_FORMAT, tally->n_accepted);
  n_other = g_strdup_printf ("%" G_GUINT64_FORMAT, tally->n_targets - tally->n_accepted);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: the summary of a list of targets:
                                        * how many targets (the plural follows this
                                        * number), in how many seconds, how many took
                                        * mail and how many did not. */
                                       "%s target in %.1f s: %s took mail, %s did not.",
                                       "%s targets in %.1f s: %s took mail, %s did not.",
                                       MIN (tally->n_targets, G_MAXULONG)),
                          n_targets, tally->elapsed_usec / (double) G_USEC_PER_SEC,
                          n_accepted, n_other);
}
