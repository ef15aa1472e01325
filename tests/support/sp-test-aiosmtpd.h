/* sp-test-aiosmtpd.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * An aiosmtpd server that keeps every message it accepts, for integration
 * tests that need to see what actually arrived.
 *
 * It runs “/usr/bin/python3 -m aiosmtpd -n -l ADDRESS:PORT --no-requiretls
 * -c aiosmtpd_saver.Saver DIR HOSTNAME” with PYTHONPATH set to
 * $G_TEST_SRCDIR/support (see aiosmtpd_saver.py for the details), on a
 * loopback address and a free port. The server:
 *
 * - greets with “220 aiosmtpd.example.test Python SMTP 1.4.3” and answers
 *   EHLO with 8BITMIME, DSN and HELP (STARTTLS when a certificate is given,
 *   SMTPUTF8 and SIZE when asked for in the options);
 * - accepts any sender and recipient; it takes the DSN parameters MAIL
 *   RET=/ENVID= and RCPT NOTIFY=/ORCPT= (aiosmtpd itself would answer 555)
 *   and still answers 555 to other unknown parameters;
 * - saves each message; read them back with sp_test_aiosmtpd_dup_message().
 *
 * A start takes about 0.1 s on the reference machine (printed as a test
 * message). Without /usr/bin/python3 or its aiosmtpd module, the start fails
 * with G_IO_ERROR_NOT_SUPPORTED, which sp_test_aiosmtpd_start_or_skip()
 * turns into g_test_skip(). The server gets SIGTERM when the thread that
 * started it ends (PR_SET_PDEATHSIG), so a failed assertion does not leave
 * it running; start it from the test's main thread. Typical use:
 *
 *   g_autoptr(SpTestAiosmtpd) peer = sp_test_aiosmtpd_start_or_skip (NULL);
 *   g_autoptr(SpTestSavedMessage) message = NULL;
 *
 *   if (peer == NULL)
 *     return;
 *   ... send one message to sp_test_aiosmtpd_get_port (peer) ...
 *   g_assert_true (sp_test_aiosmtpd_wait_for_messages (peer, 1, 5000));
 *   message = sp_test_aiosmtpd_dup_message (peer, 0, &error);
 *   subject = sp_test_saved_message_dup_header (message, "Subject");
 */
typedef struct _SpTestAiosmtpd SpTestAiosmtpd;

typedef struct
{
  /* A loopback address: "127.0.0.1" (NULL), "127.0.0.2", "::1". */
  const char *address;
  /* 0 picks a free port. */
  guint16     port;
  /* The name in the banner and the EHLO reply; NULL is
   * "aiosmtpd.example.test". */
  const char *hostname;
  /* PEM files for STARTTLS; both NULL means no STARTTLS. */
  const char *tls_cert_file;
  const char *tls_key_file;
  /* With a certificate: refuse MAIL before STARTTLS (530). */
  gboolean    require_tls;
  /* Advertise and accept SMTPUTF8. */
  gboolean    smtputf8;
  /* Advertise SIZE with this limit and refuse bigger messages; 0: none. */
  guint       size_limit;
  /* With a certificate: TLS from the first byte (aiosmtpd's --smtpscert,
   * port 465 style) instead of STARTTLS. */
  gboolean    implicit_tls;
  /* Accept AUTH PLAIN and LOGIN for exactly this user and password (535 for
   * anything else). aiosmtpd offers AUTH only over TLS (STARTTLS or
   * implicit), unless auth_allow_plaintext. */
  const char *auth_user;
  const char *auth_password;
  gboolean    auth_allow_plaintext;
  /* A mechanism not to offer ("PLAIN"), to test the others; NULL: none. */
  const char *auth_exclude;
} SpTestAiosmtpdOptions;

/* One saved message. */
typedef struct
{
  char      *helo;         /* the EHLO/HELO argument */
  char      *mail_from;    /* as aiosmtpd parsed it, "<>" for the null sender */
  GStrv      mail_params;  /* MAIL parameters as the client wrote them */
  GStrv      rcpt_tos;     /* the accepted recipients, in order */
  GPtrArray *rcpt_params;  /* one GStrv per recipient, as written */
  GBytes    *data;         /* the message as it arrived: CRLF, dots undone */
  char      *auth_login;   /* the user logged in with AUTH, or NULL */
} SpTestSavedMessage;

/* Starts a server; @options may be NULL for the defaults. */
SpTestAiosmtpd     *sp_test_aiosmtpd_start              (const SpTestAiosmtpdOptions  *options,
                                                         GError                      **error);
/* Like sp_test_aiosmtpd_start(), but calls g_test_skip() and returns NULL
 * when aiosmtpd cannot run here, and fails the test on any other error. */
SpTestAiosmtpd     *sp_test_aiosmtpd_start_or_skip      (const SpTestAiosmtpdOptions  *options);
/* Stops the server by PID, removes its directory and frees @self. NULL is
 * allowed. Set SP_TEST_KEEP_TMPDIR to keep the directory. */
void                sp_test_aiosmtpd_stop               (SpTestAiosmtpd               *self);

const char         *sp_test_aiosmtpd_get_address        (SpTestAiosmtpd               *self);
guint16             sp_test_aiosmtpd_get_port           (SpTestAiosmtpd               *self);
/* Holds messages/ (the saved files) and aiosmtpd.out (its output). */
const char         *sp_test_aiosmtpd_get_dir            (SpTestAiosmtpd               *self);
guint               sp_test_aiosmtpd_get_start_ms       (SpTestAiosmtpd               *self);

/* How many messages were saved so far. */
guint               sp_test_aiosmtpd_get_n_messages     (SpTestAiosmtpd               *self);
/* Polls until at least @n messages are saved; FALSE after @timeout_ms. */
gboolean            sp_test_aiosmtpd_wait_for_messages  (SpTestAiosmtpd               *self,
                                                         guint                         n,
                                                         guint                         timeout_ms);
/* Reads the message number @index (0 is the first accepted). */
SpTestSavedMessage *sp_test_aiosmtpd_dup_message        (SpTestAiosmtpd               *self,
                                                         guint                         index,
                                                         GError                      **error);

void                sp_test_saved_message_free          (SpTestSavedMessage           *message);
/* The first header called @name (any case), unfolded and trimmed; NULL if
 * there is none. */
char               *sp_test_saved_message_dup_header    (SpTestSavedMessage           *message,
                                                         const char                   *name);
/* Everything after the blank line that ends the header, as it arrived. */
char               *sp_test_saved_message_dup_body      (SpTestSavedMessage           *message);
/* The parameters of recipient @address, or NULL when it is not a recipient. */
const char * const *sp_test_saved_message_get_rcpt_params (SpTestSavedMessage         *message,
                                                           const char                 *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpTestAiosmtpd, sp_test_aiosmtpd_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpTestSavedMessage, sp_test_saved_message_free)

G_END_DECLS
