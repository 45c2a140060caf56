/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-people-window.c — a person's capability profile on screen */
#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>
#include <math.h>

#include "kefu-auth.h"
#include "kefu-chart-view.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-people-forms.h"
#include "kefu-people-window.h"

struct _KefuPeopleWindow
{
  AdwWindow       parent_instance;

  /* template */
  AdwWindowTitle *title;
  GtkDropDown    *person_dropdown;
  GtkBox         *chart_box;
  GtkLabel       *details_label;
  GtkBox         *actions_box;

  KefuStore      *store;
  KefuProfile    *profile;
  KefuChart      *chart;
  GArray         *person_ids;      /* gint64, the dropdown's order */
  GHashTable     *seen_people;     /* gint64: whose profile this window opened (audited once) */
  GHashTable     *seen_rounds;     /* gint64: the 360° rounds it showed (audited once) */
  gboolean        filling;
  KefuStoreWatch *watch;           /* (weak) other desks' changes, when followed */
};

G_DEFINE_FINAL_TYPE (KefuPeopleWindow, kefu_people_window, ADW_TYPE_WINDOW)

static char *
score_text (double value)
{
  return isnan (value) ? g_strdup (_("no data")) : g_strdup_printf ("%.1f", value);
}

static char *
review_score (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.0f", value);
}

/* The quarter's 360° round, per item: self, supervisor, peers (their mean
 * only from KEFU_REVIEW_MIN_PEERS answers on), and the owners */
static void
append_review (KefuPeopleWindow *self,
               GString          *text)
{
  const KefuProfile *p = self->profile;
  g_autoptr(KefuReviewResult) r = NULL;
  gint64 round;

  g_string_append_printf (text, "\n<b>%s</b>\n", _("360° review this quarter:"));
  round = kefu_review_find_round (self->store, p->user_id, p->from, p->to, NULL);
  /* viewing a review is audited once per window, not at every refresh */
  if (round > 0 && g_hash_table_contains (self->seen_rounds, &round))
    r = kefu_review_result_reload (self->store, round, NULL);
  else if (round > 0 && (r = kefu_review_result (self->store, round, NULL)) != NULL)
    g_hash_table_add (self->seen_rounds, g_memdup2 (&round, sizeof round));
  if (r == NULL)
    {
      g_string_append_printf (text, "    %s\n", round > 0 ? _("Not shown to you.") : _("No round yet."));
      return;
    }
  for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
    {
      g_autofree char *item = g_markup_escape_text (kefu_review_item_label (i), -1);
      g_autofree char *mine = review_score (r->self[i]);
      g_autofree char *boss = review_score (r->supervisor[i]);
      g_autofree char *peers = r->peers_shown ? review_score (r->peers[i]) : g_strdup (_("withheld"));

      /* Translators: one item of a 360° review: the item, then the person's own score, the supervisors', the peers' */
      g_string_append_printf (text, _("    %s: self %s · supervisor %s · peers %s\n"), item, mine, boss, peers);
    }
  if (r->peers_shown)
    g_string_append_printf (text, "    %s\n", _("Peers’ scores are the mean of their answers; who gave what is not kept."));
  else
    {
      /* Translators: why the peers' scores are not shown yet */
      g_autofree char *note = g_strdup_printf (_("Peers’ scores withheld: %u of %u asked have answered, they are shown "
                                                 "from %u answers on so that nobody’s can be told apart."),
                                               r->peers_answered, r->peers_asked, KEFU_REVIEW_MIN_PEERS);
      g_string_append_printf (text, "    %s\n", note);
    }
  if (r->owner_ratings > 0)
    /* Translators: the owners' side of a 360° review: their follow-up satisfaction, over how many ratings */
    g_string_append_printf (text, _("    Owners (follow-up satisfaction): %.0f of 100, %u ratings\n"), r->owners,
                            r->owner_ratings);
  else
    g_string_append_printf (text, "    %s\n", _("Owners: no follow-up ratings in the quarter."));
}

static char *
overdue_text (GPtrArray *goals)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < goals->len; i++)
    {
      KefuGoal *g = goals->pdata[i];
      /* Translators: an overdue goal in a list: person (KPI) */
      g_string_append_printf (list, "%s%s", i > 0 ? _(", ") : "", g->name);
      g_string_append_printf (list, _(" (%s)"), _(kefu_kpi_info (g->kpi)->label));
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u goal of your team is past its deadline: %s",
                                       "%u goals of your team are past their deadline: %s", goals->len),
                          goals->len, list->str);
}

