/* sp-scripted-server-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-scripted-server.h"

G_BEGIN_DECLS

typedef enum
{
  ACTION_REPLY,   /* sends bytes: a TEXT reply, raw text, garbage */
  ACTION_SILENT,
  ACTION_CLOSE,
  ACTION_HANG,
} ActionKind;

typedef struct _Action Action;

struct _Action
{
  ActionKind  kind;
  guint       delay_ms;
  GBytes     *reply;        /* the wire form: one copy of what is sent */
  gboolean    is_text;      /* a TEXT reply, whose line ends follow “line-ends” */
  gboolean    starts_data;  /* the last line is a 354 */
  gboolean    closes;       /* the last line is a 421 */
  guint       repeat;       /* copies of the reply to send; at least 1 */
  gboolean    endless;      /* “flood forever” */
  guint       drip_ms;      /* 0: all at once; else one byte every drip_ms */
  Action     *next;         /* “then ACTION”, or NULL */
};

typedef struct
{
  char         *pattern;    /* upper-cased */
  GPatternSpec *glob;       /* NULL when the pattern names a command */
  gboolean      end_of_data;
  Action        action;
} Rule;

struct _SpScriptedServer
{
  GObject         parent_instance;

  /* owned references */
  GSocketService *service;
  GArray         *rules;        /* Rule, the scenario's then the built-in ones */
  GPtrArray      *connections;  /* Connection, the open ones */
  GPtrArray      *received;     /* char *, every line from every client */
  GPtrArray      *reads;        /* GBytes, every read from every client */

  /* state */
  Action          banner;
  guint           n_connections;
  guint           n_open;       /* sessions open: connected, no QUIT yet */
  guint           max_open;     /* the most of them at once */
  guint16         port;
  gboolean        line_ends_given;
  gboolean        bare_lf;
};

/* The scenario parser (sp-scripted-server-scenario.c) */
void      _sp_scripted_server_action_clear  (Action            *action);
/* A clear func for the server's array of Rule. */
void      _sp_scripted_server_rule_clear    (gpointer           data);
/* Fills @self's rules and banner from @scenario, then adds the built-in
 * rules after them. */
gboolean  _sp_scripted_server_load_scenario (SpScriptedServer  *self,
                                             const char        *scenario,
                                             GError           **error);

G_END_DECLS
