/* sp-practice.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Practice mode: simulated mail servers that run in the app on loopback,
 * so that a person can rehearse a test, good and bad, with no network.
 * The servers' replies are data (data/practice/ID.smtp, compiled into the
 * library as a resource); this table says what each one teaches. */

#define G_LOG_DOMAIN "sp-practice"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-mx-result-private.h"
#include "sp-practice.h"
#include "sp-practice-resources.h"
#include "sp-scripted-server.h"

#define RESOURCE_PATH "/io/github/smtpprobe/SmtpProbe/practice/"
/* How long the practice test of a slow server waits for each step: long
 * enough for a loaded machine, short enough not to bore anybody. */
#define SLOW_TIMEOUT_MS 5000
/* Where the preferred mail server of a scenario is, and its backup: two
 * loopback addresses, so that both can use the same port. */
#define PREFERRED_ADDRESS "127.0.0.1"
#define BACKUP_ADDRESS    "127.0.0.2"
/* How many ports to try for a scenario with a backup server. */
#define MAX_PORT_TRIES 16

typedef enum
{
  SERVERS_ONE,     /* one mail server that answers */
  SERVERS_NONE,    /* one mail server where nothing listens */
  SERVERS_BACKUP,  /* a preferred one that is down, and a backup that answers */
} Servers;

struct _SpPracticeScenario
{
  const char *id;
  const char *description;
  SpVerdict   verdict;
  const char *cause;
  Servers     servers;
};

static const SpPracticeScenario scenarios[] = {
  /* Translators: the descriptions of the practice scenarios, one line each,
   * shown in a drop-down and by smtp-probe-cli --practice list. Reply codes
   * such as “550 5.1.1” stay as they are. */
  { "accepted", N_("Everything works: an Exchange server accepts the message"),
    SP_VERDICT_ACCEPTED, NULL, SERVERS_ONE },
  { "bad-ehlo", N_("The server refuses the name given with EHLO (501 5.5.4)"),
    SP_VERDICT_PERMANENT, "ehlo-syntax", SERVERS_ONE },
  { "bad-sender", N_("The server refuses the sender address (550 5.1.7)"),
    SP_VERDICT_PERMANENT, "sender-syntax", SERVERS_ONE },
  { "auth-required", N_("The server wants a login first (530 5.7.1)"),
    SP_VERDICT_PERMANENT, "auth-required", SERVERS_ONE },
  { "unknown-user", N_("The recipient does not exist (550 5.1.1)"),
    SP_VERDICT_PERMANENT, "recipient-unknown", SERVERS_ONE },
  { "unrecognized-command", N_("The server does not recognise the commands (500 5.3.3)"),
    SP_VERDICT_PERMANENT, "unrecognized-command", SERVERS_ONE },
  { "no-server", N_("Nothing answers: the connection is refused"),
    SP_VERDICT_CONNECT_FAILED, "connect-refused", SERVERS_NONE },
  { "greylisting", N_("Greylisting: the server says to try again later (450 4.2.0)"),
    SP_VERDICT_TRANSIENT, "greylisting", SERVERS_ONE },
  { "blocklisted", N_("The sending address is on a blocklist (554 5.7.1)"),
    SP_VERDICT_PERMANENT, "blocklist", SERVERS_ONE },
  { "relay-denied", N_("The server will not pass mail on: relaying denied (554 5.7.1)"),
    SP_VERDICT_PERMANENT, "relay-denied", SERVERS_ONE },
  { "starttls-required", N_("The server wants an encrypted connection first (530 5.7.0)"),
    SP_VERDICT_TLS_FAILED, "starttls-required", SERVERS_ONE },
  /* Translators: “practice” and “simulated” are the user name and the
   * password to type; keep them as they are. */
  { "login", N_("A login with user “practice” and password “simulated” (AUTH)"),
    SP_VERDICT_ACCEPTED, NULL, SERVERS_ONE },
  { "mailbox-full", N_("The recipient’s mailbox is full (552 5.2.2)"),
    SP_VERDICT_PERMANENT, "mailbox-full", SERVERS_ONE },
  { "too-large", N_("The message is too large for the server (552 5.3.4)"),
    SP_VERDICT_PERMANENT, "message-too-large", SERVERS_ONE },
  { "slow-server", N_("A slow server that does not greet in time"),
    SP_VERDICT_TIMED_OUT, "banner-timeout", SERVERS_ONE },
  { "backup-mx", N_("The preferred mail server is down and a backup accepts"),
    SP_VERDICT_ACCEPTED, NULL, SERVERS_BACKUP },
};

G_DEFINE_QUARK (sp-practice-error-quark, sp_practice_error)

guint
sp_practice_get_n_scenarios (void)
{
  return G_N_ELEMENTS (scenarios);
}

const SpPracticeScenario *
sp_practice_get_scenario (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (scenarios), NULL);

  return &scenarios[index];
}

