/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-row.c — a paper in the trainee's My Exams
 *
 * The paper's name; its questions, time limit, pass mark, attempts used,
 * best result and closing time; an attempt in progress with the minutes
 * left. At its end Resume, Start, when it opens, or that no attempt is
 * left (training.take-exam, training.start-exam on the view).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-enums.h"
#include "kefu-exam-row.h"
#include "kefu-training-group.h"

struct _KefuExamRow
{
  AdwActionRow parent_instance;

  gint64       exam_id;
};

G_DEFINE_FINAL_TYPE (KefuExamRow, kefu_exam_row, ADW_TYPE_ACTION_ROW)

static void
kefu_exam_row_class_init (KefuExamRowClass *klass)
{
}

static void
kefu_exam_row_init (KefuExamRow *self)
{
}

static char *
format_minutes_left (gint64 seconds)
{
  gint64 minutes = (seconds + 59) / 60;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute left", "%d minutes left", minutes), (int) minutes);
}

static char *
exam_subtitle (const KefuExamSummary *e,
               gint64                 now)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u question", "%u questions", e->n_questions), e->n_questions);
  if (e->time_limit_min > 0)
    g_string_append_printf (s, _(" · %d min"), e->time_limit_min);
  g_string_append_printf (s, _(" · pass mark %.0f%%"), e->pass_mark);
  if (e->attempts_allowed > 0)
    /* Translators: attempts used of allowed */
    g_string_append_printf (s, _(" · attempts %u of %d"), e->n_attempts, e->attempts_allowed);
  if (e->best_percent >= 0)
    g_string_append_printf (s, _(" · best %.0f%%"), e->best_percent);
  if (e->closes_at > 0)
    {
      g_autofree char *when = kefu_format_time (e->closes_at, "%Y-%m-%d %H:%M");
      /* Translators: when an assigned paper closes */
      g_string_append_printf (s, _(" · closes %s"), when);
    }
  if (e->open_attempt_id > 0)
    {
      g_string_append (s, "\n");
      if (e->open_deadline_at > 0)
        {
          g_autofree char *left = format_minutes_left (MAX (e->open_deadline_at - now, 0));
          /* Translators: an attempt in progress, with the time left */
          g_string_append_printf (s, _("In progress: %s"), left);
        }
      else
        g_string_append (s, _("In progress"));
    }
  return g_string_free (s, FALSE);
}

KefuExamRow *
kefu_exam_row_new (const KefuExamSummary *e,
                   gint64                 now)
{
  KefuExamRow *self = g_object_new (KEFU_TYPE_EXAM_ROW, "use-markup", FALSE, "title", e->name, NULL);
  GtkWidget *row = GTK_WIDGET (self);
  g_autofree char *subtitle = exam_subtitle (e, now);

  self->exam_id = e->id;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_name (row, "exam-row");
  if (e->open_attempt_id > 0)
    kefu_training_row_button (row, _("_Resume"), "training.take-exam", g_variant_new_int64 (e->id), TRUE);
  else if (e->opens_at > now)
    {
      g_autofree char *when = kefu_format_time (e->opens_at, "%Y-%m-%d %H:%M");
      g_autofree char *text = g_strdup_printf (_("Opens %s"), when);
      kefu_training_row_note (row, text);
    }
  else if (kefu_exam_summary_can_start (e))
    kefu_training_row_button (row, _("_Start"), "training.start-exam", g_variant_new_int64 (e->id), TRUE);
  else
    kefu_training_row_note (row, _("No attempts left"));
  return self;
}

gint64
kefu_exam_row_get_exam_id (KefuExamRow *self)
{
  g_return_val_if_fail (KEFU_IS_EXAM_ROW (self), 0);
  return self->exam_id;
}
