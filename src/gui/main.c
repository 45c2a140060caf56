/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c — Kefu's desktop program */
#include "config.h"

#include "kefu-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(KefuApplication) app = kefu_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