/* The supervisor's team's overdue goals, above everything */
static void
prepend_overdue (KefuPeopleWindow *self,
                 GString          *text)
{
  g_autoptr(GPtrArray) goals = kefu_goal_overdue_for_leader (self->store, FALSE, NULL);
  g_autofree char *line = NULL;
  g_autofree char *escaped = NULL;

  if (goals == NULL || goals->len == 0)
    return;
  line = overdue_text (goals);
  escaped = g_markup_escape_text (line, -1);
  g_string_prepend (text, "</b></span>\n\n");
  g_string_prepend (text, escaped);
  g_string_prepend (text, "<span foreground=\"#c01c28\"><b>⚠ ");
}

/* A desktop notification, like the service-level ones, for the goals
 * nobody was told about yet (each once: kefu_goal_overdue_for_leader) */
static void
notify_overdue (KefuPeopleWindow *self)
{
  g_autoptr(GPtrArray) goals = kefu_goal_overdue_for_leader (self->store, TRUE, NULL);
  g_autofree char *body = NULL;
  NotifyNotification *n;

  if (goals == NULL || goals->len == 0)
    return;
  if (!notify_is_initted () && !notify_init (_("Kefu")))
    return;
  body = overdue_text (goals);
  n = notify_notification_new (_("Goals Past Their Deadline"), body, APP_ID);
  notify_notification_set_hint_string (n, "desktop-entry", APP_ID);
  if (!notify_notification_show (n, NULL))
    g_debug ("no desktop notification: the overdue goals are shown in the window");
  g_object_unref (n);
}

