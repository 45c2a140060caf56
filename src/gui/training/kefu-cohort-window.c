/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-window.c — a cohort's four-level evaluation on one page
 *
 * The core's report (kefu_cohort_report()), laid out as a trainer reads
 * it: the course and its attendance on top, then the four levels side by
 * side in two rows — reaction and learning, behaviour and results — each
 * with its figures against their targets, a before/after chart for the
 * ticket figures (the bullet chart: the bar is after, the triangle before, the line the target) and
 * the notes where the data is too thin for a trend. Export… writes the
 * same report as a spreadsheet.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kefu-chart-view.h"
#include "kefu-cohort-window.h"
#include "kefu-ledger-dialog.h"
#include "kefu-enums.h"
#include "kefu-gui-util.h"

struct _KefuCohortWindow
{
  AdwWindow         parent_instance;

  KefuStore        *store;
  KefuCohortReport *report;

  /* template */
  AdwWindowTitle   *window_title;
  GtkBox           *content_box;
};

G_DEFINE_FINAL_TYPE (KefuCohortWindow, kefu_cohort_window, ADW_TYPE_WINDOW)

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_widget_set_hexpand (group, TRUE);
  gtk_widget_set_valign (group, GTK_ALIGN_START);
  return group;
}

static GtkWidget *
value_row (GtkWidget  *group,
           const char *title,
           const char *subtitle,
           const char *value,
           const char *css)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  if (ADW_IS_EXPANDER_ROW (group))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (group), row);
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
add_notes (GtkWidget *group,
           GPtrArray *notes)
{
  for (guint i = 0; i < notes->len; i++)
    {
      GtkWidget *label = gtk_label_new (notes->pdata[i]);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_name (label, "cohort-note");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 6);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
    }
}

static const char *
meets (double value,
       double target,
       gboolean higher_is_better)
{
  if (isnan (value) || isnan (target))
    return NULL;
  return (higher_is_better ? value >= target - 1e-9 : value <= target + 1e-9) ? "success" : "warning";
}

/* "30.0 min → 10.0 min  (−20.0 min)" or "… (too few cases)" */
static char *
figure_text (const KefuCohortFigureInfo *info,
             const KefuCohortFigure     *f)
{
  g_autofree char *before = kefu_cohort_figure_format (info, f->before);
  g_autofree char *after = kefu_cohort_figure_format (info, f->after);
  g_autofree char *change = kefu_cohort_figure_change (info, f);

  /* Translators: a cohort figure: before → after (the change) */
  return g_strdup_printf (_("%s → %s  (%s)"), before, after, change);
}

static char *
figure_subtitle (const KefuCohortFigureInfo *info,
                 const KefuCohortFigure     *f)
{
  g_autofree char *target = kefu_cohort_figure_format (info, info->target);

  /* Translators: the target of a figure and the cases it rests on before and after */
  return g_strdup_printf (_("target %s%s · %lld cases before, %lld after"),
                          info->higher_is_better ? "≥ " : "≤ ", target, (long long) f->n_before, (long long) f->n_after);
}

static GtkWidget *
figure_row (GtkWidget                  *group,
            const KefuCohortFigureInfo *info,
            const KefuCohortFigure     *f)
{
  g_autofree char *text = figure_text (info, f);
  g_autofree char *subtitle = figure_subtitle (info, f);

  return value_row (group, _(info->label), subtitle, text,
                    f->verdict == KEFU_TREND_SHOWN ? meets (f->after, info->target, info->higher_is_better) : "dim-label");
}

