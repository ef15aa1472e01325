/* test-secrets.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The password against servers that echo it back, break the AUTH
 * exchange, or outlive it; and the process while it holds the password. */

#define G_LOG_DOMAIN "test-secrets"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sp-auth.h"
#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-scripted-server.h"
#include "sp-test-certs.h"
#include "sp-test-cli.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

/* The Base64 forms of this login have no "/" or "+" that an export could
 * escape, so searching for them is a real search (checked in
 * secrets_new ()). */
#define USER     "kate@example.org"
#define PASSWORD "Corr3ct-Horse-42"

/* The test's own idea of every form of the password, made here rather than
 * with the code under test: the password, its Base64 (the LOGIN answer),
 * the PLAIN blob, and the password's Base64 one and two bytes into a group
 * (what a server that encodes a part of the blob again would show). */
typedef struct
{
  char *password;
  char *password64;
  char *blob;
  char *aligned1;   /* Base64 of "x" + password, whole */
  char *aligned2;   /* Base64 of "xy" + password, whole */
  char *user64;
  char *forms[5];   /* the pieces of the above that hold only the password */
} Secrets;

/* The characters of Base64 of @prefix + @password that hold only the
 * password's bits. */
static char *
pure_part (const char *encoded,
           gsize       prefix_len,
           gsize       password_len)
{
  gsize first = (8 * prefix_len + 5) / 6;
  gsize last = (8 * (prefix_len + password_len)) / 6;

  return g_strndup (encoded + first, last - first);
}

static char *
encode_with_prefix (const char *prefix,
                    const char *password)
{
  g_autofree char *joined = g_strconcat (prefix, password, NULL);

  return g_base64_encode ((const guchar *) joined, strlen (joined));
}

static Secrets *
secrets_new (void)
{
  Secrets *secrets = g_new0 (Secrets, 1);
  g_autoptr(GByteArray) blob = g_byte_array_new ();

  g_byte_array_append (blob, (const guint8 *) "", 1);
  g_byte_array_append (blob, (const guint8 *) USER, strlen (USER));
  g_byte_array_append (blob, (const guint8 *) "", 1);
  g_byte_array_append (blob, (const guint8 *) PASSWORD, strlen (PASSWORD));

  secrets->password = g_strdup (PASSWORD);
  secrets->password64 = g_base64_encode ((const guchar *) PASSWORD, strlen (PASSWORD));
  secrets->blob = g_base64_encode (blob->data, blob->len);
  secrets->aligned1 = encode_with_prefix ("x", PASSWORD);
  secrets->aligned2 = encode_with_prefix ("xy", PASSWORD);
  secrets->user64 = g_base64_encode ((const guchar *) USER, strlen (USER));

  secrets->forms[0] = g_strdup (PASSWORD);
  secrets->forms[1] = g_strdup (secrets->password64);
  /* The blob's part from the password on: what comes before is the user. */
  secrets->forms[2] = pure_part (secrets->blob, 2 + strlen (USER), strlen (PASSWORD));
  secrets->forms[3] = pure_part (secrets->aligned1, 1, strlen (PASSWORD));
  secrets->forms[4] = pure_part (secrets->aligned2, 2, strlen (PASSWORD));

  for (guint i = 0; i < G_N_ELEMENTS (secrets->forms); i++)
    {
      g_assert_null (strpbrk (secrets->forms[i], "/+&<>\"\\"));
      g_assert_cmpuint (strlen (secrets->forms[i]), >=, 16);
    }
  g_assert_null (strpbrk (secrets->blob, "/+"));
  g_assert_null (strpbrk (secrets->aligned1, "/+"));
  /* The blob ends in padding, so an echo without it is a different text. */
  g_assert_true (g_str_has_suffix (secrets->blob, "="));

  return secrets;
}