static void
show_profile (KefuPeopleWindow *self)
{
  const KefuProfile *p = self->profile;
  const char *axes[KEFU_N_CAPABILITIES + 1] = { NULL };
  double values[KEFU_N_CAPABILITIES];
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) passed = g_string_new (NULL);
  g_autoptr(GString) weak = g_string_new (NULL);
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (p->from);
  g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (p->to - 1);
  g_autofree char *from_text = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *last_text = g_date_time_format (last, "%Y-%m-%d");
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s to %s"), p->name, from_text, last_text);

  adw_window_title_set_subtitle (self->title, subtitle);

  /* the radar: a family without data sits at the centre, and says so below */
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    {
      axes[f] = kefu_capability_label (f);
      values[f] = isnan (p->radar[f].score) ? 0 : p->radar[f].score;
    }
  kefu_chart_clear (self->chart);
  kefu_chart_set_title (self->chart, p->name);
  kefu_chart_set_categories (self->chart, axes);
  kefu_chart_set_format (self->chart, KEFU_CHART_FORMAT_SCORE);
  kefu_chart_set_value_range (self->chart, 0, 100);
  /* the staff group's average first, so the person's is drawn over it */
  if (p->group != NULL)
    {
      double group[KEFU_N_CAPABILITIES];
      /* Translators: the radar's series of a staff group's mean */
      g_autofree char *series = g_strdup_printf (_("%s (average of %u)"), p->group, p->group_members);

      for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
        group[f] = isnan (p->group_radar[f]) ? 0 : p->group_radar[f];
      kefu_chart_add_series (self->chart, series, group, KEFU_N_CAPABILITIES);
    }
  kefu_chart_add_series (self->chart, p->name, values, KEFU_N_CAPABILITIES);

  /* where each score comes from */
  if (p->group != NULL)
    {
      g_autofree char *group = g_markup_escape_text (p->group, -1);
      /* Translators: under the radar; %s is a staff group */
      g_string_append_printf (text, _("Under the person’s scores: the average of staff group %s (%u people).\n\n"), group,
                              p->group_members);
    }
  g_string_append_printf (text, "<b>%s</b>\n", _("Where each score comes from"));
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    {
      g_autofree char *score = score_text (p->radar[f].score);
      g_autofree char *family = g_markup_escape_text (kefu_capability_label (f), -1);

      g_string_append_printf (text, "\n<b>%s  %s</b>\n", family, score);
      for (guint i = 0; i < p->radar[f].sources->len; i++)
        {
          KefuCapabilitySource *s = p->radar[f].sources->pdata[i];
          g_autofree char *what = kefu_capability_source_label (s);
          g_autofree char *escaped = g_markup_escape_text (what, -1);
          g_autofree char *value = score_text (s->value);

          /* Translators: a source of a capability score: its name, its value, its weight and what it rests on */
          g_string_append_printf (text, _("    %s: %s (weight %g, n = %u)\n"), escaped, value, s->weight, s->n);
        }
    }

  for (guint i = 0; i < p->modules->len; i++)
    {
      KefuModuleResult *m = p->modules->pdata[i];
      GString *into = m->passed ? passed : weak;

      g_string_append_printf (into, "%s%s %.1f%%", into->len > 0 ? _(", ") : "",
                              kefu_code_label (KEFU_CODES_MODULE, m->module), m->percent);
    }
  g_string_append_printf (text, "\n<b>%s</b> %s\n", _("Modules passed:"), passed->len > 0 ? passed->str : "—");
  g_string_append_printf (text, "<b>%s</b> %s\n", _("Weak modules:"), weak->len > 0 ? weak->str : "—");

  g_string_append_printf (text, "\n<b>%s</b>\n", _("Practical assessments:"));
  if (p->practicals->len == 0)
    g_string_append (text, "    —\n");
  for (guint i = 0; i < p->practicals->len; i++)
    {
      KefuPracticalResult *r = p->practicals->pdata[i];
      g_autoptr(GDateTime) held = g_date_time_new_from_unix_local (r->held_at);
      g_autofree char *day = g_date_time_format (held, "%Y-%m-%d");
      g_autofree char *scenario = g_markup_escape_text (r->scenario, -1);
      g_autofree char *score = score_text (r->mean);

      /* Translators: a practical assessment: date, scenario, score (result) */
      g_string_append_printf (text, "    ");
      g_string_append_printf (text, _("%s %s: %s (%s)"), day, scenario, score,
                              r->n_raters == 0 ? _("not rated yet") : r->passed ? _("passed") : _("not passed"));
      g_string_append_c (text, '\n');
    }

  g_string_append_printf (text, "\n<b>%s</b>\n", _("Ticket KPIs of the tickets they own:"));
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      g_autofree char *value = kefu_kpi_format (k, p->kpi->value[k]);
      g_autofree char *label = g_markup_escape_text (_(kefu_kpi_info (k)->label), -1);

      g_string_append_printf (text, "    %s: %s\n", label, value);
    }

  g_string_append_printf (text, "\n<b>%s</b>\n", _("Goals:"));
  if (p->goals->len == 0)
    g_string_append_printf (text, "    %s\n", _("No goals."));
  for (guint i = 0; i < p->goals->len; i++)
    {
      KefuGoal *g = p->goals->pdata[i];
      g_autofree char *baseline = kefu_kpi_format (g->kpi, g->baseline);
      g_autofree char *target = kefu_kpi_format (g->kpi, g->target);
      g_autofree char *current = kefu_kpi_format (g->kpi, g->current);
      g_autoptr(GDateTime) due = g_date_time_new_from_unix_local (g->deadline - 1);
      g_autofree char *deadline = g_date_time_format (due, "%Y-%m-%d");

      /* Translators: a goal: KPI, baseline → target, the figure now, deadline, state */
      g_string_append_printf (text, _("    %s: %s → %s, now %s, by %s — %s%s\n"), _(kefu_kpi_info (g->kpi)->label),
                              baseline, target, current, deadline, g->state == KEFU_GOAL_OVERDUE ? "⚠ " : "",
                              kefu_goal_state_label (g->state));
    }
  append_review (self, text);
  prepend_overdue (self, text);
  gtk_label_set_markup (self->details_label, text->str);
}

gboolean
kefu_people_window_show_person (KefuPeopleWindow  *self,
                                gint64             person_id,
                                GError           **error)
{
  gint64 from, to;
  KefuProfile *profile;

  g_return_val_if_fail (KEFU_IS_PEOPLE_WINDOW (self), FALSE);
  kefu_people_quarter_of (kefu_store_now (self->store), &from, &to);
  /* opening someone's profile is audited once per window, not at every refresh */
  if (g_hash_table_contains (self->seen_people, &person_id))
    profile = kefu_profile_reload (self->store, person_id, from, to, error);
  else if ((profile = kefu_profile_load (self->store, person_id, from, to, error)) != NULL)
    g_hash_table_add (self->seen_people, g_memdup2 (&person_id, sizeof person_id));
  if (profile == NULL)
    return FALSE;
  g_clear_pointer (&self->profile, kefu_profile_free);
  self->profile = profile;
  show_profile (self);
  self->filling = TRUE;
  for (guint i = 0; i < self->person_ids->len; i++)
    if (g_array_index (self->person_ids, gint64, i) == person_id)
      gtk_drop_down_set_selected (self->person_dropdown, i);
  self->filling = FALSE;
  return TRUE;
}

