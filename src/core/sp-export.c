/* sp-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sp-export-private.h"

/* Public API */

int
_sp_export_find_extension (const char         *filename,
                           const char * const *extensions)
{
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;
  const char *dot;

  g_return_val_if_fail (filename != NULL, -1);

  /* Only the last component counts: "reports.json/today" is no JSON file. */
  base = g_path_get_basename (filename);
  lower = g_ascii_strdown (base, -1);
  dot = strrchr (lower, '.');
  if (dot == NULL || dot == lower)
    return -1;

  for (int i = 0; extensions[i] != NULL; i++)
    if (strcmp (dot, extensions[i]) == 0)
      return i;

  return -1;
}

gboolean
sp_export_format_from_filename (const char     *filename,
                                SpExportFormat *format)
{
  static const char * const extensions[] = { ".txt", ".log", ".html", ".htm", ".json", NULL };
  static const SpExportFormat formats[] = {
    SP_EXPORT_FORMAT_TEXT, SP_EXPORT_FORMAT_TEXT, SP_EXPORT_FORMAT_HTML, SP_EXPORT_FORMAT_HTML,
    SP_EXPORT_FORMAT_JSON,
  };
  int found = _sp_export_find_extension (filename, extensions);

  if (found < 0)
    return FALSE;
  if (format != NULL)
    *format = formats[found];

  return TRUE;
}

char *
sp_export_to_string (SpTranscript   *transcript,
                     SpExportFormat  format)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  switch (format)
    {
    case SP_EXPORT_FORMAT_TEXT:
      return _sp_export_text (transcript);

    case SP_EXPORT_FORMAT_HTML:
      return _sp_export_html (transcript);

    case SP_EXPORT_FORMAT_JSON:
      return _sp_export_json (transcript);

    default:
      g_return_val_if_reached (NULL);
    }
}

/* Saving
 *
 * g_file_replace_contents_bytes_async() was checked with strace on GLib
 * 2.74: for an existing regular file with one link it writes a
 * ".goutputstream-XXXXXX" file beside it, fsyncs and renames it over the
 * old one, which is atomic. But a NEW file is written in place under its
 * final name (a full disk leaves a partial report), and a file with hard
 * links or behind a symlink is truncated and rewritten in place unless
 * G_FILE_CREATE_REPLACE_DESTINATION is given. So local files are written
 * here by hand, always through a temporary file in the same folder, then
 * fsync() and rename(); other GIO backends (sftp://, …) go through
 * g_file_replace_contents_bytes_async(), whose atomicity is the backend's. */

typedef struct
{
  char   *path;
  GBytes *bytes;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_free (save->path);
  g_bytes_unref (save->bytes);
  g_free (save);
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          len,
           int           *errsv)
{
  while (len > 0)
    {
      gssize written = write (fd, data, len);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          *errsv = errno;
          return FALSE;
        }

      data += written;
      len -= written;
    }

  return TRUE;
}

/* A symbolic link sends the write wherever its owner chose. Follow only
 * links of the user's own or root's: the kernel's fs.protected_symlinks
 * makes this rule for sticky world-writable folders such as /tmp, but a
 * program run as root would otherwise still overwrite whatever file a
 * link from another user names. */
static gboolean
check_link_owner (const char  *path,
                  const char  *shown,
                  GError     **error)
{
  g_autofree char *display = NULL;
  GStatBuf lst;

  if (g_lstat (path, &lst) != 0 || !S_ISLNK (lst.st_mode))
    return TRUE;
  if (lst.st_uid == geteuid () || lst.st_uid == 0)
    return TRUE;

  display = g_filename_display_name (shown);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               _("“%s” is a symbolic link that belongs to another user, so the report is not "
                 "written where it points. Choose a file name that is not a link."), display);
  return FALSE;
}

/* Every folder on the way can be a link as well: check each prefix of
 * the path as the kernel walks it. */
static gboolean
check_path_links (const char  *path,
                  GError     **error)
{
  g_autofree char *absolute = NULL;

  if (g_path_is_absolute (path))
    absolute = g_strdup (path);
  else
    {
      g_autofree char *cwd = g_get_current_dir ();

      absolute = g_build_filename (cwd, path, NULL);
    }

  for (char *slash = strchr (absolute + 1, '/'); ; slash = strchr (slash + 1, '/'))
    {
      if (slash != NULL)
        *slash = '\0';
      if (!check_link_owner (absolute, absolute, error))
        return FALSE;
      if (slash == NULL)
        return TRUE;
      *slash = '/';
    }
}