static void
secrets_free (Secrets *secrets)
{
  g_free (secrets->password);
  g_free (secrets->password64);
  g_free (secrets->blob);
  g_free (secrets->aligned1);
  g_free (secrets->aligned2);
  g_free (secrets->user64);
  for (guint i = 0; i < G_N_ELEMENTS (secrets->forms); i++)
    g_free (secrets->forms[i]);
  g_free (secrets);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Secrets, secrets_free)

/* No piece of eight characters of any form of the password in @text. */
static void
assert_clean (const Secrets *secrets,
              const char    *what,
              const char    *text)
{
  g_assert_nonnull (text);

  for (guint i = 0; i < G_N_ELEMENTS (secrets->forms); i++)
    {
      const char *form = secrets->forms[i];

      for (gsize start = 0; start + 8 <= strlen (form); start++)
        {
          g_autofree char *piece = g_strndup (form + start, 8);

          if (strstr (text, piece) != NULL)
            g_error ("%s shows “%s”, a piece of form %u of the password:\n%s",
                     what, piece, i, text);
        }
    }
}

/* @template with {NAME} replaced by the secrets and their pieces. */
static char *
expand (const char    *template,
        const Secrets *secrets)
{
  g_autoptr(GString) out = g_string_new (template);
  g_autofree char *blob_nopad = g_strndup (secrets->blob, strcspn (secrets->blob, "="));
  g_autofree char *pw64_nopad = g_strndup (secrets->password64,
                                           strcspn (secrets->password64, "="));
  gsize half = strlen (blob_nopad) / 2;
  gsize quarter = strlen (pw64_nopad) / 4;
  g_autofree char *blob_a = g_strndup (blob_nopad, half);
  g_autofree char *pw64_q1 = g_strndup (pw64_nopad, quarter);
  g_autofree char *pw64_q2 = g_strndup (pw64_nopad + quarter, quarter);
  g_autofree char *pw64_q3 = g_strndup (pw64_nopad + 2 * quarter, quarter);
  const struct { const char *name; const char *value; } words[] = {
    { "{BLOB}", secrets->blob },
    { "{BLOB_NOPAD}", blob_nopad },
    { "{BLOB_A}", blob_a },
    { "{BLOB_B}", blob_nopad + half },
    { "{PW}", secrets->password },
    { "{PW64}", secrets->password64 },
    { "{PW64_NOPAD}", pw64_nopad },
    { "{PW64_Q1}", pw64_q1 },
    { "{PW64_Q2}", pw64_q2 },
    { "{PW64_Q3}", pw64_q3 },
    { "{PW64_Q4}", pw64_nopad + 3 * quarter },
    { "{ALIGN1}", secrets->aligned1 },
    { "{ALIGN2}", secrets->aligned2 },
    { "{USER64}", secrets->user64 },
  };

  /* The split pieces must be too short to be found one by one. */
  g_assert_cmpuint (quarter, <, 8);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    g_string_replace (out, words[i].name, words[i].value, 0);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define EHLO_PLAIN "on EHLO => 250-mx.example.test\\n250-AUTH PLAIN LOGIN\\n250 8BITMIME\n"
#define EHLO_LOGIN "on EHLO => 250-mx.example.test\\n250-AUTH LOGIN\\n250 8BITMIME\n"

/* Everything a probe kept, said and exports. */
static void
assert_transcript_clean (const Secrets *secrets,
                         SpTranscript  *transcript)
{
  static const SpExportFormat formats[] = {
    SP_EXPORT_FORMAT_TEXT, SP_EXPORT_FORMAT_HTML, SP_EXPORT_FORMAT_JSON
  };
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_transcript (transcript);

  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    assert_clean (secrets, "a log entry", sp_transcript_get_entry (transcript, i)->text);

  for (guint a = 0; a < sp_transcript_get_n_attempts (transcript); a++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, a);

      if (sp_attempt_get_detail (attempt) != NULL)
        assert_clean (secrets, "the attempt's result", sp_attempt_get_detail (attempt));
      for (guint s = 0; s < sp_attempt_get_n_steps (attempt); s++)
        {
          SpStepRecord *step = sp_attempt_get_step (attempt, s);

          if (sp_step_record_get_command (step) != NULL)
            assert_clean (secrets, "a step's command", sp_step_record_get_command (step));
          if (sp_step_record_get_error (step) != NULL)
            assert_clean (secrets, "a step's error", sp_step_record_get_error (step)->message);
          if (sp_step_record_get_reply (step) != NULL)
            {
              const char * const *lines = sp_reply_get_lines (sp_step_record_get_reply (step));
              const char * const *texts = sp_reply_get_texts (sp_step_record_get_reply (step));

              for (guint l = 0; l < sp_reply_get_n_lines (sp_step_record_get_reply (step)); l++)
                {
                  assert_clean (secrets, "a step's reply", lines[l]);
                  assert_clean (secrets, "a step's reply text", texts[l]);
                }
            }
        }
    }

  if (sp_transcript_get_verdict_detail (transcript) != NULL)
    assert_clean (secrets, "the verdict", sp_transcript_get_verdict_detail (transcript));
  if (explanation != NULL)
    assert_clean (secrets, "the explanation", sp_explanation_get_meaning (explanation));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *exported = sp_export_to_string (transcript, formats[i]);

      assert_clean (secrets, "an export", exported);
    }
}

