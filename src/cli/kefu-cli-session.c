/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-session.c — kefu-cli signin and signout: a sign-in kept for a
 * few minutes for this OS user (#21, kefu-session.h)
 *
 * `kefu-cli --as LOGIN signin [--minutes N]` checks the PIN once and keeps
 * a random token in $XDG_RUNTIME_DIR/kefu/ (the folder made 0700, the file
 * 0600; both refused when they are not this OS user's alone, and no
 * session at all without XDG_RUNTIME_DIR: that folder is on tmpfs and gone
 * at logout). One file per database and login, named by a hash of both.
 * The commands that only read (open_store_to_read_as) then show the token
 * instead of asking for the PIN; every command that changes data still
 * asks for it. `kefu-cli --as LOGIN signout`, a new PIN, disabling the
 * user, a change of role and the expiry end the session.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sodium.h>
#include <sys/stat.h>

#include "kefu-cli-private.h"
#include "kefu-engine.h"
#include "kefu-session.h"

#define TOKEN_CHARS (KEFU_SESSION_TOKEN_BYTES * 2)

/* $XDG_RUNTIME_DIR/kefu, made if missing; NULL with @error when it cannot
 * be used: unset, not this user's, or open to others. */
static char *
session_dir (gboolean   create,
             GError   **error)
{
  const char *runtime = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *dir = NULL;
  struct stat st;

  if (runtime == NULL || !g_path_is_absolute (runtime) || stat (runtime, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("kefu-cli keeps sessions only in $XDG_RUNTIME_DIR (a folder of yours alone, emptied when you "
                     "log out), and it is not set to a folder here. Commands ask for the PIN instead."));
      return NULL;
    }
  dir = g_build_filename (runtime, "kefu", NULL);
  if (create && mkdir (dir, 0700) != 0 && errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot make the session folder “%s”: %s."), dir, g_strerror (saved));
      return NULL;
    }
  if (lstat (dir, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot use the session folder “%s”: %s."), dir, g_strerror (saved));
      return NULL;
    }
  if (!S_ISDIR (st.st_mode) || st.st_uid != getuid () || (st.st_mode & 077) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                   _("The session folder “%s” is refused: it must be a folder of this account's alone "
                     "(mode 0700). Remove it or run “chmod 700 %s”."), dir, dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

/* The token file of @login on @db_path: session-<BLAKE2b of both, 16 bytes>. */
static char *
session_file (const char  *db_path,
              const char  *login,
              gboolean     create,
              GError     **error)
{
  g_autofree char *dir = session_dir (create, error);
  g_autofree char *real = NULL;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  char *resolved;

  if (dir == NULL)
    return NULL;
  resolved = realpath (db_path, NULL);
  real = g_strdup (resolved != NULL ? resolved : db_path);
  free (resolved);
  key = g_strdup_printf ("%s\n%s", real, login);
  {
    g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
    name = g_strdup_printf ("session-%.32s", digest);
  }
  return g_build_filename (dir, name, NULL);
}

/* The token kept in @path; NULL when there is none (@error unset) or it
 * is refused (@error set: not this account's, open to others, damaged). */
static char *
read_token (const char  *path,
            GError     **error)
{
  char buf[TOKEN_CHARS + 2];
  struct stat st;
  ssize_t n;
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0)
    {
      int saved = errno;
      if (saved != ENOENT)
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     _("The session file “%s” is refused: %s."), path, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != getuid () || (st.st_mode & 077) != 0)
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                   _("The session file “%s” is refused: it must be this account's alone (mode 0600)."), path);
      return NULL;
    }
  n = read (fd, buf, sizeof buf);
  close (fd);
  if (n < TOKEN_CHARS || n > TOKEN_CHARS + 1 || (n == TOKEN_CHARS + 1 && buf[TOKEN_CHARS] != '\n'))
    {
      sodium_memzero (buf, sizeof buf);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("The session file “%s” is damaged."), path);
      return NULL;
    }
  buf[TOKEN_CHARS] = '\0';
  {
    char *token = g_strdup (buf);
    sodium_memzero (buf, sizeof buf);
    return token;
  }
}

static gboolean
write_token (const char  *path,
             const char  *token,
             GError     **error)
{
  g_autofree char *line = g_strdup_printf ("%s\n", token);
  gsize len = strlen (line);
  gboolean ok;
  int fd;

  g_unlink (path);
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  ok = fd >= 0 && fchmod (fd, 0600) == 0 && write (fd, line, len) == (ssize_t) len;
  if (!ok)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write the session file “%s”: %s."), path, g_strerror (saved));
    }
  if (fd >= 0 && close (fd) != 0)
    ok = FALSE;
  sodium_memzero (line, len);
  if (!ok)
    g_unlink (path);
  return ok;
}

