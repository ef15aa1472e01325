/* sp-form-model-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-form-model.h"

G_BEGIN_DECLS

struct _SpFormModel
{
  GObject         parent_instance;

  /* owned references */
  SpProbeRequest *request;
  SpMxResult     *mx_result;
  SpTranscript   *transcript;
  GCancellable   *ca_file_cancellable;  /* while the CA file is being read */

  /* state */
  SpTestMode      mode;
  char           *domain;
  char           *practice;
  gboolean        custom_dns;
  char           *exchanger;
  guint           port;           /* the request's port, to tell leaving 465 */
  char           *ca_file_error;  /* why the CA file cannot be used, or NULL */
};

/* TRUE for NULL, "" and text of blanks only. */
gboolean  _sp_form_model_is_blank    (const char *text);
/* Leading and trailing blanks come from copy and paste, not intent. */
char     *_sp_form_model_dup_trimmed (const char *text);

G_END_DECLS