static SpProbeRequest *
request_for (SpScriptedServer *server)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->server = g_strdup ("127.0.0.1");
  request->port = sp_scripted_server_get_port (server);
  request->timeout_ms = 10000;
  request->tls = SP_TLS_POLICY_OFF;
  request->auth_user = g_strdup (USER);
  request->auth_password = g_strdup (PASSWORD);
  request->auth_allow_plaintext = TRUE;

  return request;
}

/* Runs the CLI three ways (the live log with a text file, JSON with an
 * HTML file, and a JSON file), searches everything it wrote, and returns
 * the live run's output in @live and the JSON in @json. */
static void
run_cli_everywhere (const Secrets      *secrets,
                    const char * const *base_args,
                    int                 status,
                    SpTestCliResult    *live,
                    SpTestCliResult    *json)
{
  static const char * const outputs[] = { "log.txt", "log.html", "log.json" };
  g_autofree char *dir = sp_test_make_tmpdir ("secrets");

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *path = g_build_filename (dir, outputs[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_auto(SpTestCliResult) r = { 0 };

      for (guint a = 0; base_args[a] != NULL; a++)
        g_ptr_array_add (args, (gpointer) base_args[a]);
      g_ptr_array_add (args, (gpointer) "--output");
      g_ptr_array_add (args, path);
      if (i == 1)
        g_ptr_array_add (args, (gpointer) "--json");
      g_ptr_array_add (args, (gpointer) "kate@example.test");
      g_ptr_array_add (args, NULL);

      process = sp_test_cli_spawn (NULL, (const char * const *) args->pdata, PASSWORD, NULL);
      sp_test_cli_wait (process, &r);
      g_test_message ("%s\nstdout:\n%s\nstderr:\n%s", outputs[i], r.out, r.err);
      g_assert_cmpint (r.status, ==, status);
      assert_clean (secrets, "stdout", r.out);
      assert_clean (secrets, "stderr", r.err);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      assert_clean (secrets, outputs[i], contents);

      if (i < 2)
        {
          SpTestCliResult *keep = i == 0 ? live : json;

          *keep = r;
          memset (&r, 0, sizeof r);
        }
    }

  sp_test_rm_rf (dir);
}

/* One scenario, run by a probe in this process and by the CLI. */
typedef struct
{
  Secrets          *secrets;
  SpScriptedServer *server;
  SpProbe          *probe;
  SpTestCliResult   live;
  SpTestCliResult   json;
} Scene;

static void
scene_clear (Scene *scene)
{
  g_clear_pointer (&scene->secrets, secrets_free);
  g_clear_object (&scene->probe);
  g_clear_object (&scene->server);
  sp_test_cli_result_clear (&scene->live);
  sp_test_cli_result_clear (&scene->json);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scene, scene_clear)

/* Runs a probe against a server that plays @template (see expand ()),
 * and checks that nothing it kept or exports shows the password. */
static SpTranscript *
scene_run_probe (Scene      *scene,
                 const char *template)
{
  g_autofree char *scenario = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  SpTranscript *transcript;

  scene->secrets = secrets_new ();
  scenario = expand (template, scene->secrets);
  scene->server = sp_test_scripted_start (scenario);
  request = request_for (scene->server);
  scene->probe = sp_test_probe_run (request);
  transcript = sp_probe_get_transcript (scene->probe);
  sp_test_transcript_dump (transcript);
  assert_transcript_clean (scene->secrets, transcript);

  return transcript;
}

/* The same with the CLI, see run_cli_everywhere (). */
static void
scene_run_cli (Scene *scene,
               int    status)
{
  g_autofree char *server_text = g_strdup_printf ("127.0.0.1:%u",
                                                  sp_scripted_server_get_port (scene->server));
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                         "--tls", "off", "--auth-user", USER, "--auth-allow-plaintext",
                         "--timeout", "10", NULL };

  run_cli_everywhere (scene->secrets, args, status, &scene->live, &scene->json);
}