static void
person_selected_cb (KefuPeopleWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->person_dropdown);
  g_autoptr(GError) error = NULL;

  if (self->filling || i >= self->person_ids->len)
    return;
  if (!kefu_people_window_show_person (self, g_array_index (self->person_ids, gint64, i), &error))
    gtk_label_set_text (self->details_label, error->message);
}

/* Those the signed-in user may see (kefu_people_may_see) */
static gboolean
fill_people (KefuPeopleWindow  *self,
             GError           **error)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GListStore) users = NULL;
  gint64 actor = kefu_store_get_actor (self->store);
  g_autoptr(KefuUser) me = kefu_desk_get_user (self->store, actor, NULL);

  users = kefu_desk_list_users (self->store, error);
  if (users == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (users), i);
      gint64 id = kefu_user_get_id (u);
      g_autofree char *label = NULL;

      /* trainers and managers: everyone; a supervisor: their team (the core refuses the rest) */
      if (!kefu_people_may_see (self->store, id))
        continue;
      /* Translators: a person in the profile picker: name (role); Chinese uses full-width （） */
      label = g_strdup_printf (_("%s (%s)"), kefu_user_get_name (u), kefu_code_label (KEFU_CODES_ROLE, kefu_user_get_role (u)));
      gtk_string_list_append (names, label);
      g_array_append_val (self->person_ids, id);
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->person_dropdown, G_LIST_MODEL (names));
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->person_dropdown), self->person_ids->len > 1);

  /* the forms (kefu-people-forms.c), for those whose role may use them */
  {
    g_autoptr(GPtrArray) asked_list = kefu_review_asked (self->store, NULL);
    guint asked = asked_list != NULL ? asked_list->len : 0;
    GtkWidget *child;
    struct { const char *label, *action; gboolean shown; } buttons[] = {
      { _("Set _Goal…"), "people.goal", me != NULL && kefu_user_can (me, KEFU_PERMISSION_DEVELOP_PEOPLE) },
      { _("360° _Review…"), "people.review", TRUE },
      { _("Review a _Colleague…"), "people.peer-review", asked > 0 },
      { _("Internal _Trainer…"), "people.trainer", kefu_people_sees_everyone (self->store) },
      { _("_Case from Ticket…"), "people.case", me != NULL && kefu_user_can (me, KEFU_PERMISSION_TRAIN) },
      { _("_Settings…"), "people.settings", me != NULL && (kefu_user_can (me, KEFU_PERMISSION_TRAIN) ||
                                                            kefu_user_can (me, KEFU_PERMISSION_EDIT_SLA)) },
    };

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
      gtk_box_remove (self->actions_box, child);
    for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
      if (buttons[i].shown)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (buttons[i].label);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), buttons[i].action);
          gtk_box_append (self->actions_box, button);
        }
  }
  return TRUE;
}

static void
forms_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KefuPeopleWindow *self = KEFU_PEOPLE_WINDOW (widget);

  if (g_str_equal (action_name, "people.goal"))
    kefu_people_goal_dialog (GTK_WINDOW (self), self->store, self->profile->user_id, widget);
  else if (g_str_equal (action_name, "people.trainer"))
    kefu_people_trainer_dialog (GTK_WINDOW (self), self->store, self->profile->user_id);
  else if (g_str_equal (action_name, "people.review"))
    kefu_people_review_dialog (GTK_WINDOW (self), self->store, self->profile->user_id, widget);
  else if (g_str_equal (action_name, "people.peer-review"))
    kefu_people_peer_review_dialog (GTK_WINDOW (self), self->store, widget);
  else if (g_str_equal (action_name, "people.case"))
    kefu_people_case_dialog (GTK_WINDOW (self), self->store, widget);
  else if (g_str_equal (action_name, "people.settings"))
    {
      GtkWindow *dialog = kefu_people_settings_dialog (GTK_WINDOW (self), self->store, widget);

      if (dialog != NULL && self->watch != NULL)
        kefu_people_settings_dialog_follow (dialog, self->watch);
    }
  else if (g_str_equal (action_name, "people.refresh"))
    {
      g_autoptr(GError) error = NULL;
      if (!kefu_people_window_show_person (self, self->profile->user_id, &error))
        gtk_label_set_text (self->details_label, error->message);
    }
}

