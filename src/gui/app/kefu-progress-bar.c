/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-progress-bar.c — worker-thread progress shown in a GtkProgressBar
 *
 * The worker calls kefu_bar_progress_cb(); the numbers are handed to the
 * main loop, and dropped if the bar is gone by then.
 */
#include "config.h"

#include "kefu-progress-bar.h"

struct _KefuBarTarget
{
  GWeakRef bar;
};

typedef struct {
  GWeakRef bar;
  double   fraction;
  char    *message;
} Update;

KefuBarTarget *
kefu_bar_target_new (GtkProgressBar *bar)
{
  KefuBarTarget *target = g_new0 (KefuBarTarget, 1);

  g_weak_ref_init (&target->bar, bar);
  return target;
}

void
kefu_bar_target_free (KefuBarTarget *target)
{
  g_weak_ref_clear (&target->bar);
  g_free (target);
}

static gboolean
update_idle_cb (gpointer data)
{
  Update *u = data;
  g_autoptr(GtkProgressBar) bar = g_weak_ref_get (&u->bar);

  if (bar != NULL)
    {
      gtk_progress_bar_set_fraction (bar, u->fraction);
      gtk_progress_bar_set_text (bar, u->message);
    }
  g_weak_ref_clear (&u->bar);
  g_free (u->message);
  g_free (u);
  return G_SOURCE_REMOVE;
}

void
kefu_bar_progress_cb (double      fraction,
                      const char *message,
                      gpointer    data)
{
  KefuBarTarget *target = data;
  g_autoptr(GtkProgressBar) bar = g_weak_ref_get (&target->bar);
  Update *u;

  if (bar == NULL)
    return;
  u = g_new0 (Update, 1);
  g_weak_ref_init (&u->bar, bar);
  u->fraction = fraction;
  u->message = g_strdup (message);
  g_idle_add (update_idle_cb, u);
}
