/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-assessment-window.c — a practical assessment (情景模拟)
 *
 * The panel: staff raters (users who may rate) and named external raters
 * (an owner representative 业主代表, not a user), added by the trainer.
 * The scenario's weighted criteria; a panel member is chosen, a score
 * 0–100 entered per criterion, and saved: a staff rater who is not the
 * desk's signed-in user confirms with their own PIN in place (the desk
 * stays the trainer's); an external rater's sheet is entered by the
 * trainer, who vouches for it. Each rater's real role is the core's
 * (kefu-assessment.c). The result under it says whether it is final or
 * provisional and why ("2 of 3 raters scored", "spread 22 > 15 on 沟通");
 * with every rater in and a spread above 15 the trainer may record a
 * decision (the value and why). The score history lists every change.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kefu-auth.h"
#include "kefu-assessment.h"
#include "kefu-assessment-window.h"
#include "kefu-pin-dialog.h"
#include "kefu-desk.h"
#include "kefu-enums.h"

struct _KefuAssessmentWindow
{
  AdwWindow      parent_instance;

  KefuStore     *store;
  gint64         assessment_id;
  GArray        *criteria;     /* KefuCriterion */
  GPtrArray     *spins;        /* GtkSpinButton per criterion */
  GListStore    *users;        /* KefuUser who may rate */
  GPtrArray     *panel;        /* KefuPanelMember, as rater_row lists them */
  GPtrArray     *panel_rows;
  GPtrArray     *result_rows;
  GPtrArray     *history_rows;
  GtkSpinButton *decide_score;
  AdwEntryRow   *decide_reason;

  /* template */
  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *panel_group;
  AdwComboRow         *staff_row;
  AdwEntryRow         *external_name_row;
  AdwEntryRow         *external_role_row;
  AdwPreferencesGroup *scores_group;
  AdwComboRow         *rater_row;
  AdwEntryRow         *reason_row;
  AdwPreferencesGroup *result_group;
  AdwPreferencesGroup *history_group;
};

G_DEFINE_FINAL_TYPE (KefuAssessmentWindow, kefu_assessment_window, ADW_TYPE_WINDOW)

/* A staff rater's role code reads as the role; an external's is their own words. */
static const char *
member_role (gint64      user_id,
             const char *role)
{
  return user_id > 0 ? kefu_code_label (KEFU_CODES_ROLE, role) : role;
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title,
         const char          *subtitle,
         const char          *value,
         const char          *css)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      if (css != NULL)
        gtk_widget_add_css_class (label, css);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

static void
show_message (KefuAssessmentWindow *self,
              const char           *message)
{
  adw_preferences_group_set_description (self->result_group, message);
}

/* The panel's rows and the rater list. */
static void
show_panel (KefuAssessmentWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) panel = kefu_assessment_panel (self->store, self->assessment_id, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = adw_combo_row_get_selected (self->rater_row);

  clear_rows (self->panel_group, self->panel_rows);
  if (panel == NULL)
    {
      show_message (self, error->message);
      return;
    }
  for (guint i = 0; i < panel->len; i++)
    {
      KefuPanelMember *m = panel->pdata[i];
      /* Translators: a rater's line: name (role) */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), m->name, member_role (m->user_id, m->role));
      g_autofree char *scored = g_strdup_printf (_("%u of %u criteria scored"), m->n_scored, self->criteria->len);
      const char *how = m->user_id <= 0 ? _("External: the trainer enters and vouches for the scores")
                        : kefu_store_get_person (self->store) != NULL ? _("Staff: enters their own scores, signed in at their desk")
                        : _("Staff: confirms with their own PIN");
      GtkWidget *row = add_row (self->panel_group, self->panel_rows, label, how,
                                scored, m->n_scored >= self->criteria->len ? "success" : "dim-label");

      gtk_widget_set_name (row, "panel-member");
      gtk_string_list_append (names, label);
    }
  if (panel->len == 0)
    add_row (self->panel_group, self->panel_rows, _("No rater on the panel yet: add them under Name the Panel."),
             NULL, NULL, NULL);
  g_clear_pointer (&self->panel, g_ptr_array_unref);
  self->panel = g_steal_pointer (&panel);
  adw_combo_row_set_model (self->rater_row, G_LIST_MODEL (names));
  if (selected < self->panel->len)
    adw_combo_row_set_selected (self->rater_row, selected);
}

