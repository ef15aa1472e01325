/* test-gui-e2e.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 3's first acceptance test, as a person would do it: from launching
 * the real smtp-probe to an exported log of a refused recipient, once with
 * the keyboard only and once with the mouse only (typing only what must be
 * typed: the addresses and the file name), each in under a minute.
 *
 * The app runs on a private Xvfb against a private dnsmasq and Postfix on
 * port 25 of a loopback address of their own (127.0.0.57 or the next free
 * one), so that nothing but the DNS
 * server (which a helpdesk would have from the system) comes from the
 * command line. xdotool types and clicks; SP_TEST_DUMP_GEOMETRY makes the
 * app say where its controls are (see sp-geometry-dump.h). Needs root (for
 * Postfix and dnsmasq), Xvfb and xdotool; skipped without them. */

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sp-test-dnsmasq.h"
#include "sp-test-postfix.h"
#include "sp-test-util.h"

/* Postfix's name; port 25, as for any mail server, on the first of these loopback
 * addresses where it is free. */
#define MX_NAME       "mx.helpdesk.example.test"
#define FIRST_ADDRESS 57
#define N_ADDRESSES   10
#define RECIPIENT     "nobody@helpdesk.example.test"
#define SENDER        "helpdesk@example.org"
#define LIMIT_SECONDS 60
#define STEP_TIMEOUT  20000

/* The pages, as SpWindowPage numbers them. */
enum { PAGE_TARGET, PAGE_SERVERS, PAGE_MESSAGE, PAGE_SESSION, PAGE_RESULT };

typedef struct
{
  gulong     xid;
  int        x;
  int        y;
  int        width;
  int        height;
  gboolean   sensitive;
  gboolean   focus;
  char      *type;
  char      *id;
  char      *label;
} Control;

typedef struct
{
  char           *dir;
  char           *display;
  char           *geometry;
  GSubprocess    *xvfb;
  GSubprocess    *app;
  SpTestDnsmasq  *dns;
  SpTestPostfix  *postfix;
  const char     *xdotool;
  gint64          started;
  guint           shot;
  const char     *flow;
} E2e;

static char *xdotool_path = NULL;
static char *xvfb_path = NULL;
static char *import_path = NULL;

static void
control_clear (Control *control)
{
  g_free (control->type);
  g_free (control->id);
  g_free (control->label);
}

static void
child_setup (gpointer user_data)
{
  /* A failed assertion aborts the test without cleanup: the kernel then ends the
   * children too. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocessLauncher *
new_launcher (E2e *e)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  /* stdout carries TAP: what the children print goes to stderr. */
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  if (e != NULL && e->display != NULL)
    g_subprocess_launcher_setenv (launcher, "DISPLAY", e->display, TRUE);

  return launcher;
}

/* The private X server */

static gboolean
start_xvfb (E2e *e)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (NULL);
  g_autoptr(GError) error = NULL;

  /* A display number that no other X server (xvfb-run's among them) uses. */
  for (guint n = 140; n < 200 && e->display == NULL; n++)
    {
      g_autofree char *lock = g_strdup_printf ("/tmp/.X%u-lock", n);
      g_autofree char *socket = g_strdup_printf ("/tmp/.X11-unix/X%u", n);

      if (!g_file_test (lock, G_FILE_TEST_EXISTS) && !g_file_test (socket, G_FILE_TEST_EXISTS))
        e->display = g_strdup_printf (":%u", n);
    }
  g_assert_nonnull (e->display);

  e->xvfb = g_subprocess_launcher_spawn (launcher, &error, xvfb_path, e->display,
                                         "-screen", "0", "1280x800x24", "-nolisten", "tcp",
                                         NULL);
  g_assert_no_error (error);

  for (guint tries = 0; tries < 100; tries++)
    {
      g_autofree char *socket = g_strdup_printf ("/tmp/.X11-unix/X%s", e->display + 1);

      if (g_file_test (socket, G_FILE_TEST_EXISTS))
        return TRUE;
      g_usleep (50 * 1000);
    }

  return FALSE;
}

static void
stop_process (GSubprocess **process)
{
  if (*process == NULL)
    return;

  if (g_subprocess_get_identifier (*process) != NULL)
    {
      g_subprocess_send_signal (*process, SIGTERM);
      g_subprocess_wait (*process, NULL, NULL);
    }
  g_clear_object (process);
}

/* What the app shows */

