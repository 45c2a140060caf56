/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-light.c — the quick kefu-cli: the common light commands here,
 * everything else in the full program
 *
 * kefu-cli is built twice from kefu-cli.c: the full program
 * (kefu-cli-full, installed in libexecdir) with every command, and this
 * light one (kefu-cli, what people and scripts run) with --version and
 * the commands that need only GLib, SQLite and libsodium (the light
 * table in kefu-cli.c). The light one links only the part of libkefu-core
 * those use, so it starts without loading ICU, libical, cairo, Pango,
 * fontconfig, libxlsxwriter or libpq; for any other command, --help or a
 * mistake, it replaces itself with the full program, which sees the same
 * arguments, environment, standard input and output.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "kefu-cli-light.h"

gboolean
kefu_cli_light_handles (int                argc,
                        char             **argv,
                        const char *const *commands)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if ((g_str_equal (arg, "--db") || g_str_equal (arg, "--as")) && i + 1 < argc)
        i++;
      else if (g_str_has_prefix (arg, "--db=") || g_str_has_prefix (arg, "--as="))
        continue;
      else if (g_str_equal (arg, "--version"))
        return TRUE;
      else if (arg[0] == '-')
        return FALSE;   /* --help, or a mistake the full program explains */
      else
        return g_strv_contains (commands, arg);
    }
  return FALSE;   /* no command: the full program prints the usage */
}

/* Where the full program is: beside this one (the build tree, or a
 * relocated install), else where it was installed. */
static char *
full_program_path (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, "kefu-cli-full", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_strdup (KEFU_CLI_FULL_PATH);
}

void
kefu_cli_run_full (char **argv)
{
  g_autofree char *full = full_program_path ();

  execv (full, argv);
  g_printerr (_("kefu-cli: the full program “%s” cannot be started: %s. Reinstall Kefu.\n"),
              full, g_strerror (errno));
  exit (127);
}