static void
show_history (KefuAssessmentWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = kefu_assessment_history (self->store, self->assessment_id, &error);

  clear_rows (self->history_group, self->history_rows);
  adw_preferences_group_set_description (self->history_group,
                                         history == NULL ? error->message
                                         : history->len == 0 ? _("No score yet.") : NULL);
  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      KefuPracticalChange *c = history->pdata[i];
      g_autofree char *when = kefu_format_time (c->changed_at, "%Y-%m-%d %H:%M");
      g_autofree char *title = g_strdup_printf ("%s · %s", c->criterion, c->rater);
      g_autofree char *value = isnan (c->old_score) ? g_strdup_printf ("%g", c->new_score)
                               : g_strdup_printf ("%g → %g", c->old_score, c->new_score);
      /* Translators: who entered a score and when; then why, if given */
      g_autofree char *who = g_strdup_printf (_("entered by %s · %s"), c->changed_by_name != NULL ? c->changed_by_name : "?", when);
      g_autofree char *subtitle = c->reason != NULL ? g_strdup_printf ("%s · %s", who, c->reason) : g_strdup (who);

      gtk_widget_set_name (add_row (self->history_group, self->history_rows, title, subtitle, value, NULL), "score-change");
    }
}

static void
show_result (KefuAssessmentWindow *self)
{
  g_auto(KefuAssessmentResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  GtkWidget *row;

  clear_rows (self->result_group, self->result_rows);
  self->decide_score = NULL;
  self->decide_reason = NULL;
  if (!kefu_assessment_result (self->store, self->assessment_id, &result, &error))
    {
      show_message (self, error->message);
      return;
    }
  show_message (self, NULL);
  status = kefu_assessment_status (&result);
  row = add_row (self->result_group, self->result_rows, _("Result status"), NULL, status,
                 result.provisional ? "warning" : result.passed ? "success" : "error");
  gtk_widget_set_name (row, "result-status");
  gtk_widget_add_css_class (row, result.provisional ? "provisional" : "final");
  for (guint i = 0; i < result.raters->len; i++)
    {
      KefuRaterScore *r = &g_array_index (result.raters, KefuRaterScore, i);
      g_autofree char *title = g_strdup_printf (_("%s (%s)"), r->name, member_role (r->rater_id, r->role));
      g_autofree char *value = g_strdup_printf ("%.1f", r->score);
      g_autoptr(KefuUser) by = r->external_id > 0 ? kefu_desk_get_user (self->store, r->entered_by, NULL) : NULL;
      g_autofree char *vouched = by != NULL ? g_strdup_printf (_("entered by %s, who vouches for it"), kefu_user_get_name (by)) : NULL;

      gtk_widget_set_name (add_row (self->result_group, self->result_rows, title, vouched, value, NULL), "rater-score");
    }
  if (result.n_raters == 0)
    return;
  {
    g_autofree char *mean = g_strdup_printf (_("%.1f · pass mark %.0f · %s"), result.mean, result.pass_mark,
                                             result.passed ? _("Passed") : _("Not passed"));
    g_autofree char *spread = g_strdup_printf ("%.1f", result.widest_spread);
    g_autofree char *where = result.widest_criterion != NULL
      /* Translators: the criterion on which the raters differ most */
      ? g_strdup_printf (_("widest on %s"), result.widest_criterion) : NULL;

    row = add_row (self->result_group, self->result_rows,
                   result.decided ? _("Result: decided") : _("Result: the raters' mean"),
                   result.decided ? result.decision_reason : NULL, mean, result.passed ? "success" : "error");
    gtk_widget_set_name (row, "result-mean");
    row = add_row (self->result_group, self->result_rows, _("Spread between raters"), where, spread,
                   result.raters_disagree ? "warning" : NULL);
    gtk_widget_set_name (row, "result-spread");
    if (result.raters_disagree)
      gtk_widget_add_css_class (row, "raters-disagree");
  }
  /* every rater in, still apart: a re-score, or the trainer's decision */
  if (result.raters_disagree && !result.decided && result.n_complete == result.n_panel)
    {
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 100, 0.5);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Record _Decision"));
      g_autofree char *about = g_strdup_printf (_("The raters differ by more than %.0f points: re-score, or decide the result and say why."),
                                                KEFU_ASSESSMENT_MAX_SPREAD);

      row = add_row (self->result_group, self->result_rows, _("Decided result"), about, NULL, NULL);
      gtk_widget_set_name (row, "decide-row");
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), round (result.mean * 2) / 2);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      self->decide_score = GTK_SPIN_BUTTON (spin);
      self->decide_reason = ADW_ENTRY_ROW (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->decide_reason), _("Why this result"));
      adw_preferences_group_add (self->result_group, GTK_WIDGET (self->decide_reason));
      g_ptr_array_add (self->result_rows, self->decide_reason);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "assessment.decide");
      gtk_widget_set_halign (button, GTK_ALIGN_END);
      gtk_widget_set_margin_top (button, 6);
      adw_preferences_group_add (self->result_group, button);
      g_ptr_array_add (self->result_rows, button);
    }
}

static void
refresh (KefuAssessmentWindow *self)
{
  show_panel (self);
  show_result (self);
  show_history (self);
}