static int
read_controls (E2e    *e,
               GArray *controls)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  int page = -1;

  g_array_set_size (controls, 0);
  if (!g_file_get_contents (e->geometry, &text, NULL, NULL))
    return -1;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", 10);
      Control control = { 0 };

      if (g_strv_length (words) == 2 && g_str_equal (words[0], "page"))
        page = atoi (words[1]);
      if (g_strv_length (words) != 10 || !g_str_equal (words[0], "widget"))
        continue;

      control.xid = strtoul (words[1], NULL, 10);
      control.x = atoi (words[2]);
      control.y = atoi (words[3]);
      control.width = atoi (words[4]);
      control.height = atoi (words[5]);
      control.sensitive = strchr (words[6], 's') != NULL;
      control.focus = strchr (words[6], 'f') != NULL;
      control.type = g_strdup (words[7]);
      control.id = g_strdup (words[8]);
      control.label = g_strdup (words[9]);
      g_array_append_val (controls, control);
    }

  return page;
}

static GArray *
controls_new (void)
{
  GArray *controls = g_array_new (FALSE, TRUE, sizeof (Control));

  g_array_set_clear_func (controls, (GDestroyNotify) control_clear);
  return controls;
}

static char *
dup_screenshot_dir (void)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  char *dir = g_build_filename (builddir != NULL ? builddir : ".", "screenshots", NULL);

  g_mkdir_with_parents (dir, 0755);
  return dir;
}

/* Screens of an earlier run would mix with this one's. */
static void
remove_old_screens (const char *flow)
{
  g_autofree char *dir = dup_screenshot_dir ();
  g_autofree char *prefix = g_strdup_printf ("e2e-%s-", flow);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".png"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
}

/* Saves the whole screen, when ImageMagick is there, to see what went wrong. */
static void
shoot_screen (E2e        *e,
              const char *what)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) import = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (import_path == NULL)
    return;

  dir = dup_screenshot_dir ();
  file = g_strdup_printf ("e2e-%s-%02u-%s.png", e->flow, e->shot++, what);
  path = g_build_filename (dir, file, NULL);
  launcher = new_launcher (e);
  import = g_subprocess_launcher_spawn (launcher, NULL, import_path, "-window", "root", path,
                                        NULL);
  if (import != NULL && g_subprocess_wait_check (import, NULL, NULL))
    g_test_message ("screen: %s", path);
}

typedef struct
{
  int         page;       /* -1: any */
  const char *id;         /* NULL: any */
  const char *label;      /* NULL: any */
  gboolean    sensitive;
  gboolean    focus;
  const char *type;       /* NULL: any */
} Want;

/* Waits until the app shows what @want asks for; the control, when one was asked for. */
static Control
wait_for (E2e        *e,
          const Want *want,
          const char *what)
{
  g_autoptr(GArray) controls = controls_new ();
  gint64 end = g_get_monotonic_time () + STEP_TIMEOUT * 1000;
  Control found = { 0 };

  while (g_get_monotonic_time () < end)
    {
      int page = read_controls (e, controls);

      /* The app must still be there (GSubprocess drops the PID once it is reaped). */
      if (g_subprocess_get_identifier (e->app) == NULL)
        g_error ("smtp-probe ended while waiting for %s", what);

      if (want->page < 0 || page == want->page)
        {
          if (want->id == NULL && want->label == NULL && want->type == NULL)
            return found;

          for (guint i = 0; i < controls->len; i++)
            {
              Control *c = &g_array_index (controls, Control, i);

              if ((want->id == NULL || g_str_equal (c->id, want->id)) &&
                  (want->label == NULL || g_str_equal (c->label, want->label)) &&
                  (want->type == NULL || g_str_equal (c->type, want->type)) &&
                  (!want->sensitive || c->sensitive) && (!want->focus || c->focus) &&
                  c->width > 0 && c->height > 0)
                {
                  found = *c;
                  found.type = g_strdup (c->type);
                  found.id = g_strdup (c->id);
                  found.label = g_strdup (c->label);
                  return found;
                }
            }
        }

      /* Iterating lets GSubprocess notice the app's end. */
      sp_test_iterate_until (&(gboolean) { FALSE }, 50);
    }

  shoot_screen (e, "timeout");
  {
    g_autofree char *text = NULL;

    g_file_get_contents (e->geometry, &text, NULL, NULL);
    g_error ("timed out waiting for %s; the app shows:\n%s", what, text);
  }

  return found;
}

