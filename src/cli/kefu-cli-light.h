/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-light.h — the quick kefu-cli (kefu-cli-light.c) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when the light program runs @argv itself: --version, or a
 * command in @commands (NULL-terminated) after the global options. */
gboolean kefu_cli_light_handles (int                argc,
                                 char             **argv,
                                 const char *const *commands);

/* Replaces this process with the full program, the same @argv; prints
 * why and exits 127 if it cannot. */
G_GNUC_NORETURN
void     kefu_cli_run_full      (char **argv);

G_END_DECLS