/* The echo cases: each server shows the password back in another way. */

typedef struct
{
  const char *path;
  const char *scenario;    /* with {NAME}s, see expand () */
  SpVerdict   verdict;
  SpStep      step;
  int         status;      /* of the CLI */
  const char *shown;       /* what the live log must show, or NULL */
} EchoCase;

static const EchoCase echo_cases[] = {
  { "/sp/secrets/echo/unpadded",
    EHLO_PLAIN "on AUTH PLAIN * => 535 5.7.8 Authentication failed for {BLOB_NOPAD}\n",
    SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, 13, "S: 535 5.7.8 Authentication failed for ********" },
  { "/sp/secrets/echo/split",
    EHLO_PLAIN "on AUTH PLAIN * => 535-5.7.8 Authentication failed for {BLOB_A}\\n"
    "535 5.7.8 {BLOB_B} is not valid\n",
    SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, 13, "S: 535 5.7.8 ******** is not valid" },
  /* Not SMTP: the error message quotes the first 80 characters, which
   * end in the middle of the blob's part with the password. */
  { "/sp/secrets/echo/quote-cut",
    EHLO_PLAIN "on AUTH PLAIN * => raw Authentication failed, you sent us this: {BLOB}\\r\\n\n",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_AUTH, 13, "not an SMTP reply" },
  /* A reply that changes its code half way: the error quotes its line. */
  { "/sp/secrets/echo/long-error",
    EHLO_PLAIN "on AUTH PLAIN * => 535-5.7.8 Authentication failed\\n"
    "534 5.7.9 We expected something else than {PW64_NOPAD} and {BLOB} here\n",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_AUTH, 13, "continued it with code 534" },
  /* The server decoded the blob, and encoded parts of it again. */
  { "/sp/secrets/echo/decoded",
    EHLO_PLAIN "on AUTH PLAIN * => 535 5.7.8 Bad login " USER "/{PW} ({ALIGN1} {ALIGN2})\n",
    SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, 13, "S: 535 5.7.8 Bad login" },
  /* Logged in; the echo comes at MAIL FROM and RCPT TO. */
  { "/sp/secrets/echo/after-login",
    EHLO_PLAIN "on AUTH PLAIN * => 235 2.7.0 Authentication successful\n"
    "on MAIL => 250 2.1.0 Sender ok, you logged in with {BLOB_NOPAD}\n"
    "on RCPT => 550 5.1.1 No such user here; {PW} and {PW64} are wrong\n",
    SP_VERDICT_PERMANENT, SP_STEP_RCPT, 8, "S: 250 2.1.0 Sender ok, you logged in with ********" },
  /* LOGIN, with the password's answer quoted back in pieces too short to
   * find one by one. */
  { "/sp/secrets/echo/login-pieces",
    EHLO_LOGIN "on AUTH LOGIN => 334 VXNlcm5hbWU6\n"
    "on {USER64} => 334 UGFzc3dvcmQ6\n"
    "on {PW64} => 535-5.7.8 You sent {PW64_Q1}\\n535-{PW64_Q2}\\n535-{PW64_Q3}\\n"
    "535 5.7.8 {PW64_Q4} which is wrong\n",
    SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, 13, "“Username:”" },
  /* The server's second question is the password itself. */
  { "/sp/secrets/echo/challenge",
    EHLO_LOGIN "on AUTH LOGIN => 334 VXNlcm5hbWU6\n"
    "on {USER64} => 334 {PW64}\n"
    "on {PW64} => 235 2.7.0 Authentication successful\n",
    SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, 0, "S: 334 ********" },
};