static void
xdotool (E2e        *e,
         const char *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (e);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, xdotool_path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

static void
press (E2e        *e,
       const char *keys)
{
  g_test_message ("%s: key %s", e->flow, keys);
  xdotool (e, "key", "--clearmodifiers", keys, NULL);
}

static void
type (E2e        *e,
      const char *text)
{
  g_test_message ("%s: type %s", e->flow, text);
  xdotool (e, "type", "--delay", "15", text, NULL);
}

/* A click in the middle of @control, in its own X window. */
static void
click (E2e           *e,
       const Control *control)
{
  g_autofree char *window = g_strdup_printf ("%lu", control->xid);
  g_autofree char *x = g_strdup_printf ("%d", control->x + control->width / 2);
  g_autofree char *y = g_strdup_printf ("%d", control->y + control->height / 2);

  g_test_message ("%s: click %s %s '%s' at %s,%s", e->flow, control->type, control->id,
                  control->label, x, y);
  xdotool (e, "mousemove", "--window", window, x, y, "click", "1", NULL);
}

/* Three clicks select all of a field's text, so that typing replaces it. */
static void
triple_click (E2e           *e,
              const Control *control)
{
  g_autofree char *window = g_strdup_printf ("%lu", control->xid);
  g_autofree char *x = g_strdup_printf ("%d", control->x + control->width / 2);
  g_autofree char *y = g_strdup_printf ("%d", control->y + control->height / 2);

  g_test_message ("%s: triple click %s at %s,%s", e->flow, control->type, x, y);
  xdotool (e, "mousemove", "--window", window, x, y, "click", "--repeat", "3", "--delay", "80",
           "1", NULL);
}

/* Waits for @want, and for it to stay where it is for a moment, as an eye would. */
static Control
wait_for_still (E2e        *e,
                const Want *want,
                const char *what)
{
  Control control = wait_for (e, want, what);

  for (guint tries = 0; tries < 50; tries++)
    {
      Control again;
      gboolean same;

      sp_test_iterate_until (&(gboolean) { FALSE }, 100);
      again = wait_for (e, want, what);
      same = again.xid == control.xid && again.x == control.x && again.y == control.y &&
             again.width == control.width && again.height == control.height;
      control_clear (&control);
      control = again;
      if (same)
        break;
    }

  return control;
}

static void
click_when_ready (E2e        *e,
                  int         page,
                  const char *id,
                  const char *label,
                  const char *what)
{
  Want want = { page, id, label, TRUE, FALSE };
  Control control = wait_for_still (e, &want, what);

  click (e, &control);
  control_clear (&control);
}

static void
wait_page (E2e        *e,
           int         page,
           const char *what)
{
  Want want = { page, NULL, NULL, FALSE, FALSE };

  wait_for (e, &want, what);
}

/* Next is on once the page is complete and not busy: the lookup or the session ended. */
static void
wait_next (E2e        *e,
           int         page,
           const char *what)
{
  Want want = { page, "next_button", NULL, TRUE, FALSE };
  Control control = wait_for (e, &want, what);

  control_clear (&control);
}

static void
wait_focus (E2e        *e,
            int         page,
            const char *id,
            const char *label,
            const char *what)
{
  Want want = { page, id, label, FALSE, TRUE };
  Control control = wait_for (e, &want, what);

  control_clear (&control);
}

/* The app */

static void
launch (E2e        *e,
        const char *flow)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (e);
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("SMTP_PROBE_GUI");

  e->flow = flow;
  e->shot = 0;
  remove_old_screens (flow);
  e->geometry = g_build_filename (e->dir, "geometry", NULL);
  g_unlink (e->geometry);

  g_subprocess_launcher_setenv (launcher, "SP_TEST_DUMP_GEOMETRY", e->geometry, TRUE);
  /* A helpdesk machine would have this DNS server from the system; the command line is
   * the only way to give the private one. Everything else is entered below. */
  e->started = g_get_monotonic_time ();
  e->app = g_subprocess_launcher_spawn (launcher, &error, binary,
                                        "--dns-server", sp_test_dnsmasq_get_server (e->dns),
                                        NULL);
  g_assert_no_error (error);
  g_test_message ("%s: launched %s (PID %s)", flow, binary, g_subprocess_get_identifier (e->app));
}

static void
quit_app (E2e *e)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* Cleaning up, after the time was taken: Ctrl+Q, and the test's own means otherwise. */
  press (e, "ctrl+q");
  while (g_subprocess_get_identifier (e->app) != NULL && g_get_monotonic_time () < end)
    sp_test_iterate_until (&(gboolean) { FALSE }, 50);
  if (g_subprocess_get_identifier (e->app) == NULL)
    {
      g_assert_true (g_subprocess_get_if_exited (e->app));
      g_assert_cmpint (g_subprocess_get_exit_status (e->app), ==, 0);
    }
  else
    g_test_message ("%s: smtp-probe did not quit on Ctrl+Q", e->flow);
  stop_process (&e->app);
}