static gboolean
set_not_regular_error (const char  *target,
                       mode_t       mode,
                       GError     **error)
{
  g_autofree char *display = g_filename_display_name (target);

  if (S_ISDIR (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                 _("“%s” is a folder. Choose a file name for the report."), display);
  else if (S_ISFIFO (mode) || S_ISSOCK (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 /* Translators: a named pipe (FIFO) or a socket */
                 _("“%s” is a pipe or a socket, not a file; the report is saved to regular "
                   "files only. Choose a file name such as report.txt."), display);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 /* Translators: a device node such as /dev/null or /dev/sda */
                 _("“%s” is a device, not a file; the report is saved to regular files only. "
                   "Choose a file name such as report.txt."), display);
  return FALSE;
}

/* What may be written, and where: @path must name a regular file or a new
 * one, in a folder that exists and that the user may write to. On success
 * *@target_out is the file to replace (links resolved) and *@have_old says
 * whether it exists, with its status in @old. */
static gboolean
check_local_path (const char  *path,
                  char       **target_out,
                  gboolean    *have_old,
                  GStatBuf    *old,
                  GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *display = NULL;
  GStatBuf lst;
  GStatBuf dir_st;
  int errsv;

  *have_old = FALSE;

  if (path[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("The file name is empty. Give a name such as report.txt."));
      return FALSE;
    }

  if (!check_path_links (path, error))
    return FALSE;

  if (g_lstat (path, &lst) == 0 && S_ISLNK (lst.st_mode))
    {
      /* Replace the file a symlink points to, not the link itself. */
      char *resolved = realpath (path, NULL);

      if (resolved == NULL)
        {
          display = g_filename_display_name (path);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("“%s” is a symbolic link to a file or folder that does not exist. "
                         "Choose another file name, or remove the link."), display);
          return FALSE;
        }
      target = g_strdup (resolved);
      free (resolved);
    }
  else
    target = g_strdup (path);

  if (g_stat (target, old) == 0)
    {
      if (!S_ISREG (old->st_mode))
        return set_not_regular_error (target, old->st_mode, error);
      *have_old = TRUE;
    }
  else if (errno != ENOENT)
    {
      errsv = errno;
      display = g_filename_display_name (target);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   /* Translators: %s first is the file name, then the system's reason. */
                   _("“%s” cannot be checked: %s. Choose another file name."),
                   display, g_strerror (errsv));
      return FALSE;
    }

  dir = g_path_get_dirname (target);
  display = g_filename_display_name (dir);
  if (g_stat (dir, &dir_st) != 0 || !S_ISDIR (dir_st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The folder “%s” does not exist. Create it first, or choose another "
                     "folder for the report."), display);
      return FALSE;
    }
  /* The report is written beside the target, then renamed over it. */
  if (g_access (dir, W_OK | X_OK) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("You may not create files in the folder “%s”. Choose a folder that you "
                     "may write to."), display);
      return FALSE;
    }

  if (target_out != NULL)
    *target_out = g_steal_pointer (&target);

  return TRUE;
}

/* Non-local files (sftp://, …) get what their backend can tell. */
static gboolean
check_remote_file (GFile   *file,
                   GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *where = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (info == NULL)
    return TRUE;

  where = g_file_get_parse_name (file);
  switch (g_file_info_get_file_type (info))
    {
    case G_FILE_TYPE_REGULAR:
    case G_FILE_TYPE_UNKNOWN:
      return TRUE;

    case G_FILE_TYPE_DIRECTORY:
      return set_not_regular_error (where, S_IFDIR, error);

    case G_FILE_TYPE_SYMBOLIC_LINK:
    case G_FILE_TYPE_SHORTCUT:
    case G_FILE_TYPE_MOUNTABLE:
    case G_FILE_TYPE_SPECIAL:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file; the report is saved to regular files only. "
                     "Choose another file name."), where);
      return FALSE;
    }
}

gboolean
sp_export_check_file (GFile   *file,
                      GError **error)
{
  g_autofree char *path = NULL;
  gboolean have_old;
  GStatBuf old;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL || !g_file_is_native (file))
    return check_remote_file (file, error);

  return check_local_path (path, NULL, &have_old, &old, error);
}

static void
set_write_error (const char  *target,
                 int          errsv,
                 GError     **error)
{
  g_autofree char *display = g_filename_display_name (target);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               /* Translators: %s first is the file name, then the system's reason. */
               _("The report could not be written to “%s”: %s. Any earlier file of "
                 "that name is unchanged; free some space or choose another place, "
                 "then try again."),
               display, g_strerror (errsv));
}

struct _SpExportSave
{
  char     *target;
  char     *tmp_path;
  int       fd;
  gboolean  have_old;
  GStatBuf  old;
};