/* Before and after against the targets: one bullet per figure. */
static GtkWidget *
figures_chart (const char                  *title,
               const KefuCohortFigureInfo *(*info_of) (int),
               const KefuCohortFigure      *figures,
               int                          n)
{
  g_autoptr(KefuChart) chart = kefu_chart_new (KEFU_CHART_BULLET, title);
  GtkWidget *view;
  guint index = 0;

  for (int i = 0; i < n; i++)
    {
      const KefuCohortFigureInfo *info = info_of (i);
      const KefuCohortFigure *f = &figures[i];
      double value = isnan (f->after) ? f->before : f->after;
      double previous = isnan (f->after) ? NAN : f->before;
      double max = info->is_rate ? 1 : info->is_minutes ? MAX (MAX (value, isnan (previous) ? 0 : previous), info->target) * 1.25 : 100;

      if (isnan (value))
        continue;
      kefu_chart_add_bullet (chart, _(info->label), value, info->target, previous, max, info->higher_is_better);
      kefu_chart_set_bullet_format (chart, index++, info->is_rate ? KEFU_CHART_FORMAT_PERCENT
                                                    : info->is_minutes ? KEFU_CHART_FORMAT_MINUTES
                                                    : KEFU_CHART_FORMAT_SCORE);
    }
  if (index == 0)
    return NULL;
  view = kefu_chart_view_new (chart);
  gtk_widget_set_size_request (view, -1, 60 + 48 * index);
  gtk_widget_set_margin_top (view, 6);
  return view;
}

static const KefuCohortFigureInfo *
behaviour_info (int i)
{
  return kefu_behaviour_info (i);
}

static const KefuCohortFigureInfo *
result_info (int i)
{
  return kefu_result_info (i);
}

static GtkWidget *
side_by_side (KefuCohortWindow *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);

  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_box_append (self->content_box, row);
  return row;
}