static void
test_echo (gconstpointer data)
{
  const EchoCase *c = data;
  g_auto(Scene) scene = { 0 };
  SpTranscript *transcript = scene_run_probe (&scene, c->scenario);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, c->verdict);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, c->step);
  /* The password did reach the server. */
  g_assert_true (sp_test_received_has_prefix (scene.server, "AUTH PLAIN ") ||
                 sp_test_received_has (scene.server, scene.secrets->password64));

  scene_run_cli (&scene, c->status);
  g_assert_nonnull (strstr (scene.live.out, c->shown));
}

/* The AUTH exchange itself: success too early, questions without end. */

typedef struct
{
  const char *path;
  const char *scenario;
  const char *error;     /* in the step's error */
} ExchangeCase;

static const ExchangeCase exchange_cases[] = {
  { "/sp/secrets/exchange/login-235-at-once",
    EHLO_LOGIN "on AUTH LOGIN => 235 2.7.0 Authentication successful\n",
    "before the password was sent" },
  { "/sp/secrets/exchange/login-235-after-user",
    EHLO_LOGIN "on AUTH LOGIN => 334 VXNlcm5hbWU6\n"
    "on {USER64} => 235 2.7.0 Authentication successful\n",
    "before the password was sent" },
  { "/sp/secrets/exchange/login-endless-334",
    EHLO_LOGIN "on AUTH LOGIN => 334 VXNlcm5hbWU6\n"
    "on * => 334 UGFzc3dvcmQ6\n",
    "has no further step" },
  { "/sp/secrets/exchange/plain-334",
    EHLO_PLAIN "on * => 334\n",
    "has no further step" },
};

static void
test_exchange (gconstpointer data)
{
  const ExchangeCase *c = data;
  g_auto(Scene) scene = { 0 };
  SpTranscript *transcript = scene_run_probe (&scene, c->scenario);
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_transcript (transcript);
  SpAttempt *attempt = sp_transcript_get_attempt (transcript, 0);
  SpStepRecord *step = sp_diagnosis_find_deciding_step (transcript, NULL);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_PROTOCOL_ERROR);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_AUTH);
  g_assert_false (sp_attempt_get_authenticated (attempt));
  g_assert_false (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "Logged in"));
  g_assert_false (sp_test_received_has_prefix (scene.server, "MAIL"));
  g_assert_nonnull (step);
  g_assert_cmpint (sp_step_record_get_step (step), ==, SP_STEP_AUTH);
  g_assert_nonnull (sp_step_record_get_error (step));
  g_assert_nonnull (strstr (sp_step_record_get_error (step)->message, c->error));
  /* Explained as a login problem. */
  g_assert_nonnull (explanation);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "auth-exchange-broken");

  scene_run_cli (&scene, 13);
  g_assert_null (strstr (scene.live.out, "Logged in"));
  g_assert_nonnull (strstr (scene.live.out, "The login (AUTH) did not follow the rules"));
  g_assert_nonnull (strstr (scene.json.out, "\"auth-exchange-broken\""));
}