const SpPracticeScenario *
sp_practice_find_scenario (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (scenarios); i++)
    if (g_strcmp0 (scenarios[i].id, id) == 0)
      return &scenarios[i];

  return NULL;
}

const char *
sp_practice_scenario_get_id (const SpPracticeScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  return scenario->id;
}

const char *
sp_practice_scenario_get_description (const SpPracticeScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  return _(scenario->description);
}

SpVerdict
sp_practice_scenario_get_verdict (const SpPracticeScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, SP_VERDICT_NONE);

  return scenario->verdict;
}

const char *
sp_practice_scenario_get_cause (const SpPracticeScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  return scenario->cause;
}

char *
sp_practice_scenario_dup_script (const SpPracticeScenario *scenario,
                                 GError                  **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);

  /* Looked up in the library's own resource, not the global list: the
   * linker would drop a resource that registers itself from a static
   * library nothing refers to. */
  path = g_strconcat (RESOURCE_PATH, scenario->id, ".smtp", NULL);
  bytes = g_resource_lookup_data (sp_practice_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Running scenarios */

struct _SpPractice
{
  GObject                   parent_instance;

  /* owned references */
  SpScriptedServer         *server;
  /* A socket bound to the port of a mail server that is down, but not
   * listening: connections to it are refused, and nothing else on this
   * computer can take the port while the scenario runs. */
  GSocket                  *down;

  /* borrowed references */
  const SpPracticeScenario *scenario;

  /* state */
  guint16                   port;
};

G_DEFINE_FINAL_TYPE (SpPractice, sp_practice, G_TYPE_OBJECT)

static void
sp_practice_dispose (GObject *object)
{
  SpPractice *self = SP_PRACTICE (object);

  if (self->server != NULL)
    sp_scripted_server_stop (self->server);
  g_clear_object (&self->server);
  if (self->down != NULL)
    g_socket_close (self->down, NULL);
  g_clear_object (&self->down);

  G_OBJECT_CLASS (sp_practice_parent_class)->dispose (object);
}

static void
sp_practice_class_init (SpPracticeClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sp_practice_dispose;
}

static void
sp_practice_init (SpPractice *self)
{
}

static GSocket *
bind_down_port (const char  *address,
                guint16      port,
                GError     **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, port);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_bind (socket, socket_address, FALSE, error))
    return NULL;

  return g_steal_pointer (&socket);
}

static guint16
socket_get_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return address != NULL
    ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