static void
build (KefuCohortWindow *self)
{
  const KefuCohortReport *r = self->report;
  g_autofree char *starts = kefu_format_time (r->starts_at, "%Y-%m-%d");
  g_autofree char *ends = kefu_format_time (r->ends_at - 1, "%Y-%m-%d");
  g_autofree char *now = kefu_format_time (r->now, "%Y-%m-%d");
  GtkWidget *group, *row;

  adw_window_title_set_subtitle (self->window_title, r->name);

  /* the course and its attendance */
  {
    /* Translators: the dates of a cohort and the moment the report is computed at */
    g_autofree char *description = g_strdup_printf (_("%s to %s · %s · as of %s"), starts, ends,
                                                    kefu_cohort_state_label (r->state), now);
    g_autofree char *members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", r->n_members),
                                                r->n_members);
    g_autofree char *sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session, %.1f hours",
                                                              "%u sessions, %.1f hours", r->n_sessions),
                                                 r->n_sessions, r->planned_hours);
    g_autofree char *rate = isnan (r->attendance_rate) ? g_strdup ("—") : g_strdup_printf ("%.1f%%", r->attendance_rate * 100);
    g_autofree char *target = g_strdup_printf (_("target ≥ %.0f%%"), KEFU_COHORT_ATTENDANCE_TARGET * 100);

    group = group_new (r->course, description);
    gtk_box_append (self->content_box, group);
    value_row (group, _("Staff group"), NULL, r->group != NULL ? r->group : "—", NULL);
    value_row (group, _("Trainer"), NULL, r->trainer != NULL ? r->trainer : "—", NULL);
    value_row (group, _("Members"), sessions, members, NULL);
    value_row (group, _("Attendance"), target, rate, meets (r->attendance_rate, KEFU_COHORT_ATTENDANCE_TARGET, TRUE));
    add_notes (group, r->notes[0]);
  }

  row = side_by_side (self);
  /* 1 reaction */
  {
    g_autofree char *mean = isnan (r->reaction_mean) ? g_strdup ("—") : g_strdup_printf ("%.2f", r->reaction_mean);
    g_autofree char *target = g_strdup_printf (_("target ≥ %.1f of 5"), KEFU_COHORT_REACTION_TARGET);
    g_autofree char *answers = isnan (r->response_rate) ? g_strdup ("—")
                               : g_strdup_printf (_("%u answers, %.0f%% of the members"), r->responses, r->response_rate * 100);

    group = group_new (_("1 · Reaction"), _("The survey right after the course, 1 to 5 on each question."));
    gtk_widget_set_name (group, "cohort-reaction");
    gtk_widget_set_name (value_row (group, _("Mean"), target, mean, meets (r->reaction_mean, KEFU_COHORT_REACTION_TARGET, TRUE)),
                         "cohort-reaction-mean");
    value_row (group, _("Answers"), NULL, answers, NULL);
    for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
      {
        g_autofree char *v = isnan (r->item_mean[i]) ? g_strdup ("—") : g_strdup_printf ("%.2f", r->item_mean[i]);
        value_row (group, kefu_survey_item_label (i), NULL, v, NULL);
      }
    add_notes (group, r->notes[1]);
    gtk_box_append (GTK_BOX (row), group);
  }
  /* 2 learning */
  {
    g_autofree char *until = kefu_format_time (r->learning_until - 1, "%Y-%m-%d");
    g_autofree char *description = g_strdup_printf (_("Exam and practical results from the start of the course to %s."), until);
    g_autofree char *exam = g_strdup_printf (_("%u of %u passed"), r->exam_passed, r->exam_taken);
    g_autofree char *exam_sub = isnan (r->exam_mean) ? g_strdup_printf (_("pass ≥ %.0f"), KEFU_COHORT_EXAM_PASS)
                                : g_strdup_printf (_("pass ≥ %.0f · mean %.1f"), KEFU_COHORT_EXAM_PASS, r->exam_mean);
    g_autofree char *practical = g_strdup_printf (_("%u of %u passed"), r->practical_passed, r->practical_taken);
    g_autofree char *practical_sub = isnan (r->practical_mean) ? g_strdup_printf (_("pass ≥ %.0f"), KEFU_COHORT_PRACTICAL_PASS)
                                     : g_strdup_printf (_("pass ≥ %.0f · mean %.1f"), KEFU_COHORT_PRACTICAL_PASS,
                                                        r->practical_mean);

    group = group_new (_("2 · Learning"), description);
    gtk_widget_set_name (group, "cohort-learning");
    value_row (group, _("Exam"), exam_sub, exam, NULL);
    value_row (group, _("Practical"), practical_sub, practical, NULL);
    for (guint i = 0; i < r->trainees->len; i++)
      {
        const KefuCohortTrainee *t = r->trainees->pdata[i];
        g_autofree char *e = isnan (t->exam_percent) ? g_strdup ("—") : g_strdup_printf ("%.1f", t->exam_percent);
        g_autofree char *p = isnan (t->practical_score) ? g_strdup ("—") : g_strdup_printf ("%.1f", t->practical_score);
        /* Translators: a trainee's exam and practical results */
        g_autofree char *v = g_strdup_printf (_("exam %s · practical %s"), e, p);
        /* Translators: a trainee's tier and hours attended */
        g_autofree char *sub = g_strdup_printf (_("%s · %.1f hours"), kefu_tier_label (t->tier), t->hours);
        value_row (group, t->name, sub, v, NULL);
      }
    add_notes (group, r->notes[2]);
    gtk_box_append (GTK_BOX (row), group);
  }

  row = side_by_side (self);
  /* 3 behaviour */
  {
    g_autofree char *from = kefu_format_time (r->behaviour_before_from, "%Y-%m-%d");
    g_autofree char *to = kefu_format_time (r->behaviour_after_to - 1, "%Y-%m-%d");
    g_autofree char *description = g_strdup_printf (
        _("The trainees’ own tickets, 13 weeks before (from %s) against 13 weeks after (to %s)."), from, to);
    GtkWidget *chart;

    group = group_new (_("3 · Behaviour"), description);
    gtk_widget_set_name (group, "cohort-behaviour");
    chart = figures_chart (_("All trainees: after (bar), before (triangle), target (line)"), behaviour_info, r->behaviour, KEFU_BEHAVIOUR_N);
    if (chart != NULL)
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), chart);
    for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
      figure_row (group, kefu_behaviour_info (f), &r->behaviour[f]);
    /* the supervisor's weekly forms */
    {
      /* Translators: observation forms and trainees they cover */
      g_autofree char *forms = g_strdup_printf (_("forms: %u · trainees: %u · target ≥ %.0f%%"), r->observations,
                                                r->observed_trainees, KEFU_COHORT_PHRASE_TARGET);
      g_autofree char *phrases = isnan (r->phrase_mean) ? g_strdup ("—") : g_strdup_printf ("%.1f%%", r->phrase_mean);
      g_autofree char *handling = isnan (r->handling_mean) ? g_strdup ("—") : g_strdup_printf (_("%.1f min"), r->handling_mean);
      g_autofree char *cooperation = isnan (r->cooperation_mean) ? g_strdup ("—")
                                     : g_strdup_printf (_("%.1f of 5"), r->cooperation_mean);

      gtk_widget_set_name (value_row (group, _("Standard-phrase use (observed)"), forms, phrases,
                                      meets (r->phrase_mean, KEFU_COHORT_PHRASE_TARGET, TRUE)),
                           "cohort-phrases");
      value_row (group, _("Handling time (observed)"), NULL, handling, NULL);
      value_row (group, _("Cooperation (observed)"), NULL, cooperation, NULL);
    }
    for (guint i = 0; i < r->trainees->len; i++)
      {
        const KefuCohortTrainee *t = r->trainees->pdata[i];
        GtkWidget *expander = adw_expander_row_new ();

        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), t->name);
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), kefu_tier_label (t->tier));
        for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
          figure_row (expander, kefu_behaviour_info (f), &t->behaviour[f]);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
      }
    add_notes (group, r->notes[3]);
    gtk_box_append (GTK_BOX (row), group);
  }
  /* 4 results */
  {
    g_autofree char *from = kefu_format_time (r->results_before_from, "%Y-%m-%d");
    g_autofree char *to = kefu_format_time (r->results_after_to - 1, "%Y-%m-%d");
    g_autofree char *description = g_strdup_printf (_("26 weeks before (from %s) against 26 weeks after (to %s)."), from, to);
    g_autofree char *roi = isnan (r->roi) ? g_strdup ("—") : g_strdup_printf ("1 : %.1f", r->roi);
    g_autofree char *roi_sub = g_strdup_printf (_("costs %.0f yuan · savings %.0f yuan · target 1 : %.0f"), r->costs,
                                                r->savings, KEFU_COHORT_ROI_TARGET);

    group = group_new (_("4 · Results"), description);
    gtk_widget_set_name (group, "cohort-results");
    for (guint i = 0; i < r->results->len; i++)
      {
        const KefuCohortResults *res = r->results->pdata[i];
        g_autofree char *title = g_strdup_printf (_("%s: after (bar), before (triangle), target (line)"), res->scope);
        GtkWidget *chart = i == 0 ? figures_chart (title, result_info, res->figures, KEFU_RESULT_N) : NULL;
        g_autofree char *tickets = g_strdup_printf (_("%lld before, %lld after"),
                                                    (long long) res->tickets_before, (long long) res->tickets_after);

        if (chart != NULL)
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), chart);
        /* Translators: the tickets of the center or a staff group */
        {
          g_autofree char *label = g_strdup_printf (_("%s · tickets"), res->scope);
          value_row (group, label, NULL, tickets, NULL);
        }
        for (KefuResultFigure f = 0; f < KEFU_RESULT_N; f++)
          {
            GtkWidget *fr = figure_row (group, kefu_result_info (f), &res->figures[f]);
            g_autofree char *title2 = g_strdup_printf ("%s · %s", res->scope, _(kefu_result_info (f)->label));
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr), title2);
          }
      }
    {
      GtkWidget *roi_row = value_row (group, _("Return on the training"), roi_sub, roi,
                                      meets (r->roi, KEFU_COHORT_ROI_TARGET, TRUE));
      GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Cost or Saving…"));

      gtk_widget_set_name (roi_row, "cohort-roi");
      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "cohort.add-ledger");
      adw_action_row_add_suffix (ADW_ACTION_ROW (roi_row), add);
    }
    add_notes (group, r->notes[4]);
    gtk_box_append (GTK_BOX (row), group);
  }
}