static void
assert_export (E2e        *e,
               const char *path)
{
  g_autofree char *text = NULL;
  double seconds;

  for (guint tries = 0; tries < 200 && !g_file_test (path, G_FILE_TEST_EXISTS); tries++)
    sp_test_iterate_until (&(gboolean) { FALSE }, 50);
  seconds = (g_get_monotonic_time () - e->started) / (double) G_USEC_PER_SEC;
  shoot_screen (e, "exported");

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_test_message ("%s: launch to exported log in %.1f s", e->flow, seconds);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "RCPT TO:<" RECIPIENT ">"));
  g_assert_nonnull (strstr (text, "550 5.1.1 <" RECIPIENT ">"));
  g_assert_cmpfloat (seconds, <, LIMIT_SECONDS);
}

/* Setup */

/* Whether nothing listens on @address port 25 (the test runs as root, so it may bind). */
static gboolean
smtp_port_free (const char *address)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) where = g_inet_socket_address_new (inet, 25);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         NULL);
  return socket != NULL && g_socket_bind (socket, where, FALSE, NULL);
}

static E2e *
e2e_start (void)
{
  g_autofree char *host_record = NULL;
  SpTestPostfixOptions options = {
    .port = 25,
    .hostname = MX_NAME,
    .extra_main_cf = "mydestination = example.test, helpdesk.example.test, $myhostname, "
                     "localhost",
  };
  gboolean skipped = FALSE;
  E2e *e;

  if (xdotool_path == NULL || xvfb_path == NULL || g_getenv ("SMTP_PROBE_GUI") == NULL)
    {
      g_test_skip ("xdotool, Xvfb or the smtp-probe binary is missing");
      return NULL;
    }
  if (!sp_test_is_root ())
    {
      g_test_skip ("Postfix on port 25 and dnsmasq need root");
      return NULL;
    }

  e = g_new0 (E2e, 1);
  e->dir = sp_test_make_tmpdir ("e2e");

  /* Another test run may hold port 25 of the first address. */
  for (guint i = 0; i < N_ADDRESSES && e->postfix == NULL; i++)
    {
      g_autofree char *address = g_strdup_printf ("127.0.0.%u", FIRST_ADDRESS + i);
      g_autoptr(GError) error = NULL;

      if (!smtp_port_free (address))
        continue;
      options.address = address;
      e->postfix = sp_test_postfix_start (&options, &error);
      if (e->postfix == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        {
          g_test_skip (error->message);
          skipped = TRUE;
          break;
        }
      if (e->postfix == NULL)
        g_test_message ("Postfix on %s: %s", address, error->message);
    }
  if (e->postfix == NULL)
    {
      if (!skipped)
        {
          g_test_message ("Postfix could not listen on port 25 of any of 127.0.0.%u to "
                          "127.0.0.%u", FIRST_ADDRESS, FIRST_ADDRESS + N_ADDRESSES - 1);
          g_test_fail ();
        }
      sp_test_rm_rf (e->dir);
      g_free (e->dir);
      g_free (e);
      return NULL;
    }

  host_record = g_strdup_printf ("--host-record=" MX_NAME ",%s",
                                 sp_test_postfix_get_address (e->postfix));
  {
    const char *records[] = {
      host_record,
      "--mx-host=helpdesk.example.test," MX_NAME ",10",
      NULL
    };

    e->dns = sp_test_dnsmasq_start (records);
  }
  if (e->dns == NULL)
    {
      sp_test_postfix_stop (e->postfix);
      sp_test_rm_rf (e->dir);
      g_free (e->dir);
      g_free (e);
      return NULL;
    }

  g_assert_true (start_xvfb (e));

  return e;
}

static void
e2e_stop (E2e *e)
{
  stop_process (&e->app);
  stop_process (&e->xvfb);
  sp_test_postfix_stop (e->postfix);
  sp_test_dnsmasq_stop (e->dns);
  sp_test_rm_rf (e->dir);
  g_free (e->dir);
  g_free (e->display);
  g_free (e->geometry);
  g_free (e);
}

/* The tests */

static void
test_keyboard (void)
{
  E2e *e = e2e_start ();
  g_autofree char *path = NULL;
  Want anything_on_target = { PAGE_TARGET, "recipient_entry", NULL, FALSE, FALSE };
  Control entry;

  if (e == NULL)
    return;

  path = g_build_filename (e->dir, "refused-keyboard.txt", NULL);
  launch (e, "keyboard");

  /* Without a window manager nobody gives the new window the keyboard: do what one would. */
  entry = wait_for (e, &anything_on_target, "the first page");
  {
    g_autofree char *window = g_strdup_printf ("%lu", entry.xid);

    xdotool (e, "windowfocus", "--sync", window, NULL);
  }
  control_clear (&entry);

  /* 1. What to test: the address field has the focus; Enter goes on. */
  wait_focus (e, PAGE_TARGET, "recipient_entry", NULL, "the focused address field");
  shoot_screen (e, "target");
  type (e, RECIPIENT);
  press (e, "Return");

  /* 2. Mail servers: the lookup runs; Enter takes the preferred one. */
  wait_next (e, PAGE_SERVERS, "the mail servers");
  shoot_screen (e, "servers");
  press (e, "Return");

  /* 3. Message: the focus is on the empty sender field; Enter starts the test. */
  wait_focus (e, PAGE_MESSAGE, "sender_entry", NULL, "the focused sender field");
  type (e, SENDER);
  shoot_screen (e, "message");
  press (e, "Return");

  /* 4. Session: when it ends, Enter shows the result. */
  wait_page (e, PAGE_SESSION, "the session");
  wait_next (e, PAGE_SESSION, "the end of the session");
  shoot_screen (e, "session");
  press (e, "Return");

  /* 5. Result: Ctrl+E opens the export menu; Enter takes its first entry, text. */
  wait_focus (e, PAGE_RESULT, "export_button", NULL, "the result");
  shoot_screen (e, "result");
  press (e, "ctrl+e");
  wait_focus (e, -1, NULL, "As_Text_(.txt)", "the export menu");
  shoot_screen (e, "export-menu");
  press (e, "Return");

  /* The file chooser: the name field has the focus; a whole path may be typed there. */
  {
    Want save = { -1, NULL, "Save", TRUE, FALSE };
    Control button = wait_for (e, &save, "the file chooser");

    control_clear (&button);
  }
  shoot_screen (e, "file-chooser");
  press (e, "ctrl+a");
  type (e, path);
  press (e, "Return");

  assert_export (e, path);
  quit_app (e);
  e2e_stop (e);
}

static void
test_mouse (void)
{
  E2e *e = e2e_start ();
  g_autofree char *path = NULL;

  if (e == NULL)
    return;

  path = g_build_filename (e->dir, "refused-mouse.txt", NULL);
  launch (e, "mouse");

  /* 1. What to test: click into the address field, type the address, click Next. */
  click_when_ready (e, PAGE_TARGET, "recipient_entry", NULL, "the address field");
  type (e, RECIPIENT);
  click_when_ready (e, PAGE_TARGET, "next_button", NULL, "Next on the first page");

  /* 2. Mail servers */
  wait_next (e, PAGE_SERVERS, "the mail servers");
  shoot_screen (e, "servers");
  click_when_ready (e, PAGE_SERVERS, "next_button", NULL, "Next on the mail servers");

  /* 3. Message */
  click_when_ready (e, PAGE_MESSAGE, "sender_entry", NULL, "the sender field");
  type (e, SENDER);
  click_when_ready (e, PAGE_MESSAGE, "next_button", NULL, "Start Test");

  /* 4. Session */
  wait_page (e, PAGE_SESSION, "the session");
  wait_next (e, PAGE_SESSION, "the end of the session");
  shoot_screen (e, "session");
  click_when_ready (e, PAGE_SESSION, "next_button", NULL, "Result");

  /* 5. Result: the Export Log menu, then its text entry. */
  click_when_ready (e, PAGE_RESULT, "export_button", NULL, "Export Log");
  click_when_ready (e, -1, NULL, "As_Text_(.txt)", "the export menu");

  /* The file chooser: the name field is selected by clicks and the file name typed, as
   * it must be; Save is clicked. */
  {
    Want save = { -1, NULL, "Save", TRUE, FALSE, NULL };
    Want name = { -1, NULL, NULL, TRUE, FALSE, "GtkFileChooserEntry" };
    Control button = wait_for_still (e, &save, "the Save button");
    Control field = wait_for_still (e, &name, "the file name field");

    shoot_screen (e, "file-chooser");
    triple_click (e, &field);
    type (e, path);
    shoot_screen (e, "file-name");
    click (e, &button);
    control_clear (&button);
    control_clear (&field);
  }

  assert_export (e, path);
  quit_app (e);
  e2e_stop (e);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  xdotool_path = sp_test_find_program ("xdotool");
  xvfb_path = sp_test_find_program ("Xvfb");
  import_path = sp_test_find_program ("import");

  g_test_add_func ("/sp/gui/e2e/keyboard", test_keyboard);
  g_test_add_func ("/sp/gui/e2e/mouse", test_mouse);

  return g_test_run ();
}