SpPractice *
sp_practice_start (const SpPracticeScenario *scenario,
                   GError                  **error)
{
  g_autoptr(SpPractice) self = NULL;
  g_autofree char *script = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);

  self = g_object_new (SP_TYPE_PRACTICE, NULL);
  self->scenario = scenario;

  script = sp_practice_scenario_dup_script (scenario, error);
  if (script == NULL)
    return NULL;

  switch (scenario->servers)
    {
    case SERVERS_NONE:
      self->down = bind_down_port (PREFERRED_ADDRESS, 0, error);
      if (self->down == NULL)
        return NULL;
      self->port = socket_get_port (self->down);
      break;

    case SERVERS_ONE:
      self->server = sp_scripted_server_new (script, error);
      if (self->server == NULL ||
          !sp_scripted_server_start (self->server, PREFERRED_ADDRESS, 0, error))
        return NULL;
      self->port = sp_scripted_server_get_port (self->server);
      break;

    case SERVERS_BACKUP:
      /* The backup listens on a second loopback address, so that the
       * preferred server can be down on the same port (a test has one
       * port for every mail server). A free port on one address may be
       * taken on the other: then another one is tried. */
      for (guint tries = 1; ; tries++)
        {
          g_autoptr(GError) local_error = NULL;

          self->down = bind_down_port (PREFERRED_ADDRESS, 0, error);
          if (self->down == NULL)
            return NULL;
          self->port = socket_get_port (self->down);
          self->server = sp_scripted_server_new (script, error);
          if (self->server == NULL)
            return NULL;
          if (sp_scripted_server_start (self->server, BACKUP_ADDRESS, self->port, &local_error))
            break;

          g_clear_object (&self->server);
          g_clear_object (&self->down);
          if (tries == MAX_PORT_TRIES ||
              !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&self);
}

const SpPracticeScenario *
sp_practice_get_scenario_of (SpPractice *self)
{
  g_return_val_if_fail (SP_IS_PRACTICE (self), NULL);

  return self->scenario;
}

const char *
sp_practice_get_address (SpPractice *self)
{
  g_return_val_if_fail (SP_IS_PRACTICE (self), NULL);

  return PREFERRED_ADDRESS;
}

guint16
sp_practice_get_port (SpPractice *self)
{
  g_return_val_if_fail (SP_IS_PRACTICE (self), 0);

  return self->port;
}

static void
add_mx_host (SpMxResult *mx,
             guint16     preference,
             const char *name,
             const char *address)
{
  SpMxHost *host = _sp_mx_host_new (preference, name);

  g_ptr_array_add (host->addresses, g_inet_address_new_from_string (address));
  g_ptr_array_add (mx->hosts, host);
}

SpProbe *
sp_practice_create_probe (SpPractice           *self,
                          const SpProbeRequest *request)
{
  g_autoptr(SpProbeRequest) aimed = NULL;
  g_autoptr(SpMxResult) mx = NULL;
  g_autofree char *mx1 = NULL;
  g_autofree char *mx2 = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;
  const char *domain;

  g_return_val_if_fail (SP_IS_PRACTICE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  aimed = sp_probe_request_copy (request);
  if (aimed->recipient == NULL || aimed->recipient[0] == '\0')
    sp_probe_request_set_recipient (aimed, SP_PRACTICE_RECIPIENT);
  if (aimed->sender == NULL || aimed->sender[0] == '\0')
    sp_probe_request_set_sender (aimed, SP_PRACTICE_SENDER);
  sp_probe_request_set_server (aimed, NULL);
  sp_probe_request_set_dns_servers (aimed, NULL);
  sp_probe_request_set_port (aimed, self->port);
  sp_probe_request_set_all_mx (aimed, FALSE);
  /* The simulated servers speak plain text only, so no certificate is
   * ever checked. */
  if (aimed->tls != SP_TLS_POLICY_OFF)
    sp_probe_request_set_tls (aimed, SP_TLS_POLICY_OPPORTUNISTIC);
  sp_probe_request_set_ca_file (aimed, NULL);
  sp_probe_request_set_accept_certificate (aimed, NULL);
  if (g_strcmp0 (self->scenario->id, "slow-server") == 0)
    sp_probe_request_set_timeout_ms (aimed, MIN (aimed->timeout_ms, SLOW_TIMEOUT_MS));
  if (g_strcmp0 (self->scenario->id, "login") == 0 &&
      (aimed->auth_user == NULL || aimed->auth_user[0] == '\0'))
    {
      sp_probe_request_set_auth_user (aimed, SP_PRACTICE_AUTH_USER);
      sp_probe_request_set_password (aimed, SP_PRACTICE_AUTH_PASSWORD);
    }
  /* The password stays on this computer: the server is in this process. */
  if (aimed->auth_user != NULL && aimed->auth_user[0] != '\0')
    sp_probe_request_set_auth_allow_plaintext (aimed, TRUE);

  /* An address literal names a real server, which a practice test must
   * never reach: the practice domain stands in for it. */
  domain = strrchr (aimed->recipient, '@');
  if (domain != NULL && domain[1] == '[')
    {
      g_autofree char *local = g_strndup (aimed->recipient, domain - aimed->recipient);
      g_autofree char *recipient = g_strconcat (local, strchr (SP_PRACTICE_RECIPIENT, '@'),
                                                NULL);

      sp_probe_request_set_recipient (aimed, recipient);
      domain = strrchr (aimed->recipient, '@');
    }

  /* The mail servers of the recipient's domain, as DNS would list them. */
  domain = domain != NULL ? domain + 1 : aimed->recipient;
  mx = sp_mx_result_new (domain);
  /* The simulated servers listen on IPv4 loopback addresses only. */
  sp_probe_request_set_family (aimed, SP_ADDRESS_FAMILY_IPV4);
  mx->family = SP_ADDRESS_FAMILY_IPV4;
  mx1 = g_strconcat ("mx1.", domain, NULL);
  mx2 = g_strconcat ("mx2.", domain, NULL);
  add_mx_host (mx, 10, mx1, PREFERRED_ADDRESS);
  if (self->scenario->servers == SERVERS_BACKUP)
    add_mx_host (mx, 20, mx2, BACKUP_ADDRESS);

  probe = sp_probe_new (aimed);
  sp_probe_request_clear_password (aimed);
  sp_probe_set_mx_result (probe, mx);

  transcript = sp_probe_get_transcript (probe);
  sp_transcript_set_simulated (transcript, TRUE);
  /* The summary says what the person asked for: the loopback port and
   * address family the simulated servers need are not their choice. */
  {
    g_autoptr(SpProbeRequest) shown = sp_probe_request_copy (aimed);
    g_autofree char *summary = NULL;

    sp_probe_request_set_port (shown, SP_PROBE_DEFAULT_PORT);
    sp_probe_request_set_family (shown, SP_ADDRESS_FAMILY_ANY);
    summary = sp_probe_request_dup_summary (shown);
    sp_transcript_set_summary (transcript, summary);
  }
  sp_transcript_add_note (transcript, SP_STEP_NONE,
                          /* Translators: the first line of the log of a practice test; %s is
                           * the scenario's description. */
                          _("This is a practice test against a simulated mail server in this "
                            "app (“%s”): no real mail server was contacted and no mail was "
                            "sent."),
                          sp_practice_scenario_get_description (self->scenario));

  return g_steal_pointer (&probe);
}
