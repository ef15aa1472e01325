/* test-files.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Where a report may be written: regular files only, never through a
 * symbolic link another user planted, checked before the test runs, and
 * the old file kept whenever the write fails. */

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sp-export.h"
#include "sp-scripted-server.h"
#include "sp-test-cli.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

#define VICTIM_TEXT "root's secret, mode 0600\n"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Save;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Save *save = user_data;

  save->ok = sp_export_to_file_finish (result, &save->error);
  save->done = TRUE;
}

/* Checks @path with sp_export_check_file(), then writes a report to it
 * the way the GUI does; both must fail with @code. */
static void
assert_refused (const char *path,
                int         code)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(GError) error = NULL;
  Save save = { 0 };

  sp_transcript_add_note (transcript, SP_STEP_NONE, "A report that must not be written.");

  g_assert_false (sp_export_check_file (file, &error));
  g_assert_error (error, G_IO_ERROR, code);
  g_test_message ("check: %s", error->message);

  sp_export_to_file_async (transcript, SP_EXPORT_FORMAT_TEXT, file, NULL, saved_cb, &save);
  g_assert_true (sp_test_iterate_until (&save.done, 10000));
  g_assert_false (save.ok);
  g_assert_error (save.error, G_IO_ERROR, code);
  g_test_message ("save: %s", save.error->message);
  g_clear_error (&save.error);
}

static void
save_text (const char *path,
           Save       *save)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();

  sp_transcript_add_note (transcript, SP_STEP_NONE, "The new report.");
  memset (save, 0, sizeof *save);
  sp_export_to_file_async (transcript, SP_EXPORT_FORMAT_TEXT, file, NULL, saved_cb, save);
  g_assert_true (sp_test_iterate_until (&save->done, 10000));
}

static void
assert_is_new_report (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "-- The new report."));
}

static uid_t
nobody_uid (void)
{
  struct passwd *pw = getpwnam ("nobody");

  return pw != NULL ? pw->pw_uid : 65534;
}

static void
test_fifo (void)
{
  g_autofree char *dir = sp_test_make_tmpdir ("files-fifo");
  g_autofree char *fifo = g_build_filename (dir, "pipe.txt", NULL);
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  assert_refused (fifo, G_IO_ERROR_NOT_REGULAR_FILE);

  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  sp_test_assert_no_temp_files (dir);
  sp_test_rm_rf (dir);
}

static void
test_device (void)
{
  g_autofree char *dir = sp_test_make_tmpdir ("files-device");
  g_autofree char *node = g_build_filename (dir, "null.txt", NULL);
  g_autofree char *link = g_build_filename (dir, "devnull.txt", NULL);
  GStatBuf st;

  /* A device of our own, like /dev/null: the old code replaced such a
   * node with a file, and a test must not break the machine it runs on. */
  if (mknod (node, S_IFCHR | 0666, makedev (1, 3)) != 0)
    {
      g_test_skip_printf ("Cannot make a device node (%s); this needs root.", g_strerror (errno));
      sp_test_rm_rf (dir);
      return;
    }

  assert_refused (node, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_cmpint (g_lstat (node, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));

  /* Through a link of our own, which is followed: the device behind it
   * is refused all the same. */
  g_assert_cmpint (symlink ("null.txt", link), ==, 0);
  assert_refused (link, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_cmpint (g_lstat (node, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));

  sp_test_assert_no_temp_files (dir);
  sp_test_rm_rf (dir);
}

static void
test_directory (void)
{
  g_autofree char *dir = sp_test_make_tmpdir ("files-dir");
  g_autofree char *folder = g_build_filename (dir, "reports.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.txt", NULL);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  assert_refused (folder, G_IO_ERROR_IS_DIRECTORY);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));

  assert_refused (missing, G_IO_ERROR_NOT_FOUND);
  sp_test_rm_rf (dir);
}

/* The attack of the issue: in a sticky world-writable folder (like /tmp)
 * "nobody" links report.txt to a file of root's, and root saves there. */