/* Chooses the panel member (a staff rater by user id, or an external one
 * by their id) whose sheet is entered next. */
gboolean
kefu_assessment_window_set_rater (KefuAssessmentWindow *self,
                                  gint64                user_id,
                                  gint64                external_id)
{
  g_return_val_if_fail (KEFU_IS_ASSESSMENT_WINDOW (self), FALSE);
  for (guint i = 0; self->panel != NULL && i < self->panel->len; i++)
    {
      KefuPanelMember *m = self->panel->pdata[i];
      if ((user_id > 0 && m->user_id == user_id) || (external_id > 0 && m->external_id == external_id))
        {
          adw_combo_row_set_selected (self->rater_row, i);
          return TRUE;
        }
    }
  return FALSE;
}

GtkSpinButton *
kefu_assessment_window_get_score (KefuAssessmentWindow *self,
                                  guint                 criterion)
{
  g_return_val_if_fail (KEFU_IS_ASSESSMENT_WINDOW (self), NULL);
  return criterion < self->spins->len ? self->spins->pdata[criterion] : NULL;
}

static void
save_sheet (KefuAssessmentWindow *self,
            KefuPanelMember      *member)
{
  g_autofree double *scores = g_new0 (double, self->spins->len);
  g_autoptr(GError) error = NULL;
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
  gboolean ok;

  for (guint i = 0; i < self->spins->len; i++)
    scores[i] = gtk_spin_button_get_value (self->spins->pdata[i]);
  ok = member->user_id > 0
       ? kefu_assessment_score (self->store, self->assessment_id, member->user_id, scores, self->spins->len, reason, &error)
       : kefu_assessment_score_external (self->store, self->assessment_id, member->external_id, scores,
                                         self->spins->len, reason, &error);
  refresh (self);
  if (!ok)
    show_message (self, error->message);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
}

typedef struct {
  KefuAssessmentWindow *self;
  gint64                user_id;
} Confirming;

static void
confirming_free (gpointer data)
{
  Confirming *c = data;

  g_object_unref (c->self);
  g_free (c);
}

static void
rater_confirmed_cb (KefuUser *person,
                    gpointer  data)
{
  Confirming *c = data;
  KefuAssessmentWindow *self = c->self;

  if (person == NULL || kefu_user_get_id (person) != c->user_id || self->panel == NULL)
    return;
  for (guint i = 0; i < self->panel->len; i++)
    {
      KefuPanelMember *m = self->panel->pdata[i];
      if (m->user_id == c->user_id)
        {
          save_sheet (self, m);
          return;
        }
    }
}

/* A staff rater other than the desk's user vouches for their sheet with
 * their own PIN, in place; an external rater's sheet is the trainer's to
 * enter. */
static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuAssessmentWindow *self = KEFU_ASSESSMENT_WINDOW (widget);
  guint selected = adw_combo_row_get_selected (self->rater_row);
  KefuPanelMember *m;
  KefuPinDialog *dialog;
  Confirming *c;
  g_autoptr(GArray) only = NULL;
  g_autofree char *body = NULL;

  if (self->panel == NULL || selected >= self->panel->len)
    {
      show_message (self, _("Name the panel first: add a staff or external rater."));
      return;
    }
  m = self->panel->pdata[selected];
  if (m->external_id > 0 || m->user_id == kefu_store_get_actor (self->store))
    {
      save_sheet (self, m);
      return;
    }
  /* on a server a person has a password, no PIN: each staff rater
   * enters their own sheet on their own connection (#20) */
  if (kefu_store_get_person (self->store) != NULL)
    {
      /* Translators: %s is the rater's name */
      g_autofree char *text = g_strdup_printf (_("On a server each rater enters their own sheet, signed in as themself: "
                                                 "%s scores at their own desk."), m->name);

      show_message (self, text);
      return;
    }
  c = g_new0 (Confirming, 1);
  c->self = g_object_ref (self);
  c->user_id = m->user_id;
  /* Translators: %s is the rater's name */
  body = g_strdup_printf (_("%s confirms their own scores: they type their PIN, and the sheet is recorded under their name. "
                            "The desk stays signed in as it is."), m->name);
  dialog = kefu_pin_dialog_ask (widget, self->store, KEFU_PERMISSION_RATE_PRACTICAL, 0, m->user_id,
                                _("The Rater’s PIN"), body, rater_confirmed_cb, c, confirming_free);
  if (dialog != NULL)
    {
      /* Translators: %s is the rater's name */
      g_autofree char *none = g_strdup_printf (_("%s cannot confirm here: they have no PIN yet, or their account is disabled."),
                                               m->name);

      only = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (only, m->user_id);
      kefu_pin_dialog_keep_only (dialog, only, none);
    }
}