/* The report again, after a change. */
static gboolean
refresh (KefuCohortWindow  *self,
         GError           **error)
{
  g_autoptr(KefuCohortReport) report = kefu_cohort_report (self->store, self->report->id, error);
  GtkWidget *child;

  if (report == NULL)
    return FALSE;
  kefu_cohort_report_free (self->report);
  self->report = g_steal_pointer (&report);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content_box))) != NULL)
    gtk_box_remove (self->content_box, child);
  build (self);
  return TRUE;
}

static void
ledger_response_cb (KefuLedgerDialog *dialog,
                    const char       *response,
                    KefuCohortWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  if (kefu_cohort_add_ledger (self->store, self->report->id, kefu_ledger_dialog_is_saving (dialog),
                              kefu_ledger_dialog_get_item (dialog), kefu_ledger_dialog_get_amount (dialog), &error) <= 0 ||
      !refresh (self, &error))
    {
      GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Not Added"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
    }
}

/* A cost (trainer's fee, room, hours away from the desk) or a saving, in
 * yuan (kefu-ledger-dialog.c). */
GtkWindow *
kefu_cohort_window_add_ledger (KefuCohortWindow *self)
{
  KefuLedgerDialog *dialog;

  g_return_val_if_fail (KEFU_IS_COHORT_WINDOW (self), NULL);
  dialog = kefu_ledger_dialog_new (GTK_WINDOW (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (ledger_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
add_ledger_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kefu_cohort_window_add_ledger (KEFU_COHORT_WINDOW (widget));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  KefuCohortWindow *self = KEFU_COHORT_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      if (kefu_cohort_report_write (self->report, path, &error))
        message = g_strdup_printf (_("Wrote “%s”."), path);
      else
        message = g_strdup (error->message);
      gtk_widget_activate_action (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self))) != NULL
                                  ? GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self))) : GTK_WIDGET (self),
                                  "win.toast", "s", message);
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuCohortWindow *self = KEFU_COHORT_WINDOW (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export the Cohort Report"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* Translators: the suggested file name of a cohort's report */
  g_autofree char *name = g_strdup_printf (_("cohort-%lld.xlsx"), (long long) self->report->id);

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
kefu_cohort_window_dispose (GObject *object)
{
  KefuCohortWindow *self = KEFU_COHORT_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->report, kefu_cohort_report_free);
  G_OBJECT_CLASS (kefu_cohort_window_parent_class)->dispose (object);
}

static void
kefu_cohort_window_class_init (KefuCohortWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_cohort_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-cohort-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuCohortWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KefuCohortWindow, content_box);
  gtk_widget_class_install_action (widget_class, "cohort.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "cohort.add-ledger", NULL, add_ledger_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_cohort_window_init (KefuCohortWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KefuCohortWindow *
kefu_cohort_window_new (GtkWindow  *parent,
                        KefuStore  *store,
                        gint64      cohort_id,
                        GError    **error)
{
  g_autoptr(KefuCohortReport) report = kefu_cohort_report (store, cohort_id, error);
  KefuCohortWindow *self;

  if (report == NULL)
    return NULL;
  self = g_object_new (KEFU_TYPE_COHORT_WINDOW, NULL);
  self->store = g_object_ref (store);
  self->report = g_steal_pointer (&report);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  build (self);
  return self;
}

const KefuCohortReport *
kefu_cohort_window_get_report (KefuCohortWindow *self)
{
  g_return_val_if_fail (KEFU_IS_COHORT_WINDOW (self), NULL);
  return self->report;
}