static void
test_hostile_symlink (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sticky = NULL;
  g_autofree char *victim = NULL;
  g_autofree char *link = NULL;
  g_autofree char *dir_link = NULL;
  g_autofree char *through_dir = NULL;
  g_autofree char *own_link = NULL;
  GStatBuf st;
  Save save;

  if (!sp_test_is_root ())
    {
      g_test_skip ("Giving a link to another user needs root (CI runs as root).");
      return;
    }

  dir = sp_test_make_tmpdir ("files-link");
  sticky = g_build_filename (dir, "tmp", NULL);
  victim = g_build_filename (dir, "victim.txt", NULL);
  link = g_build_filename (sticky, "report.txt", NULL);
  dir_link = g_build_filename (sticky, "reports", NULL);
  through_dir = g_build_filename (dir_link, "victim.txt", NULL);
  own_link = g_build_filename (sticky, "mine.txt", NULL);

  g_assert_cmpint (g_mkdir (sticky, 0755), ==, 0);
  g_assert_cmpint (g_chmod (sticky, 01777), ==, 0);
  g_assert_true (g_file_set_contents (victim, VICTIM_TEXT, -1, NULL));
  g_assert_cmpint (g_chmod (victim, 0600), ==, 0);

  g_assert_cmpint (symlink (victim, link), ==, 0);
  g_assert_cmpint (lchown (link, nobody_uid (), (gid_t) -1), ==, 0);
  assert_refused (link, G_IO_ERROR_PERMISSION_DENIED);

  /* A folder on the way that is such a link is refused too. */
  g_assert_cmpint (symlink (dir, dir_link), ==, 0);
  g_assert_cmpint (lchown (dir_link, nobody_uid (), (gid_t) -1), ==, 0);
  assert_refused (through_dir, G_IO_ERROR_PERMISSION_DENIED);

  sp_test_assert_file_contents (victim, VICTIM_TEXT);
  g_assert_cmpint (g_stat (victim, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpuint (st.st_uid, ==, 0);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));

  /* The user's own link is followed, and the file it names keeps its
   * mode: the rule is about whose link it is, not about links. */
  g_assert_cmpint (symlink (victim, own_link), ==, 0);
  save_text (own_link, &save);
  g_assert_no_error (save.error);
  g_assert_true (g_file_test (own_link, G_FILE_TEST_IS_SYMLINK));
  assert_is_new_report (victim);
  g_assert_cmpint (g_stat (victim, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);

  sp_test_assert_no_temp_files (dir);
  sp_test_assert_no_temp_files (sticky);
  sp_test_rm_rf (dir);
}

/* A failure after the checks passed, as root too (permissions would not
 * stop root): the temporary file's name is too long for the folder,
 * while the report's own name is not. */
static void
test_old_file_kept (void)
{
  g_autofree char *dir = sp_test_make_tmpdir ("files-keep");
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = g_strnfill (250, 'r');
  GStatBuf st;
  int fd;
  Save save;

  base = g_strconcat (name, ".txt", NULL);
  path = g_build_filename (dir, base, NULL);
  /* Not g_file_set_contents(): its own temporary name is too long. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0640);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "old report\n", 11), ==, 11);
  g_assert_cmpint (close (fd), ==, 0);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  save_text (path, &save);
  g_assert_false (save.ok);
  g_assert_nonnull (save.error);
  g_test_message ("%s", save.error->message);
  g_clear_error (&save.error);

  sp_test_assert_file_contents (path, "old report\n");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
  sp_test_assert_no_temp_files (dir);
  sp_test_rm_rf (dir);
}

/* A replaced report keeps its permissions, never set-id bits. */
static void
test_mode_kept (void)
{
  g_autofree char *dir = sp_test_make_tmpdir ("files-mode");
  g_autofree char *path = g_build_filename (dir, "report.txt", NULL);
  GStatBuf st;
  Save save;

  g_assert_true (g_file_set_contents (path, "old report\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 02640), ==, 0);

  save_text (path, &save);
  g_assert_no_error (save.error);
  assert_is_new_report (path);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
  sp_test_rm_rf (dir);
}

/* A file someone else left behind does not pass its permissions on. */
static void
test_mode_not_taken_from_others (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;
  mode_t old_mask;
  Save save;

  if (!sp_test_is_root ())
    {
      g_test_skip ("Giving a file to another user needs root (CI runs as root).");
      return;
    }

  dir = sp_test_make_tmpdir ("files-others");
  path = g_build_filename (dir, "report.txt", NULL);
  g_assert_true (g_file_set_contents (path, "planted\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0666), ==, 0);
  g_assert_cmpint (chown (path, nobody_uid (), (gid_t) -1), ==, 0);

  /* A new file's mode comes from the umask: make it the usual one. */
  old_mask = umask (022);
  save_text (path, &save);
  umask (old_mask);
  g_assert_no_error (save.error);
  assert_is_new_report (path);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, geteuid ());
  g_assert_cmpuint (st.st_mode & 0002, ==, 0);
  sp_test_rm_rf (dir);
}

/* The CLI: a bad --output ends the run with status 2 and a sentence that
 * names the option, before a single packet goes to the server. */
typedef struct
{
  const char *path;
  const char *name;   /* the --output value, in the test's folder */
  const char *expect; /* a part of the message */
} BadOutput;

static const BadOutput bad_outputs[] = {
  { "/sp/files/cli/fifo", "pipe.json", "pipe" },
  { "/sp/files/cli/directory", "folder.json", "folder" },
  { "/sp/files/cli/missing-folder", "no-such-folder/report.json", "does not exist" },
  { "/sp/files/cli/hostile-link", "tmp/report.json", "another user" },
  { "/sp/files/cli/no-extension", "report", ".json" },
};

static void
test_cli_bad_output (gconstpointer data)
{
  const BadOutput *c = data;
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *dir = sp_test_make_tmpdir ("files-cli");
  g_autofree char *server_text = NULL;
  g_autofree char *fifo = g_build_filename (dir, "pipe.json", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.json", NULL);
  g_autofree char *sticky = g_build_filename (dir, "tmp", NULL);
  g_autofree char *link = g_build_filename (sticky, "report.json", NULL);
  g_autofree char *victim = g_build_filename (dir, "victim.json", NULL);
  g_auto(SpTestCliResult) run = { 0 };
  const char *args[] = { "--server", NULL, "--from", "helpdesk@example.org",
                         "--output", c->name, "kate@example.test", NULL };

  if (strstr (c->path, "hostile") != NULL && !sp_test_is_root ())
    {
      g_test_skip ("Giving a link to another user needs root (CI runs as root).");
      sp_test_rm_rf (dir);
      return;
    }

  server_text = g_strdup_printf ("127.0.0.1:%u", sp_scripted_server_get_port (server));
  args[1] = server_text;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (sticky, 0755), ==, 0);
  g_assert_cmpint (g_chmod (sticky, 01777), ==, 0);
  g_assert_true (g_file_set_contents (victim, VICTIM_TEXT, -1, NULL));
  g_assert_cmpint (g_chmod (victim, 0600), ==, 0);
  g_assert_cmpint (symlink (victim, link), ==, 0);
  if (sp_test_is_root ())
    g_assert_cmpint (lchown (link, nobody_uid (), (gid_t) -1), ==, 0);

  sp_test_cli_run (args, dir, &run);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--output"));
  g_assert_nonnull (strstr (run.err, c->expect));
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 0);
  sp_test_assert_file_contents (victim, VICTIM_TEXT);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  sp_test_rm_rf (dir);
}

/* "ticket:1234.json" is a file name in the current folder, not a URI
 * with the scheme "ticket". */
static void
test_cli_colon_name (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *dir = sp_test_make_tmpdir ("files-colon");
  g_autofree char *server_text = NULL;
  g_autofree char *saved = g_build_filename (dir, "ticket:1234.json", NULL);
  g_autofree char *contents = NULL;
  g_auto(SpTestCliResult) run = { 0 };
  const char *args[] = { "--server", NULL, "--from", "helpdesk@example.org", "--no-send",
                         "--output", "ticket:1234.json", "kate@example.test", NULL };

  server_text = g_strdup_printf ("127.0.0.1:%u", sp_scripted_server_get_port (server));
  args[1] = server_text;

  sp_test_cli_run (args, dir, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (saved, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{"));
  g_assert_nonnull (strstr (contents, "kate@example.test"));
  sp_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/files/fifo", test_fifo);
  g_test_add_func ("/sp/files/device", test_device);
  g_test_add_func ("/sp/files/directory", test_directory);
  g_test_add_func ("/sp/files/hostile-symlink", test_hostile_symlink);
  g_test_add_func ("/sp/files/old-file-kept", test_old_file_kept);
  g_test_add_func ("/sp/files/mode-kept", test_mode_kept);
  g_test_add_func ("/sp/files/mode-not-taken-from-others", test_mode_not_taken_from_others);
  for (guint i = 0; i < G_N_ELEMENTS (bad_outputs); i++)
    g_test_add_data_func (bad_outputs[i].path, &bad_outputs[i], test_cli_bad_output);
  g_test_add_func ("/sp/files/cli/colon-name", test_cli_colon_name);

  return g_test_run ();
}