static void
add_rater_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KefuAssessmentWindow *self = KEFU_ASSESSMENT_WINDOW (widget);
  g_autoptr(KefuUser) user = g_list_model_get_item (G_LIST_MODEL (self->users), adw_combo_row_get_selected (self->staff_row));
  g_autoptr(GError) error = NULL;

  if (user == NULL)
    return;
  if (!kefu_assessment_add_rater (self->store, self->assessment_id, kefu_user_get_id (user), &error))
    {
      show_message (self, error->message);
      return;
    }
  refresh (self);
}

static void
add_external_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KefuAssessmentWindow *self = KEFU_ASSESSMENT_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (kefu_assessment_add_external (self->store, self->assessment_id,
                                    gtk_editable_get_text (GTK_EDITABLE (self->external_name_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->external_role_row)), &error) < 0)
    {
      show_message (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->external_name_row), "");
  refresh (self);
}

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuAssessmentWindow *self = KEFU_ASSESSMENT_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->decide_score == NULL)
    return;
  if (!kefu_assessment_decide (self->store, self->assessment_id, gtk_spin_button_get_value (self->decide_score),
                               gtk_editable_get_text (GTK_EDITABLE (self->decide_reason)), &error))
    {
      show_message (self, error->message);
      return;
    }
  refresh (self);
}

static char *
user_label (KefuUser *user)
{
  return g_strdup_printf (_("%s (%s)"), kefu_user_get_name (user), kefu_code_label (KEFU_CODES_ROLE, kefu_user_get_role (user)));
}

static void
kefu_assessment_window_dispose (GObject *object)
{
  KefuAssessmentWindow *self = KEFU_ASSESSMENT_WINDOW (object);

  g_clear_pointer (&self->criteria, g_array_unref);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  g_clear_pointer (&self->panel, g_ptr_array_unref);
  g_clear_pointer (&self->panel_rows, g_ptr_array_unref);
  g_clear_pointer (&self->result_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, panel_group);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, staff_row);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, external_name_row);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, external_role_row);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, scores_group);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, rater_row);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, reason_row);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, result_group);
  gtk_widget_class_bind_template_child (widget_class, KefuAssessmentWindow, history_group);
  gtk_widget_class_install_action (widget_class, "assessment.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "assessment.add-rater", NULL, add_rater_action);
  gtk_widget_class_install_action (widget_class, "assessment.add-external", NULL, add_external_action);
  gtk_widget_class_install_action (widget_class, "assessment.decide", NULL, decide_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_assessment_window_init (KefuAssessmentWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->spins = g_ptr_array_new ();
  self->panel_rows = g_ptr_array_new ();
  self->result_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
}

/* Who may sit on the panel: on a file those who can confirm their sheet
 * with a PIN; on a server, where each enters their own sheet signed in
 * with their password, everyone whose role rates practicals */
static GListStore *
staff_raters (KefuStore  *store,
              GError    **error)
{
  g_autoptr(GListStore) all = NULL;
  GListStore *raters;

  if (kefu_store_get_person (store) == NULL)
    return kefu_auth_eligible (store, KEFU_PERMISSION_RATE_PRACTICAL, 0, error);
  if ((all = kefu_desk_list_users (store, error)) == NULL)
    return NULL;
  raters = g_list_store_new (KEFU_TYPE_USER);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (all), i);

      if (kefu_user_can (u, KEFU_PERMISSION_RATE_PRACTICAL))
        g_list_store_append (raters, u);
    }
  return raters;
}

/* The panel, scores and result of an assessment; @title names the
 * scenario and the trainee. Owned by GTK. */
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

  /* staff raters are trainers, supervisors and managers (kefu-user.c) */
  if (criteria == NULL || (users = staff_raters (store, error)) == NULL)
    return NULL;
  self = g_object_new (KEFU_TYPE_ASSESSMENT_WINDOW, NULL);
  self->store = g_object_ref (store);
  self->assessment_id = assessment_id;
  self->criteria = g_steal_pointer (&criteria);
  self->users = g_steal_pointer (&users);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  adw_window_title_set_subtitle (self->window_title, title);
  /* on a server nobody has a PIN: each staff rater signs in at their desk */
  if (kefu_store_get_person (store) != NULL)
    adw_preferences_group_set_description (self->panel_group,
                                           _("The raters of this assessment. Staff raters enter their own scores, each "
                                             "signed in at their own desk; an external rater’s scores are entered by the "
                                             "trainer, who vouches for them."));
  /* the usual external rater at a property-management drill */
  gtk_editable_set_text (GTK_EDITABLE (self->external_role_row), "业主代表");

  name = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (user_label), NULL, NULL);
  adw_combo_row_set_expression (self->staff_row, name);
  adw_combo_row_set_model (self->staff_row, G_LIST_MODEL (self->users));
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
  refresh (self);
  return self;
}
