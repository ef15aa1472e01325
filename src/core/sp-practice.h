/* sp-practice.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-probe.h"
#include "sp-probe-request.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

/* The addresses a practice test uses when the person gave none: a
 * practice test needs neither, but the guided run asks for both. */
#define SP_PRACTICE_RECIPIENT "kate@contoso.example"
#define SP_PRACTICE_SENDER    "helpdesk@fabrikam.example"
/* The user of the "login" scenario, and its password. */
#define SP_PRACTICE_AUTH_USER     "practice"
#define SP_PRACTICE_AUTH_PASSWORD "simulated"

#define SP_PRACTICE_ERROR (sp_practice_error_quark ())

typedef enum
{
  SP_PRACTICE_ERROR_UNKNOWN_SCENARIO,
} SpPracticeError;

/* One practice scenario: simulated mail servers, described as data in
 * data/practice/ID.smtp (the scripted-server language), that teach one
 * outcome. Static: never freed. */
typedef struct _SpPracticeScenario SpPracticeScenario;

GQuark                    sp_practice_error_quark         (void);
guint                     sp_practice_get_n_scenarios     (void);
const SpPracticeScenario *sp_practice_get_scenario        (guint                     index);
/* NULL when no scenario has that id. */
const SpPracticeScenario *sp_practice_find_scenario       (const char               *id);
/* "unknown-user": stable, for the CLI and tests. */
const char               *sp_practice_scenario_get_id     (const SpPracticeScenario *scenario);
/* One translated line: "The recipient does not exist (550 5.1.1)". */
const char               *sp_practice_scenario_get_description
                                                          (const SpPracticeScenario *scenario);
/* What the scenario teaches: the verdict of the test, and the cause the
 * diagnosis names (sp_explanation_get_cause () of
 * sp_diagnosis_explain_transcript ()), NULL for a test that passes. */
SpVerdict                 sp_practice_scenario_get_verdict (const SpPracticeScenario *scenario);
const char               *sp_practice_scenario_get_cause  (const SpPracticeScenario *scenario);
/* The scenario text of the simulated server, from the app's resources;
 * NULL with an error when it cannot be read. */
char                     *sp_practice_scenario_dup_script (const SpPracticeScenario *scenario,
                                                           GError                  **error);

#define SP_TYPE_PRACTICE (sp_practice_get_type ())

/* A running practice scenario: its simulated servers on free loopback
 * ports, in-process, on the thread-default main context of the caller.
 * They stop when it is finalized. */
G_DECLARE_FINAL_TYPE (SpPractice, sp_practice, SP, PRACTICE, GObject)

/* Starts the servers of @scenario on 127.0.0.1 (and 127.0.0.2 for a
 * second mail server). */
SpPractice               *sp_practice_start               (const SpPracticeScenario *scenario,
                                                           GError                  **error);
const SpPracticeScenario *sp_practice_get_scenario_of     (SpPractice               *self);
/* Where the scenario's preferred mail server is, for a person who
 * connects by hand (the console): "127.0.0.1" and a port. Every mail
 * server of the scenario uses that port. */
const char               *sp_practice_get_address         (SpPractice               *self);
guint16                   sp_practice_get_port            (SpPractice               *self);
/* A new probe for @request aimed at the simulated servers: the practice
 * addresses where @request has none, the mail servers as a known MX
 * result (so nothing is looked up in DNS), and a transcript marked and
 * noted as simulated. The server, port and DNS servers of @request are
 * not used. */
SpProbe                  *sp_practice_create_probe        (SpPractice               *self,
                                                           const SpProbeRequest     *request);

G_END_DECLS
