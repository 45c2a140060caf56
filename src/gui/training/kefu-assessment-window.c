/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-assessment-window.c — a practical assessment (情景模拟)
 *
 * The scenario's weighted criteria; a rater (a trainer, supervisor or
 * manager, rating as trainer, supervisor or owner representative) enters
 * a score 0–100 per criterion and saves (kefu_assessment_score: a rater's
 * new scores replace their old ones); a rater who is not the desk's
 * signed-in user types their PIN in place. The result under it is the core's: each
 * rater's weighted score, the mean, the spread between the highest and
 * lowest rater, pass or not, and a warning when raters differ by more
 * than 15 points.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-auth.h"
#include "kefu-assessment.h"
#include "kefu-assessment-window.h"
#include "kefu-pin-dialog.h"
#include "kefu-desk.h"
#include "kefu-enums.h"

static const char *const role_codes[] = { "trainer", "supervisor", "owner_rep" };

struct _KefuAssessmentWindow
{
  AdwWindow      parent_instance;

  KefuStore     *store;
  gint64         assessment_id;
  GArray        *criteria;     /* KefuCriterion */
  GPtrArray     *spins;        /* GtkSpinButton per criterion */
  GListStore    *users;        /* KefuUser */
  GPtrArray     *result_rows;

  /* template */
  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *scores_group;
  AdwComboRow         *rater_row;
  AdwComboRow         *role_row;
  AdwPreferencesGroup *result_group;
};

G_DEFINE_FINAL_TYPE (KefuAssessmentWindow, kefu_assessment_window, ADW_TYPE_WINDOW)

static const char *
role_label (const char *code)
{
  if (g_strcmp0 (code, "trainer") == 0)
    return _("Trainer");
  if (g_strcmp0 (code, "supervisor") == 0)
    return _("Supervisor");
  if (g_strcmp0 (code, "owner_rep") == 0 || g_strcmp0 (code, "owner_representative") == 0)
    return _("Owner representative");
  return code;
}

static GtkWidget *
result_row (KefuAssessmentWindow *self,
            const char           *title,
            const char           *value,
            const char           *css)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (self->result_group, row);
  g_ptr_array_add (self->result_rows, row);
  return row;
}

static void
show_result (KefuAssessmentWindow *self)
{
  g_auto(KefuAssessmentResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->result_rows->len; i++)
    adw_preferences_group_remove (self->result_group, self->result_rows->pdata[i]);
  g_ptr_array_set_size (self->result_rows, 0);
  if (!kefu_assessment_result (self->store, self->assessment_id, &result, &error))
    {
      adw_preferences_group_set_description (self->result_group, error->message);
      return;
    }
  if (result.n_raters == 0)
    {
      adw_preferences_group_set_description (self->result_group, _("No rater has scored yet."));
      return;
    }
  adw_preferences_group_set_description (self->result_group, NULL);
  for (guint i = 0; i < result.raters->len; i++)
    {
      KefuRaterScore *r = &g_array_index (result.raters, KefuRaterScore, i);
      g_autoptr(KefuUser) user = kefu_desk_get_user (self->store, r->rater_id, NULL);
      /* Translators: a rater's line: name (role) */
      g_autofree char *title = g_strdup_printf (_("%s (%s)"), user != NULL ? kefu_user_get_name (user) : "?", role_label (r->role));
      g_autofree char *value = g_strdup_printf ("%.1f", r->score);
      gtk_widget_set_name (result_row (self, title, value, NULL), "rater-score");
    }
  {
    g_autofree char *mean = g_strdup_printf (_("%.1f · pass mark %.0f · %s"), result.mean, result.pass_mark,
                                             result.passed ? _("Passed") : _("Not passed"));
    g_autofree char *spread = g_strdup_printf ("%.1f", result.spread);
    GtkWidget *row;

    gtk_widget_set_name (result_row (self, _("Result: the raters' mean"), mean, result.passed ? "success" : "error"), "result-mean");
    row = result_row (self, _("Spread between raters"), spread, result.raters_disagree ? "warning" : NULL);
    gtk_widget_set_name (row, "result-spread");
    if (result.raters_disagree)
      {
        g_autofree char *warning = g_strdup_printf (_("The raters differ by more than %.0f points: discuss the scores and look at the drill again before the result is used."),
                                                    KEFU_ASSESSMENT_MAX_SPREAD);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), warning);
        gtk_widget_add_css_class (row, "raters-disagree");
      }
  }
}

gboolean
kefu_assessment_window_set_rater (KefuAssessmentWindow *self,
                                  gint64                user_id,
                                  const char           *role)
{
  g_return_val_if_fail (KEFU_IS_ASSESSMENT_WINDOW (self), FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->users)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (self->users), i);
      if (kefu_user_get_id (u) == user_id)
        adw_combo_row_set_selected (self->rater_row, i);
    }
  for (guint r = 0; r < G_N_ELEMENTS (role_codes); r++)
    if (g_strcmp0 (role, role_codes[r]) == 0)
      adw_combo_row_set_selected (self->role_row, r);
  return TRUE;
}