/* The server's LOGIN prompts show decoded; what the client sent does not. */
static void
test_login_prompts (void)
{
  g_auto(Scene) scene = { 0 };
  SpTranscript *transcript = scene_run_probe (&scene, EHLO_LOGIN
                                              "on AUTH LOGIN => 334 VXNlcm5hbWU6\n"
                                              "on {USER64} => 334 UGFzc3dvcmQ6\n"
                                              "on {PW64} => 235 2.7.0 Authentication "
                                              "successful\n");

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_true (sp_attempt_get_authenticated (sp_transcript_get_attempt (transcript, 0)));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_SERVER, "334 VXNlcm5hbWU6"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "The server asks for “Username:”."));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "The server asks for “Password:”."));
  g_assert_false (sp_test_transcript_has (transcript, SP_DIRECTION_CLIENT,
                                          scene.secrets->user64));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "Logged in as " USER));
}

/* The redaction rule on its own: every form, any piece of eight or more,
 * over line ends; ordinary words stay. */
static void
test_redact_rule (void)
{
  g_autoptr(Secrets) secrets = secrets_new ();
  g_auto(GStrv) forms = sp_auth_dup_secret_forms (USER, PASSWORD);
  const char * const *f = (const char * const *) forms;

  for (guint i = 0; i < G_N_ELEMENTS (secrets->forms); i++)
    {
      const char *form = secrets->forms[i];

      for (gsize start = 0; start + 8 <= strlen (form); start++)
        for (gsize len = 8; start + len <= strlen (form); len++)
          {
            g_autofree char *piece = g_strndup (form + start, len);
            g_autofree char *text = g_strdup_printf ("535 5.7.8 bad (%s) login", piece);
            g_autofree char *redacted = sp_auth_redact (text, f);

            assert_clean (secrets, "a redacted text", redacted);
            g_assert_true (g_str_has_prefix (redacted, "535 5.7.8 bad ("));
            g_assert_true (g_str_has_suffix (redacted, ") login"));
          }
    }

  /* Split over lines at every place, the code of each line kept. */
  for (gsize cut = 1; cut < strlen (secrets->blob); cut++)
    {
      g_autofree char *first = g_strdup_printf ("535-5.7.8 you sent %.*s", (int) cut,
                                                secrets->blob);
      g_autofree char *second = g_strdup_printf ("535 5.7.8 %s, bye", secrets->blob + cut);
      const char *lines[] = { first, second };
      g_auto(GStrv) redacted = sp_auth_redact_lines (lines, 2, TRUE, f);

      assert_clean (secrets, "a redacted line", redacted[0]);
      assert_clean (secrets, "a redacted line", redacted[1]);
      g_assert_true (g_str_has_prefix (redacted[0], "535-5.7.8 you sent "));
      g_assert_true (g_str_has_prefix (redacted[1], "535 5.7.8 "));
      g_assert_true (g_str_has_suffix (redacted[1], ", bye"));
    }

  /* A password shorter than a piece is hidden where it appears whole; an
   * empty one has no forms that could hide anything else. */
  {
    g_auto(GStrv) short_forms = sp_auth_dup_secret_forms ("kate", "s3c");
    g_auto(GStrv) empty_forms = sp_auth_dup_secret_forms ("kate", "");
    g_autofree char *text = sp_auth_redact ("535 you sent s3c, try again",
                                            (const char * const *) short_forms);
    g_autofree char *same = sp_auth_redact ("535 5.7.8 no", (const char * const *) empty_forms);

    g_assert_cmpstr (text, ==, "535 you sent ********, try again");
    g_assert_cmpstr (same, ==, "535 5.7.8 no");
  }

  /* The words of a password are not hidden in the server's own text. */
  {
    g_autofree char *text = sp_auth_redact ("535 5.7.8 Password not accepted for Horse", f);

    g_assert_cmpstr (text, ==, "535 5.7.8 Password not accepted for Horse");
  }
}