void
_sp_export_save_free (SpExportSave *save)
{
  if (save == NULL)
    return;

  /* Not committed: the old file stays as it was. */
  if (save->fd >= 0)
    {
      close (save->fd);
      g_unlink (save->tmp_path);
    }
  g_free (save->target);
  g_free (save->tmp_path);
  g_free (save);
}

SpExportSave *
_sp_export_save_begin (const char  *path,
                       GError     **error)
{
  g_autoptr(SpExportSave) save = g_new0 (SpExportSave, 1);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *display_dir = NULL;
  int errsv;

  save->fd = -1;

  /* Again, right before writing: the path may have changed since the
   * caller checked it before the test. */
  if (!check_local_path (path, &save->target, &save->have_old, &save->old, error))
    return NULL;

  dir = g_path_get_dirname (save->target);
  base = g_path_get_basename (save->target);
  tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  save->tmp_path = g_build_filename (dir, tmp_name, NULL);
  display_dir = g_filename_display_name (dir);

  save->fd = g_mkstemp_full (save->tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (save->fd < 0)
    {
      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   /* Translators: %s first is the folder, then the system's reason. */
                   _("The report could not be saved in the folder “%s”: %s. Choose a folder "
                     "that exists and that you may write to."),
                   display_dir, g_strerror (errsv));
      return NULL;
    }

  /* Keep the permissions the user gave the old report, never set-id
   * bits. Only for the user's own file: a file someone else left in
   * /tmp with mode 0666 must not make the new report writable by all. */
  if (save->have_old && save->old.st_uid == geteuid ())
    (void) fchmod (save->fd, save->old.st_mode & 0777);

  return g_steal_pointer (&save);
}

int
_sp_export_save_get_fd (SpExportSave *save)
{
  return save->fd;
}

gboolean
_sp_export_save_commit (SpExportSave  *save,
                        GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (save->target);
  g_autofree char *display_target = g_filename_display_name (save->target);
  int errsv = 0;
  int fd = save->fd;

  /* fsync() before rename(): otherwise a crash could leave the new name
   * pointing at a file whose data never reached the disk. */
  save->fd = -1;
  if (fsync (fd) != 0)
    errsv = errno;
  /* A full disk may show only here, on NFS for one. */
  if (close (fd) != 0 && errsv == 0)
    errsv = errno;
  if (errsv != 0)
    {
      g_unlink (save->tmp_path);
      set_write_error (save->target, errsv, error);
      return FALSE;
    }

  if (g_rename (save->tmp_path, save->target) != 0)
    {
      errsv = errno;
      g_unlink (save->tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   /* Translators: %s first is the file name, then the system's reason. */
                   _("The report could not be saved as “%s”: %s. Any earlier file of "
                     "that name is unchanged; choose another name and try again."),
                   display_target, g_strerror (errsv));
      return FALSE;
    }

  /* Make the rename itself durable; failing here changes nothing the
   * user can act on. */
  fd = g_open (dir, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      (void) fsync (fd);
      close (fd);
    }

  return TRUE;
}

static gboolean
save_local_file (const char    *path,
                 GBytes        *bytes,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(SpExportSave) save = NULL;
  const guint8 *data;
  gsize len;
  int errsv = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  save = _sp_export_save_begin (path, error);
  if (save == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  if (!write_all (save->fd, data, len, &errsv))
    {
      set_write_error (save->target, errsv, error);
      return FALSE;
    }

  return _sp_export_save_commit (save, error);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *save = task_data;
  GError *error = NULL;

  if (save_local_file (save->path, save->bytes, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sp_export_to_file_async (SpTranscript        *transcript,
                         SpExportFormat       format,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  SaveData *save;
  gsize len;

  g_return_if_fail (SP_IS_TRANSCRIPT (transcript));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_export_to_file_async);
  /* Once the rename happened the file is saved; report that rather than
   * a cancellation that came too late to stop it. */
  g_task_set_check_cancellable (task, FALSE);

  /* The transcript is not thread-safe: render it here, write elsewhere. */
  text = sp_export_to_string (transcript, format);
  if (text == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The report could not be made in this format."));
      return;
    }

  len = strlen (text);
  save = g_new0 (SaveData, 1);
  save->bytes = g_bytes_new_take (g_steal_pointer (&text), len);

  path = g_file_get_path (file);
  if (path != NULL && g_file_is_native (file))
    {
      save->path = g_steal_pointer (&path);
      g_task_set_task_data (task, save, save_data_free);
      g_task_run_in_thread (task, save_thread);
      return;
    }

  g_task_set_task_data (task, save, save_data_free);
  g_file_replace_contents_bytes_async (file, save->bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_contents_cb,
                                       g_steal_pointer (&task));
}

gboolean
sp_export_to_file_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sp_export_to_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