GtkSpinButton *
kefu_assessment_window_get_score (KefuAssessmentWindow *self,
                                  guint                 criterion)
{
  g_return_val_if_fail (KEFU_IS_ASSESSMENT_WINDOW (self), NULL);
  return criterion < self->spins->len ? self->spins->pdata[criterion] : NULL;
}

static void
score_as (KefuAssessmentWindow *self,
          gint64                rater_id)
{
  g_autofree double *scores = g_new0 (double, self->spins->len);
  g_autoptr(GError) error = NULL;
  guint role = adw_combo_row_get_selected (self->role_row);

  if (role >= G_N_ELEMENTS (role_codes))
    return;
  for (guint i = 0; i < self->spins->len; i++)
    scores[i] = gtk_spin_button_get_value (self->spins->pdata[i]);
  if (!kefu_assessment_score (self->store, self->assessment_id, rater_id, role_codes[role],
                              scores, self->spins->len, &error))
    {
      adw_preferences_group_set_description (self->result_group, error->message);
      return;
    }
  show_result (self);
}

static void
rater_confirmed_cb (KefuUser *person,
                    gpointer  data)
{
  KefuAssessmentWindow *self = data;

  if (person == NULL)
    return;
  kefu_assessment_window_set_rater (self, kefu_user_get_id (person), NULL);
  score_as (self, kefu_user_get_id (person));
}

/* A rater other than the desk's user vouches for their sheet with their
 * PIN, in place. */
static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuAssessmentWindow *self = KEFU_ASSESSMENT_WINDOW (widget);
  g_autoptr(KefuUser) rater = g_list_model_get_item (G_LIST_MODEL (self->users), adw_combo_row_get_selected (self->rater_row));

  if (rater == NULL)
    return;
  if (kefu_user_get_id (rater) == kefu_store_get_actor (self->store))
    {
      score_as (self, kefu_user_get_id (rater));
      return;
    }
  kefu_pin_dialog_ask (widget, self->store, KEFU_PERMISSION_RATE_PRACTICAL, 0, kefu_user_get_id (rater),
                       _("The Rater’s PIN"),
                       _("Each rater confirms their own scores: the rater types their PIN, and the sheet is "
                         "recorded under their name."),
                       rater_confirmed_cb, g_object_ref (self), g_object_unref);
}

static char *
user_name (KefuUser *user)
{
  return g_strdup (kefu_user_get_name (user));
}

static void
kefu_assessment_window_dispose (GObject *object)
{
  KefuAssessmentWindow *self = KEFU_ASSESSMENT_WINDOW (object);

  g_clear_pointer (&self->criteria, g_array_unref);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  g_clear_pointer (&self->result_rows, g_ptr_array_unref);
  g_clear_object (&self->users);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_ASSESSMENT_WINDOW);
  G_OBJECT_CLASS (kefu_assessment_window_parent_class)->dispose (object);
}

static void
kefu_assessment_window_class_init (KefuAssessmentWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_assessment_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-assessment-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, scores_group);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, rater_row);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, result_group);
  gtk_widget_class_install_action (widget_class, "assessment.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_assessment_window_init (KefuAssessmentWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->spins = g_ptr_array_new ();
  self->result_rows = g_ptr_array_new ();
}

/* The scores and result of an assessment; @title names the scenario and
 * the trainee. Owned by GTK. */
KefuAssessmentWindow *
kefu_assessment_window_new (GtkWindow   *parent,
                            KefuStore   *store,
                            gint64       assessment_id,
                            const char  *title,
                            GError     **error)
{
  KefuAssessmentWindow *self;
  g_autoptr(GArray) criteria = kefu_assessment_criteria (store, assessment_id, error);
  g_autoptr(GListStore) users = NULL;
  g_autoptr(GtkExpression) name = NULL;

  /* raters are trainers, supervisors and managers (kefu-user.c) */
  if (criteria == NULL || (users = kefu_auth_eligible (store, KEFU_PERMISSION_RATE_PRACTICAL, 0, error)) == NULL)
    return NULL;
  self = g_object_new (KEFU_TYPE_ASSESSMENT_WINDOW, NULL);
  self->store = g_object_ref (store);
  self->assessment_id = assessment_id;
  self->criteria = g_steal_pointer (&criteria);
  self->users = g_steal_pointer (&users);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  adw_window_title_set_subtitle (self->window_title, title);

  name = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (user_name), NULL, NULL);
  adw_combo_row_set_expression (self->rater_row, name);
  adw_combo_row_set_model (self->rater_row, G_LIST_MODEL (self->users));
  for (guint i = 0; i < self->criteria->len; i++)
    {
      KefuCriterion *c = &g_array_index (self->criteria, KefuCriterion, i);
      /* Translators: a rubric criterion with its weight */
      g_autofree char *label = g_strdup_printf (_("%s (weight %.0f)"), c->name, c->weight);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 100, 1);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 80);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (self->scores_group, row);
      g_ptr_array_add (self->spins, spin);
    }
  show_result (self);
  return self;
}