/* The core dump guard */

/* Whether the process may dump core: the kernel gives the files in
 * /proc/PID to root instead of the process's user while it may not
 * (proc(5), "/proc/pid"; task_dump_owner () in fs/proc/base.c). That is
 * only visible for a process that does not run as root, so the CLI runs
 * as "nobody" when this test runs as root. */
static gboolean
pid_is_dumpable (GPid  pid,
                 uid_t uid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (st.st_uid == uid || st.st_uid == 0);

  return st.st_uid == uid;
}

/* The CLI with a password is not dumpable while it waits for the server;
 * without one, the same check sees a dumpable process, so the check can
 * tell. */
static void
test_no_core_dump_cli (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (
    EHLO_PLAIN "on AUTH PLAIN * => 235 2.7.0 Authentication successful\n"
    "on MAIL => delay 3000 250 2.1.0 Ok\n");
  g_autofree char *server_text = g_strdup_printf ("127.0.0.1:%u",
                                                  sp_scripted_server_get_port (server));
  g_autofree char *dir = NULL;
  g_autofree char *cli = NULL;
  g_autofree char *contents = NULL;
  const struct passwd *nobody = NULL;
  uid_t uid = getuid ();
  gsize size;
  g_autoptr(GError) error = NULL;
  const char *with_login[] = { "--server", server_text, "--from", "helpdesk@example.org",
                               "--tls", "off", "--auth-user", USER, "--auth-allow-plaintext",
                               "kate@example.test", NULL };
  const char *without[] = { "--server", server_text, "--from", "helpdesk@example.org",
                            "--tls", "off", "kate@example.test", NULL };

  /* A copy that "nobody" can run, wherever the build directory is. */
  dir = g_dir_make_tmp ("sp-secrets-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  cli = g_build_filename (dir, "smtp-probe-cli", NULL);
  g_assert_true (g_file_get_contents (g_getenv ("SMTP_PROBE_CLI"), &contents, &size, NULL));
  g_assert_true (g_file_set_contents_full (cli, contents, size, G_FILE_SET_CONTENTS_NONE, 0755,
                                           &error));
  g_assert_no_error (error);

  if (uid == 0)
    {
      nobody = getpwnam ("nobody");
      if (nobody == NULL)
        {
          g_test_skip ("There is no user “nobody” to run the CLI as.");
          sp_test_rm_rf (dir);
          return;
        }
      uid = nobody->pw_uid;
    }

  for (guint round = 0; round < 2; round++)
    {
      gboolean login = round == 0;
      g_autoptr(GSubprocess) process = NULL;
      g_auto(SpTestCliResult) r = { 0 };
      GPid pid;
      guint before = sp_scripted_server_get_received (server)->len;
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

      process = sp_test_cli_spawn (cli, login ? with_login : without, login ? PASSWORD : NULL,
                                   nobody);
      pid = (GPid) atoi (g_subprocess_get_identifier (process));
      sp_test_cli_watch (process, &r);

      /* Until the MAIL FROM that the server answers slowly has arrived. */
      while (!r.done && g_get_monotonic_time () < deadline &&
             !sp_test_received_has_prefix (server, "MAIL"))
        g_main_context_iteration (NULL, TRUE);
      g_assert_false (r.done);
      g_assert_cmpuint (sp_scripted_server_get_received (server)->len, >, before);

      if (login)
        g_assert_false (pid_is_dumpable (pid, uid));
      else
        g_assert_true (pid_is_dumpable (pid, uid));

      g_assert_true (sp_test_iterate_until (&r.done, 30000));
      g_test_message ("stdout:\n%s\nstderr:\n%s", r.out, r.err);
      g_assert_cmpint (r.status, ==, 0);
      g_ptr_array_set_size (sp_scripted_server_get_received (server), 0);
    }

  sp_test_rm_rf (dir);
}

/* In this process: a probe with a password holds the guard until the test
 * has ended and the password is wiped. */
static void
test_no_core_dump_probe (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (
    EHLO_PLAIN "on AUTH PLAIN * => 235 2.7.0 Authentication successful\n");
  g_autoptr(SpProbeRequest) request = request_for (server);
  g_autoptr(SpProbe) probe = NULL;
  SpTestProbeRun r = { 0 };

  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);
  probe = sp_probe_new (request);
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 30000));
  g_assert_no_error (r.error);
  g_assert_null (sp_probe_get_request (probe)->auth_password);
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);

  /* Without a password nothing changes. */
  g_clear_object (&probe);
  sp_probe_request_clear_password (request);
  probe = sp_probe_new (request);
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);
}