/* Another desk changed someone (their goals, their estates) or the center's
 * settings (the radar's sources, the grades) (#20: the store watch's
 * "people" and "settings", coalesced): the list of people and the profile
 * shown are read anew, the same person kept (not audited again). */
static void
live_changed_cb (KefuPeopleWindow  *self,
                 char             **topics)
{
  g_autoptr(GError) error = NULL;
  gint64 shown;

  if (self->profile == NULL || (!g_strv_contains ((const char * const *) topics, "people") &&
                                !g_strv_contains ((const char * const *) topics, "settings")))
    return;
  shown = self->profile->user_id;
  g_array_set_size (self->person_ids, 0);
  if (!fill_people (self, &error) || !kefu_people_window_show_person (self, shown, &error))
    gtk_label_set_text (self->details_label, error->message);
}

void
kefu_people_window_follow (KefuPeopleWindow *self,
                           KefuStoreWatch   *watch)
{
  g_return_if_fail (KEFU_IS_PEOPLE_WINDOW (self));
  g_return_if_fail (KEFU_IS_STORE_WATCH (watch));
  g_signal_connect_object (watch, "changed", G_CALLBACK (live_changed_cb), self, G_CONNECT_SWAPPED);
  /* (the settings dialog opened from here follows it too) */
  g_set_weak_pointer (&self->watch, watch);
}

static void
kefu_people_window_dispose (GObject *object)
{
  KefuPeopleWindow *self = KEFU_PEOPLE_WINDOW (object);

  g_clear_weak_pointer (&self->watch);
  g_clear_object (&self->store);
  g_clear_object (&self->chart);
  g_clear_pointer (&self->profile, kefu_profile_free);
  g_clear_pointer (&self->person_ids, g_array_unref);
  g_clear_pointer (&self->seen_people, g_hash_table_unref);
  g_clear_pointer (&self->seen_rounds, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_PEOPLE_WINDOW);
  G_OBJECT_CLASS (kefu_people_window_parent_class)->dispose (object);
}

static void
kefu_people_window_class_init (KefuPeopleWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_people_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-people-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuPeopleWindow, title);
  gtk_widget_class_bind_template_child (widget_class, KefuPeopleWindow, person_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KefuPeopleWindow, chart_box);
  gtk_widget_class_bind_template_child (widget_class, KefuPeopleWindow, details_label);
  gtk_widget_class_bind_template_child (widget_class, KefuPeopleWindow, actions_box);
  gtk_widget_class_install_action (widget_class, "people.goal", NULL, forms_action);
  gtk_widget_class_install_action (widget_class, "people.trainer", NULL, forms_action);
  gtk_widget_class_install_action (widget_class, "people.review", NULL, forms_action);
  gtk_widget_class_install_action (widget_class, "people.case", NULL, forms_action);
  gtk_widget_class_install_action (widget_class, "people.peer-review", NULL, forms_action);
  gtk_widget_class_install_action (widget_class, "people.settings", NULL, forms_action);
  gtk_widget_class_install_action (widget_class, "people.refresh", NULL, forms_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_people_window_init (KefuPeopleWindow *self)
{
  GtkWidget *view;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->person_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->seen_people = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->seen_rounds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->chart = kefu_chart_new (KEFU_CHART_RADAR, NULL);
  view = kefu_chart_view_new (self->chart);
  gtk_widget_set_size_request (view, 400, 400);
  gtk_box_append (self->chart_box, view);
  g_signal_connect_swapped (self->person_dropdown, "notify::selected", G_CALLBACK (person_selected_cb), self);
}

KefuPeopleWindow *
kefu_people_window_new (GtkWindow  *parent,
                        KefuStore  *store,
                        gint64      person_id,
                        GError    **error)
{
  KefuPeopleWindow *self = g_object_new (KEFU_TYPE_PEOPLE_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  if (!fill_people (self, error) || !kefu_people_window_show_person (self, person_id, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  notify_overdue (self);
  return self;
}

const KefuProfile *
kefu_people_window_get_profile (KefuPeopleWindow *self)
{
  g_return_val_if_fail (KEFU_IS_PEOPLE_WINDOW (self), NULL);
  return self->profile;
}