/* For open_store_to_read_as(): signs in with @login's session when this
 * account keeps a usable one for @db_path (TRUE); FALSE otherwise, after
 * saying why on stderr when there was a file that could not be used (then
 * a stale file is removed and the PIN is asked as before). */
gboolean
resume_session (KefuStore   *store,
                const char  *db_path,
                const char  *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KefuUser) user = NULL;
  char *token;

  if (kefu_engine_is_server_spec (db_path))
    return FALSE;
  path = session_file (db_path, login, FALSE, NULL);
  if (path == NULL)
    return FALSE;
  token = read_token (path, &error);
  if (token == NULL)
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      return FALSE;
    }
  user = kefu_session_resume (store, token, login, getuid (), &error);
  kefu_session_token_free (token);
  if (user == NULL)
    {
      g_printerr ("%s\n", error->message);
      if (g_error_matches (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_SESSION))
        g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

int
cmd_signin (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *until_text = NULL;
  guint64 minutes = KEFU_SESSION_DEFAULT_MINUTES;
  gint64 until = 0;
  char *token;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--minutes") && i + 1 < argc)
        {
          if (!parse_uint (argv[++i], KEFU_SESSION_MAX_MINUTES, &minutes) || minutes == 0)
            {
              g_printerr (_("signin: --minutes takes a whole number from 1 to %d, not “%s”.\n"),
                          KEFU_SESSION_MAX_MINUTES, argv[i]);
              return 2;
            }
        }
      else if (g_str_equal (argv[i], "--help"))
        {
          g_print ("%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN signin [--minutes N]"));
          return 0;
        }
      else
        {
          g_printerr (_("signin: unknown argument “%s”.\n"), argv[i]);
          return 2;
        }
    }
  if (kefu_engine_is_server_spec (db_path))
    {
      g_printerr ("%s\n", _("signin: sessions are kept for database files only: a server signs in its connections "
                            "itself."));
      return 1;
    }
  if (!sign_in_needs_login ("signin"))
    return 1;
  /* the folder first: no PIN is asked for a session that cannot be kept */
  path = session_file (db_path, cli_as_login (), TRUE, &error);
  if (path == NULL)
    return fail_with (error);
  store = open_store_with_pin (db_path, "signin");
  if (store == NULL)
    return 1;
  /* a session this account kept before ends: one at a time */
  token = read_token (path, NULL);
  if (token != NULL)
    kefu_session_end (store, token, NULL, NULL);
  kefu_session_token_free (token);
  token = kefu_session_start (store, getuid (), (guint) minutes, &until, &error);
  if (token == NULL)
    return fail_with (error);
  if (!write_token (path, token, &error))
    {
      kefu_session_end (store, token, NULL, NULL);
      kefu_session_token_free (token);
      return fail_with (error);
    }
  kefu_session_token_free (token);
  until_text = local_time (until);
  g_print (_("Signed in as %s until %s. The commands that only read (search, people profile, exam stats…) with "
             "--as %s use this session on this account, without the PIN; commands that change data still ask for "
             "it. “kefu-cli --as %s signout” ends it.\n"),
           cli_as_login (), until_text, cli_as_login (), cli_as_login ());
  return 0;
}

int
cmd_signout (const char  *db_path,
             int          argc,
             char       **argv)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean existed = FALSE;
  char *token;

  if (argc > 1)
    {
      if (g_str_equal (argv[1], "--help"))
        {
          g_print ("%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN signout"));
          return 0;
        }
      g_printerr (_("signout: unknown argument “%s”.\n"), argv[1]);
      return 2;
    }
  if (kefu_engine_is_server_spec (db_path))
    {
      g_printerr ("%s\n", _("signout: sessions are kept for database files only: a server signs in its connections "
                            "itself."));
      return 1;
    }
  if (!sign_in_needs_login ("signout"))
    return 1;
  path = session_file (db_path, cli_as_login (), FALSE, &error);
  if (path == NULL)
    return fail_with (error);
  /* a file refused for its mode or owner is still removed */
  token = read_token (path, NULL);
  store = open_store (db_path);
  if (store == NULL)
    {
      kefu_session_token_free (token);
      return 1;
    }
  if (token != NULL && !kefu_session_end (store, token, &existed, &error))
    {
      kefu_session_token_free (token);
      return fail_with (error);
    }
  kefu_session_token_free (token);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_printerr (_("Cannot remove the session file “%s”: %s.\n"), path, g_strerror (saved));
      return 1;
    }
  if (existed)
    g_print (_("Signed out: the session of %s has ended.\n"), cli_as_login ());
  else
    g_print (_("%s had no session on this account.\n"), cli_as_login ());
  return 0;
}