/* Over STARTTLS with a certificate that validates, against a server that
 * echoes the blob unpadded and split. */
static void
test_echo_over_tls (void)
{
  g_autoptr(Secrets) secrets = secrets_new ();
  g_autoptr(SpTestCerts) certs = sp_test_certs_make_or_skip ();
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *ready = NULL;
  g_auto(SpTestCliResult) live = { 0 };
  GDataInputStream *out;
  guint16 port;

  if (certs == NULL)
    return;

  port = sp_test_free_port (FALSE);
  port_text = g_strdup_printf ("%u", port);
  server_text = g_strdup_printf ("127.0.0.1:%u", port);
  script = g_test_build_filename (G_TEST_DIST, "support", "echo_tls_server.py", NULL);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/usr/bin/python3", script,
                             port_text, certs->valid, certs->key_file, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  ready = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_object_unref (out);
  g_assert_no_error (error);
  g_assert_cmpstr (ready, ==, "listening");

  {
    const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                           "--tls", "required", "--ca-file", certs->ca_file,
                           "--auth-user", USER, "--timeout", "10", NULL };
    const char *run_args[G_N_ELEMENTS (args) + 3];
    g_autoptr(GSubprocess) cli = NULL;
    g_autofree char *dir = sp_test_make_tmpdir ("secrets-tls");
    g_autofree char *path = g_build_filename (dir, "log.json", NULL);
    g_autofree char *contents = NULL;
    guint n = 0;

    for (; args[n] != NULL; n++)
      run_args[n] = args[n];
    run_args[n++] = "--output";
    run_args[n++] = path;
    run_args[n++] = "kate@example.test";
    run_args[n] = NULL;

    cli = sp_test_cli_spawn (NULL, run_args, PASSWORD, NULL);
    sp_test_cli_wait (cli, &live);
    g_test_message ("stdout:\n%s\nstderr:\n%s", live.out, live.err);
    g_assert_cmpint (live.status, ==, 13);
    g_assert_nonnull (strstr (live.out, "S: 535-5.7.8 Authentication failed for ********"));
    g_assert_nonnull (strstr (live.out, "S: 535 5.7.8 ******** (check your password)"));
    assert_clean (secrets, "stdout", live.out);
    assert_clean (secrets, "stderr", live.err);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    assert_clean (secrets, "log.json", contents);
    sp_test_rm_rf (dir);
  }

  g_subprocess_wait (server, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/secrets/redact/rule", test_redact_rule);
  for (guint i = 0; i < G_N_ELEMENTS (echo_cases); i++)
    g_test_add_data_func (echo_cases[i].path, &echo_cases[i], test_echo);
  for (guint i = 0; i < G_N_ELEMENTS (exchange_cases); i++)
    g_test_add_data_func (exchange_cases[i].path, &exchange_cases[i], test_exchange);
  g_test_add_func ("/sp/secrets/exchange/login-prompts", test_login_prompts);
  g_test_add_func ("/sp/secrets/tls/echo", test_echo_over_tls);
  g_test_add_func ("/sp/secrets/no-core-dump/probe", test_no_core_dump_probe);
  g_test_add_func ("/sp/secrets/no-core-dump/cli", test_no_core_dump_cli);

  return g_test_run ();
}
