/* sp-test-model-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-test-model.h"

G_BEGIN_DECLS

struct _SpTestModel
{
  GObject         parent_instance;

  /* owned references */
  SpMxResult     *mx_result;
  SpTranscript   *transcript;

  /* state */
  SpTestMode      mode;
  char           *recipient;
  char           *domain;
  char           *server;
  guint           port;
  gboolean        custom_dns;
  char           *dns_server;
  char           *exchanger;
  gboolean        all_mx;
  char           *sender;
  char           *ehlo_name;
  char           *subject;
  char           *body;
  SpNotifyFlags   dsn_notify;
  gboolean        check_only;
  guint           timeout;
  guint           max_attempts;
  guint           deadline;
  SpTlsPolicy     tls_policy;
  char           *ca_file;
  char           *ca_file_error;  /* why ca_file cannot be used, or NULL */
  GCancellable   *ca_file_cancellable;  /* while ca_file is being read */
  char           *auth_user;
  char           *auth_password;  /* NULL when none; wiped when dropped */
  gboolean        auth_allow_plaintext;
  char           *accepted_certificate;  /* for the next run only; never saved */
};

/* TRUE for NULL, "" and text of blanks only. */
gboolean  _sp_test_model_is_blank    (const char *text);
/* Leading and trailing blanks come from copy and paste, not intent. */
char     *_sp_test_model_dup_trimmed (const char *text);

G_END_DECLS
