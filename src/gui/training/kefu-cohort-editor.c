/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-editor.c — a cohort's plan for the trainer
 *
 * The cohort editor shows one cohort as a trainer runs it: its course,
 * dates and group (Edit…), its members (Add Member…, Add Staff Group…,
 * Remove… after asking), its sessions each with one check button per
 * trainee for attendance (Schedule Session…, Delete… after asking), the
 * reaction survey's answers so far (Key In Answers… from the paper
 * forms), and once the course has ended its 1-, 3- and 6-month follow-up
 * checkpoints and the supervisor's weekly observation forms (Observe…).
 * Every change goes through the core, which checks the right again; an
 * error is shown as it says, and nothing is half saved.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "kefu-choice.h"
#include "kefu-cohort-editor.h"
#include "kefu-cohort-form.h"
#include "kefu-cohort-ui.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-gui-util.h"
#include "kefu-plan-gantt.h"

#define DAY ((gint64) 86400)

/* The cohort editor ------------------------------------------------------------- */

struct _KefuCohortEditor
{
  AdwWindow           parent_instance;

  KefuStore          *store;
  gint64              cohort_id;
  KefuCohortSummary  *cohort;
  GPtrArray          *members;
  GPtrArray          *sessions;
  GPtrArray          *checkpoints;
  GPtrArray          *observations;
  guint               surveys;

  GtkWidget          *title;
  GtkWidget          *content;
  GHashTable         *attendance;   /* "session:user" → Attendance (its button's) */
  gboolean            filling;
  GtkWidget          *gantt;        /* the plan (kefu-plan-gantt.c), kept across rebuilds */
  gboolean            from_gantt;   /* rebuilding after the Gantt saved a change */
  GtkWidget          *refresh;      /* the Training view, told training.refresh after a change */
};

G_DEFINE_FINAL_TYPE (KefuCohortEditor, kefu_cohort_editor, ADW_TYPE_WINDOW)

static gboolean
load (KefuCohortEditor  *self,
      GError           **error)
{
  g_autoptr(KefuCohortSummary) cohort = kefu_cohort_get (self->store, self->cohort_id, error);
  g_autoptr(GPtrArray) members = NULL, sessions = NULL, checkpoints = NULL, observations = NULL;

  if (cohort == NULL ||
      (members = kefu_cohort_members (self->store, self->cohort_id, error)) == NULL ||
      (sessions = kefu_cohort_sessions (self->store, self->cohort_id, error)) == NULL ||
      (checkpoints = kefu_cohort_checkpoints (self->store, self->cohort_id, error)) == NULL ||
      (observations = kefu_cohort_observations (self->store, self->cohort_id, error)) == NULL)
    return FALSE;
  g_clear_pointer (&self->cohort, kefu_cohort_summary_free);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->checkpoints, g_ptr_array_unref);
  g_clear_pointer (&self->observations, g_ptr_array_unref);
  self->cohort = g_steal_pointer (&cohort);
  self->members = g_steal_pointer (&members);
  self->sessions = g_steal_pointer (&sessions);
  self->checkpoints = g_steal_pointer (&checkpoints);
  self->observations = g_steal_pointer (&observations);
  self->surveys = self->cohort->n_surveys;
  return TRUE;
}

static char *
session_subtitle (KefuCohortEditor        *self,
                  const KefuCohortSession *s)
{
  GString *text = g_string_new (NULL);

  /* Translators: a session's length */
  g_string_append_printf (text, _("%.1f hours"), s->hours);
  if (s->place != NULL)
    g_string_append_printf (text, " · %s", s->place);
  if (s->trainer != NULL)
    g_string_append_printf (text, " · %s", s->trainer);
  if (self->members->len > 0)
    /* Translators: attendance of a session */
    g_string_append_printf (text, _(" · %u of %u present"), s->present->len, self->members->len);
  return g_string_free (text, FALSE);
}

/* One trainee's "Present" in one session's row. */
typedef struct {
  KefuCohortEditor *editor;     /* owns it (its attendance table) */
  GtkCheckButton   *check;
  GtkWidget        *expander;   /* the session's row */
  gint64            session_id;
  gint64            user_id;
} Attendance;

static void
attendance_free (gpointer  data,
                 GClosure *closure)
{
  g_free (data);
}

static void
attendance_toggled_cb (GtkCheckButton *button,
                       Attendance     *cell)
{
  KefuCohortEditor *self = cell->editor;
  gint64 session_id = cell->session_id;
  gint64 user_id = cell->user_id;
  gboolean present = gtk_check_button_get_active (button);
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  if (!kefu_session_set_attendance (self->store, session_id, user_id, present, &error))
    {
      self->filling = TRUE;
      gtk_check_button_set_active (button, !present);
      self->filling = FALSE;
      kefu_cohort_ui_alert (GTK_WINDOW (self), _("Attendance Not Saved"), error->message);
      return;
    }
  /* the session's count follows */
  for (guint i = 0; i < self->sessions->len; i++)
    {
      KefuCohortSession *s = self->sessions->pdata[i];
      GtkWidget *expander = cell->expander;

      if (s->id != session_id)
        continue;
      if (present && !kefu_cohort_session_has (s, user_id))
        g_array_append_val (s->present, user_id);
      else if (!present)
        for (guint j = 0; j < s->present->len; j++)
          if (g_array_index (s->present, gint64, j) == user_id)
            g_array_remove_index (s->present, j--);
      {
        g_autofree char *subtitle = session_subtitle (self, s);
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      }
    }
}

static void
build (KefuCohortEditor *self)
{
  const KefuCohortSummary *c = self->cohort;
  g_autofree char *starts = kefu_cohort_ui_day_text (c->starts_at);
  g_autofree char *ends = kefu_cohort_ui_day_text (c->ends_at - 1);
  gint64 now = kefu_store_now (self->store);
  GtkWidget *group;

  kefu_cohort_ui_clear_box (self->content);
  g_hash_table_remove_all (self->attendance);
  adw_window_title_set_title (ADW_WINDOW_TITLE (self->title), c->name);
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->title), c->course);

  /* the cohort */
  {
    /* Translators: a cohort's dates and state */
    g_autofree char *dates = g_strdup_printf (_("%s to %s · %s"), starts, ends, kefu_cohort_state_label (c->state));

    group = kefu_cohort_ui_group_new (self->content, "cohort-plan", c->course, dates);
    kefu_cohort_ui_header_buttons (group, _("_Edit…"), "editor.edit", NULL, NULL);
    kefu_cohort_ui_row_new (group, "cohort-group", _("Staff group"), c->group != NULL ? c->group : _("None"));
    kefu_cohort_ui_row_new (group, "cohort-trainer", _("Trainer"), c->trainer != NULL ? c->trainer : _("None"));
  }

  /* the plan as a Gantt chart: drag or arrow keys move its bars */
  group = kefu_cohort_ui_group_new (self->content, "cohort-gantt", _("Plan"),
                     _("Drag a bar to move it, its end to stretch it; or select one and press ← or → to move it a day, "
                       "Shift+← or Shift+→ to stretch it. Each change is saved at once and can be undone."));
  if (!self->from_gantt)
    kefu_plan_gantt_reload (KEFU_PLAN_GANTT (self->gantt));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->gantt);

  /* members */
  group = kefu_cohort_ui_group_new (self->content, "cohort-members", _("Members"), NULL);
  kefu_cohort_ui_header_buttons (group, _("Add _Member…"), "editor.add-member", _("Add Staff _Group…"), "editor.add-group");
  for (guint i = 0; i < self->members->len; i++)
    {
      KefuCohortMember *m = self->members->pdata[i];
      /* Translators: a member's tier, sessions attended and whether they answered the survey */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %u of %u sessions · %s"), kefu_tier_label (m->tier), m->attended,
                                                   self->sessions->len, m->answered ? _("survey answered") : _("no survey yet"));
      GtkWidget *row = kefu_cohort_ui_row_new (group, "member-row", m->name, subtitle);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), kefu_cohort_ui_button_new (_("_Remove…"), "editor.remove-member",
                                                                   g_variant_new_int64 (m->user_id)));
    }
  if (self->members->len == 0)
    kefu_cohort_ui_empty_new (group, _("No members yet: add people one by one with Add Member…, or a whole staff group with Add Staff Group…."));

  /* sessions with attendance */
  group = kefu_cohort_ui_group_new (self->content, "cohort-sessions", _("Sessions"),
                     _("Tick who was present: each click is saved at once. Target attendance ≥ 95%."));
  kefu_cohort_ui_header_buttons (group, _("_Schedule Session…"), "editor.add-session", NULL, NULL);
  for (guint i = 0; i < self->sessions->len; i++)
    {
      KefuCohortSession *s = self->sessions->pdata[i];
      g_autofree char *when = kefu_format_time (s->starts_at, "%Y-%m-%d %H:%M");
      g_autofree char *title = g_strdup_printf ("%s · %s", when, s->topic != NULL ? s->topic : _("Session"));
      g_autofree char *subtitle = session_subtitle (self, s);
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *del = kefu_cohort_ui_button_new (_("_Delete…"), "editor.delete-session", g_variant_new_int64 (s->id));

      gtk_widget_set_name (expander, "session-row");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), del);
      for (guint j = 0; j < self->members->len; j++)
        {
          KefuCohortMember *m = self->members->pdata[j];
          GtkWidget *row = kefu_cohort_ui_row_new (expander, "attendance-row", m->name, kefu_tier_label (m->tier));
          GtkWidget *check = gtk_check_button_new_with_label (_("Present"));
          Attendance *cell;

          self->filling = TRUE;
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), kefu_cohort_session_has (s, m->user_id));
          self->filling = FALSE;
          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          cell = g_new0 (Attendance, 1);
          cell->editor = self;
          cell->check = GTK_CHECK_BUTTON (check);
          cell->expander = expander;
          cell->session_id = s->id;
          cell->user_id = m->user_id;
          /* (the cell lives as long as its button) */
          g_signal_connect_data (check, "toggled", G_CALLBACK (attendance_toggled_cb), cell, attendance_free, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          g_hash_table_insert (self->attendance, g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, s->id, m->user_id),
                               cell);
        }
      if (self->members->len == 0)
        kefu_cohort_ui_row_new (expander, "attendance-empty", _("Add members to take attendance."), NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
    }
  if (self->sessions->len == 0)
    kefu_cohort_ui_empty_new (group, _("No sessions yet: plan them with Schedule Session…, then tick who came."));

  /* reaction survey */
  {
    /* Translators: survey answers of the members */
    g_autofree char *answers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u answer from %u members",
                                                             "%u answers from %u members", self->surveys),
                                                self->surveys, self->members->len);

    group = kefu_cohort_ui_group_new (self->content, "cohort-survey", _("Reaction Survey"),
                       _("Members answer at the desk under My Courses; key in the paper forms here."));
    kefu_cohort_ui_header_buttons (group, _("_Key In Answers…"), "editor.key-in", NULL, NULL);
    gtk_widget_set_name (kefu_cohort_ui_row_new (group, "survey-count", _("Answers"), answers), "survey-count");
  }

  /* follow-up */
  group = kefu_cohort_ui_group_new (self->content, "cohort-followup", _("Follow-up"), NULL);
  for (guint i = 0; i < self->checkpoints->len; i++)
    {
      KefuCohortCheckpoint *k = self->checkpoints->pdata[i];
      g_autofree char *due = kefu_cohort_ui_day_text (k->due_at);
      g_autofree char *state = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (k->state == KEFU_CHECKPOINT_DONE)
        {
          g_autofree char *done = kefu_cohort_ui_day_text (k->done_at);
          /* Translators: a follow-up checkpoint done: date, by whom, note */
          state = g_strdup_printf (_("done %s by %s%s%s"), done, k->done_by != NULL ? k->done_by : "—",
                                   k->note != NULL ? " · " : "", k->note != NULL ? k->note : "");
        }
      else if (k->state == KEFU_CHECKPOINT_DUE)
        state = g_strdup_printf (_("due since %s"), due);
      else
        state = g_strdup_printf (_("due %s"), due);
      subtitle = g_strdup_printf ("%s\n%s", state, kefu_checkpoint_description (k->months));
      row = kefu_cohort_ui_row_new (group, "checkpoint-row", kefu_checkpoint_title (k->months), subtitle);
      if (k->state == KEFU_CHECKPOINT_DUE)
        {
          gtk_widget_add_css_class (row, "checkpoint-due");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), kefu_cohort_ui_button_new (_("_Mark Done…"), "editor.checkpoint",
                                                                       g_variant_new_int32 (k->months)));
        }
    }
  if (self->checkpoints->len == 0)
    {
      /* Translators: %s is the cohort's last day */
      g_autofree char *text = g_strdup_printf (_("The 1-, 3- and 6-month checkpoints appear by themselves when the course "
                                                 "ends after %s."), ends);
      kefu_cohort_ui_empty_new (group, text);
    }

  /* observations */
  {
    guint week = kefu_cohort_week_at (c->ends_at, now);
    g_autofree char *description = g_strdup_printf (
        _("The supervisor’s weekly form for the 13 weeks after the course: standard-phrase use (target ≥ %.0f%%), "
          "handling time and cooperation."), KEFU_COHORT_PHRASE_TARGET);

    group = kefu_cohort_ui_group_new (self->content, "cohort-observations", _("Observations"), description);
    if (week >= 1)
      kefu_cohort_ui_header_buttons (group, _("_Observe…"), "editor.observe", NULL, NULL);
    for (guint i = 0; i < self->observations->len; i++)
      {
        KefuObservation *o = self->observations->pdata[i];
        /* Translators: an observation's week and trainee */
        g_autofree char *title = g_strdup_printf (_("Week %u · %s"), o->week, o->name);
        g_autofree char *handling = isnan (o->handling_min) ? g_strdup (_("not timed"))
                                    : g_strdup_printf (_("%.1f min"), o->handling_min);
        /* Translators: an observation: phrase use, handling time, cooperation, observer */
        g_autofree char *subtitle = g_strdup_printf (_("standard phrases %.0f%% · handling %s · cooperation %d of 5 · by %s"),
                                                     o->phrase_rate, handling, o->cooperation,
                                                     o->observer != NULL ? o->observer : "—");
        GtkWidget *row = kefu_cohort_ui_row_new (group, "observation-row", title, subtitle);

        if (o->phrase_rate < KEFU_COHORT_PHRASE_TARGET)
          gtk_widget_add_css_class (row, "below-target");
        if (o->note != NULL)
          gtk_widget_set_tooltip_text (row, o->note);
      }
    if (self->observations->len == 0)
      kefu_cohort_ui_empty_new (group, week == 0 ? _("Observations start when the course ends.")
                                  : _("No observation forms yet: a supervisor fills one in per trainee and week with Observe…."));
  }
}

static void refresh (KefuCohortEditor *self);

static gboolean
gantt_refresh_cb (gpointer data)
{
  KefuCohortEditor *self = data;

  if (self->store != NULL)
    {
      self->from_gantt = TRUE;
      refresh (self);
      self->from_gantt = FALSE;
    }
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* The Gantt saved a change: the dates and sessions below follow (after
 * its handler has returned: the Gantt moves to the rebuilt page). */
static void
gantt_changed_cb (KefuCohortEditor *self)
{
  g_idle_add (gantt_refresh_cb, g_object_ref (self));
}

static void
refresh (KefuCohortEditor *self)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!load (self, &error))
    {
      kefu_cohort_ui_alert (GTK_WINDOW (self), _("Could Not Load the Cohort"), error->message);
      return;
    }
  build (self);
  /* the Training view's list shows counts too */
  if (parent != NULL)
    {
      if (self->refresh != NULL)
        gtk_widget_activate_action (self->refresh, "training.refresh", NULL);
    }
}

/* A write's outcome: refresh on success, say why not otherwise. */
static void
done (KefuCohortEditor *self,
      gboolean          ok,
      const char       *heading,
      GError           *error)
{
  if (!ok)
    {
      kefu_cohort_ui_alert (GTK_WINDOW (self), heading, error != NULL ? error->message : "");
      return;
    }
  refresh (self);
}

/* Edit */

static void
edit_response_cb (KefuCohortForm   *dialog,
                  const char       *response,
                  KefuCohortEditor *self)
{
  GtkWidget *name = dialog->name;
  GtkWidget *from = dialog->from;
  GtkWidget *to = dialog->to;
  GtkWidget *group = dialog->group;
  g_autoptr(GError) error = NULL;
  gint64 starts = 0, last = 0;
  gboolean ok;

  if (g_strcmp0 (response, "save") != 0)
    return;
  ok = kefu_cohort_parse_day (gtk_editable_get_text (GTK_EDITABLE (from)), _("first day"), &starts, &error) &&
       kefu_cohort_parse_day (gtk_editable_get_text (GTK_EDITABLE (to)), _("last day"), &last, &error) &&
       kefu_cohort_update (self->store, self->cohort_id, gtk_editable_get_text (GTK_EDITABLE (name)), starts, last + DAY,
                           kefu_cohort_ui_dropdown_id (group), self->cohort->trainer_id, &error);
  done (self, ok, _("Cohort Not Saved"), error);
}

GtkWindow *
kefu_cohort_editor_edit (KefuCohortEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *starts = kefu_cohort_ui_day_text (self->cohort->starts_at);
  g_autofree char *ends = kefu_cohort_ui_day_text (self->cohort->ends_at - 1);
  GtkWidget *grid = kefu_cohort_ui_grid_new ();
  GtkWidget *name = kefu_cohort_ui_field (grid, 0, _("Name"), kefu_cohort_ui_entry_new (self->cohort->name, NULL));
  GtkWidget *from = kefu_cohort_ui_field (grid, 1, _("First day"), kefu_cohort_ui_entry_new (starts, "2026-03-02"));
  GtkWidget *to = kefu_cohort_ui_field (grid, 2, _("Last day"), kefu_cohort_ui_entry_new (ends, "2026-03-13"));
  GtkWidget *group = kefu_cohort_ui_groups_dropdown (self->store, TRUE, self->cohort->group_id, &error);
  GtkWidget *dialog;

  if (group == NULL)
    {
      kefu_cohort_ui_alert (GTK_WINDOW (self), _("Could Not Load the Cohort"), error->message);
      return NULL;
    }
  kefu_cohort_ui_field (grid, 3, _("Staff group"), group);
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), _("Edit the Cohort"), _("Dates as 2026-03-02; the last day is included."), grid,
                "save", _("_Save"), FALSE, G_CALLBACK (edit_response_cb), self);
  KEFU_COHORT_FORM (dialog)->name = name;
  KEFU_COHORT_FORM (dialog)->from = from;
  KEFU_COHORT_FORM (dialog)->to = to;
  KEFU_COHORT_FORM (dialog)->group = group;
  return GTK_WINDOW (dialog);
}

/* Members */

static void
add_member_response_cb (KefuCohortForm   *dialog,
                        const char       *response,
                        KefuCohortEditor *self)
{
  GtkWidget *person = dialog->person;
  GtkWidget *tier = dialog->tier;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (g_strcmp0 (response, "add") != 0)
    return;
  id = kefu_cohort_ui_dropdown_id (person);
  if (id <= 0)
    {
      g_set_error_literal (&error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Pick the person to add."));
      done (self, FALSE, _("Member Not Added"), error);
      return;
    }
  done (self, kefu_cohort_add_member (self->store, self->cohort_id, id, kefu_cohort_ui_tier_code (tier), &error), _("Member Not Added"), error);
}

GtkWindow *
kefu_cohort_editor_add_member (KefuCohortEditor *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *grid = kefu_cohort_ui_grid_new ();
  GtkWidget *person = kefu_cohort_ui_people_dropdown (self->store, self->members, &error);
  GtkWidget *tier, *dialog;

  if (person == NULL)
    {
      kefu_cohort_ui_alert (GTK_WINDOW (self), _("Could Not Load the Cohort"), error->message);
      return NULL;
    }
  kefu_cohort_ui_field (grid, 0, _("Person"), person);
  tier = kefu_cohort_ui_field (grid, 1, _("Tier"), kefu_cohort_ui_tier_dropdown ());
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), _("Add a Member"),
                _("New hires train two weeks and must pass the exam and the practical; staff in post a month; supervisors two weeks."),
                grid, "add", _("_Add"), FALSE, G_CALLBACK (add_member_response_cb), self);
  KEFU_COHORT_FORM (dialog)->person = person;
  KEFU_COHORT_FORM (dialog)->tier = tier;
  return GTK_WINDOW (dialog);
}

static void
add_group_response_cb (KefuCohortForm   *dialog,
                       const char       *response,
                       KefuCohortEditor *self)
{
  GtkWidget *group = dialog->group;
  GtkWidget *tier = dialog->tier;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  done (self, kefu_cohort_add_group (self->store, self->cohort_id, kefu_cohort_ui_dropdown_id (group), kefu_cohort_ui_tier_code (tier), &error) >= 0,
        _("Members Not Added"), error);
}

GtkWindow *
kefu_cohort_editor_add_group (KefuCohortEditor *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *grid = kefu_cohort_ui_grid_new ();
  GtkWidget *group = kefu_cohort_ui_groups_dropdown (self->store, FALSE, self->cohort->group_id, &error);
  GtkWidget *tier, *dialog;

  if (group == NULL)
    {
      kefu_cohort_ui_alert (GTK_WINDOW (self), _("Could Not Load the Cohort"), error->message);
      return NULL;
    }
  if (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (group))) == 0)
    {
      g_object_unref (g_object_ref_sink (group));
      g_object_unref (g_object_ref_sink (grid));
      kefu_cohort_ui_alert (GTK_WINDOW (self), _("No Staff Groups"),
             _("There are no staff groups yet: create one under Training › Cohorts › Staff Groups…."));
      return NULL;
    }
  kefu_cohort_ui_field (grid, 0, _("Staff group"), group);
  tier = kefu_cohort_ui_field (grid, 1, _("Tier"), kefu_cohort_ui_tier_dropdown ());
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), _("Add a Staff Group"), _("Every member of the group joins the cohort."),
                grid, "add", _("_Add"), FALSE, G_CALLBACK (add_group_response_cb), self);
  KEFU_COHORT_FORM (dialog)->group = group;
  KEFU_COHORT_FORM (dialog)->tier = tier;
  return GTK_WINDOW (dialog);
}

static void
remove_member_response_cb (KefuCohortForm   *dialog,
                           const char       *response,
                           KefuCohortEditor *self)
{
  gint64 user_id = dialog->id;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  done (self, kefu_cohort_remove_member (self->store, self->cohort_id, user_id, &error), _("Member Not Removed"), error);
}

GtkWindow *
kefu_cohort_editor_remove_member (KefuCohortEditor *self,
                                  gint64            user_id)
{
  const char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < self->members->len; i++)
    if (((KefuCohortMember *) self->members->pdata[i])->user_id == user_id)
      name = ((KefuCohortMember *) self->members->pdata[i])->name;
  if (name == NULL)
    return NULL;
  body = g_strdup_printf (_("%s leaves “%s”; their attendance and observation forms in it are deleted too."),
                          name, self->cohort->name);
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), _("Remove the Member?"), body, NULL, "remove", _("_Remove"), TRUE,
                G_CALLBACK (remove_member_response_cb), self);
  KEFU_COHORT_FORM (dialog)->id = user_id;
  return GTK_WINDOW (dialog);
}

/* Sessions */

static void
add_session_response_cb (KefuCohortForm   *dialog,
                         const char       *response,
                         KefuCohortEditor *self)
{
  GtkWidget *day = dialog->day;
  GtkWidget *time = dialog->time;
  GtkWidget *hours = dialog->hours;
  GtkWidget *topic = dialog->topic;
  GtkWidget *place = dialog->place;
  g_autoptr(GError) error = NULL;
  const char *t = gtk_editable_get_text (GTK_EDITABLE (time));
  const char *p = gtk_editable_get_text (GTK_EDITABLE (place));
  const char *tp = gtk_editable_get_text (GTK_EDITABLE (topic));
  gint64 at = 0;
  int hh = -1, mm = -1;
  char tail = 0;

  if (g_strcmp0 (response, "add") != 0)
    return;
  if (!kefu_cohort_parse_day (gtk_editable_get_text (GTK_EDITABLE (day)), _("day"), &at, &error))
    {
      done (self, FALSE, _("Session Not Scheduled"), error);
      return;
    }
  if (sscanf (t, "%d:%d%c", &hh, &mm, &tail) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59)
    {
      g_set_error (&error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("The start time “%s” is not a time like 09:30."), t);
      done (self, FALSE, _("Session Not Scheduled"), error);
      return;
    }
  {
    g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (at);
    g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                                        g_date_time_get_day_of_month (local), hh, mm, 0);
    at = g_date_time_to_unix (start);
  }
  done (self, kefu_cohort_add_session (self->store, self->cohort_id, at, gtk_spin_button_get_value (GTK_SPIN_BUTTON (hours)),
                                       *tp != '\0' ? tp : NULL, self->cohort->trainer_id, *p != '\0' ? p : NULL, &error) > 0,
        _("Session Not Scheduled"), error);
}

GtkWindow *
kefu_cohort_editor_add_session (KefuCohortEditor *self)
{
  gint64 now = kefu_store_now (self->store);
  g_autofree char *day = kefu_cohort_ui_day_text (CLAMP (now, self->cohort->starts_at, self->cohort->ends_at - 1));
  GtkWidget *grid = kefu_cohort_ui_grid_new ();
  GtkWidget *d = kefu_cohort_ui_field (grid, 0, _("Day"), kefu_cohort_ui_entry_new (day, "2026-03-02"));
  GtkWidget *time = kefu_cohort_ui_field (grid, 1, _("Starts at"), kefu_cohort_ui_entry_new ("09:00", "09:00"));
  GtkWidget *hours = kefu_cohort_ui_field (grid, 2, _("Hours"), gtk_spin_button_new_with_range (0.5, 24, 0.5));
  GtkWidget *topic = kefu_cohort_ui_field (grid, 3, _("Topic"), kefu_cohort_ui_entry_new (NULL, NULL));
  GtkWidget *place = kefu_cohort_ui_field (grid, 4, _("Place"), kefu_cohort_ui_entry_new (NULL, NULL));
  GtkWidget *dialog;

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (hours), 3);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (hours), 1);
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), _("Schedule a Session"), _("The cohort’s trainer gives it unless you note otherwise in the topic."),
                grid, "add", _("_Schedule"), FALSE, G_CALLBACK (add_session_response_cb), self);
  KEFU_COHORT_FORM (dialog)->day = d;
  KEFU_COHORT_FORM (dialog)->time = time;
  KEFU_COHORT_FORM (dialog)->hours = hours;
  KEFU_COHORT_FORM (dialog)->topic = topic;
  KEFU_COHORT_FORM (dialog)->place = place;
  return GTK_WINDOW (dialog);
}

static void
delete_session_response_cb (KefuCohortForm   *dialog,
                            const char       *response,
                            KefuCohortEditor *self)
{
  gint64 session_id = dialog->id;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  done (self, kefu_session_delete (self->store, session_id, &error), _("Session Not Deleted"), error);
}

GtkWindow *
kefu_cohort_editor_delete_session (KefuCohortEditor *self,
                                   gint64            session_id)
{
  const KefuCohortSession *s = NULL;
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < self->sessions->len; i++)
    if (((KefuCohortSession *) self->sessions->pdata[i])->id == session_id)
      s = self->sessions->pdata[i];
  if (s == NULL)
    return NULL;
  when = kefu_format_time (s->starts_at, "%Y-%m-%d %H:%M");
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The session of %s and the attendance of %u person taken in it are deleted.",
                                       "The session of %s and the attendance of %u people taken in it are deleted.", s->n_marked),
                          when, s->n_marked);
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), _("Delete the Session?"), body, NULL, "delete", _("_Delete"), TRUE,
                G_CALLBACK (delete_session_response_cb), self);
  KEFU_COHORT_FORM (dialog)->id = session_id;
  return GTK_WINDOW (dialog);
}

GtkWidget *
kefu_cohort_editor_attendance_button (KefuCohortEditor *self,
                                      gint64            session_id,
                                      gint64            user_id)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, session_id, user_id);
  Attendance *cell;

  g_return_val_if_fail (KEFU_IS_COHORT_EDITOR (self), NULL);
  cell = g_hash_table_lookup (self->attendance, key);
  return cell != NULL ? GTK_WIDGET (cell->check) : NULL;
}

/* The survey from paper */

static void
key_in_response_cb (KefuCohortForm   *dialog,
                    const char       *response,
                    KefuCohortEditor *self)
{
  GPtrArray *spins = dialog->spins;
  GtkWidget *person = dialog->person;
  GtkWidget *comment = dialog->comment;
  g_autoptr(GError) error = NULL;
  int scores[KEFU_SURVEY_N_ITEMS];

  if (g_strcmp0 (response, "save") != 0)
    return;
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    scores[i] = gtk_spin_button_get_value_as_int (spins->pdata[i]);
  done (self, kefu_cohort_add_survey (self->store, self->cohort_id, kefu_cohort_ui_dropdown_id (person), scores,
                                      gtk_editable_get_text (GTK_EDITABLE (comment)), &error) > 0,
        _("Answers Not Saved"), error);
}

GtkWindow *
kefu_cohort_editor_key_in_survey (KefuCohortEditor *self)
{
  GtkWidget *grid = kefu_cohort_ui_grid_new ();
  GtkStringList *labels = gtk_string_list_new (NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *spins = g_ptr_array_new ();
  GtkWidget *person, *comment, *dialog;
  gint64 zero = 0;

  gtk_string_list_append (labels, _("Unsigned form"));
  g_array_append_val (ids, zero);
  for (guint i = 0; i < self->members->len; i++)
    {
      KefuCohortMember *m = self->members->pdata[i];
      gtk_string_list_append (labels, m->name);
      g_array_append_val (ids, m->user_id);
    }
  person = kefu_cohort_ui_field (grid, 0, _("Form of"), kefu_cohort_ui_dropdown_new (labels, ids, 0));
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    {
      GtkWidget *spin = kefu_cohort_ui_field (grid, i + 1, kefu_survey_item_label (i), gtk_spin_button_new_with_range (1, 5, 1));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5);
      g_ptr_array_add (spins, spin);
    }
  comment = kefu_cohort_ui_field (grid, KEFU_SURVEY_N_ITEMS + 1, _("Comment"), kefu_cohort_ui_entry_new (NULL, _("Comment (optional)")));
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), _("Key In Survey Answers"),
                _("From 1 (poor) to 5 (very good), as written on the paper form. A signed form replaces that member’s earlier answers."),
                grid, "save", _("_Save"), FALSE, G_CALLBACK (key_in_response_cb), self);
  KEFU_COHORT_FORM (dialog)->spins = spins;
  KEFU_COHORT_FORM (dialog)->person = person;
  KEFU_COHORT_FORM (dialog)->comment = comment;
  return GTK_WINDOW (dialog);
}

/* Follow-up */

static void
checkpoint_response_cb (KefuCohortForm   *dialog,
                        const char       *response,
                        KefuCohortEditor *self)
{
  int months = dialog->months;
  GtkWidget *note = dialog->note;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "done") != 0)
    return;
  done (self, kefu_cohort_checkpoint_done (self->store, self->cohort_id, months, gtk_editable_get_text (GTK_EDITABLE (note)),
                                           &error),
        _("Checkpoint Not Saved"), error);
}

GtkWindow *
kefu_cohort_editor_checkpoint (KefuCohortEditor *self,
                               int               months)
{
  GtkWidget *note = kefu_cohort_ui_entry_new (NULL, _("What was found and agreed (optional)"));
  GtkWidget *dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), kefu_checkpoint_title (months), kefu_checkpoint_description (months), note,
                           "done", _("_Mark Done"), FALSE, G_CALLBACK (checkpoint_response_cb), self);

  KEFU_COHORT_FORM (dialog)->months = months;
  KEFU_COHORT_FORM (dialog)->note = note;
  return GTK_WINDOW (dialog);
}

/* Observations */

static void
observe_response_cb (KefuCohortForm   *dialog,
                     const char       *response,
                     KefuCohortEditor *self)
{
  GtkWidget *person = dialog->person;
  GtkWidget *week = dialog->week;
  GtkWidget *phrases = dialog->phrases;
  GtkWidget *handling = dialog->handling;
  GtkWidget *cooperation = dialog->cooperation;
  GtkWidget *note = dialog->note;
  g_autoptr(GError) error = NULL;
  double minutes = gtk_spin_button_get_value (GTK_SPIN_BUTTON (handling));

  if (g_strcmp0 (response, "save") != 0)
    return;
  done (self, kefu_cohort_observe (self->store, self->cohort_id, kefu_cohort_ui_dropdown_id (person),
                                   (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (week)),
                                   gtk_spin_button_get_value (GTK_SPIN_BUTTON (phrases)), minutes > 0 ? minutes : NAN,
                                   gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (cooperation)),
                                   gtk_editable_get_text (GTK_EDITABLE (note)), &error) > 0,
        _("Observation Not Saved"), error);
}

GtkWindow *
kefu_cohort_editor_observe (KefuCohortEditor *self)
{
  GtkWidget *grid = kefu_cohort_ui_grid_new ();
  GtkStringList *labels = gtk_string_list_new (NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint current = kefu_cohort_week_at (self->cohort->ends_at, kefu_store_now (self->store));
  GtkWidget *person, *week, *phrases, *handling, *cooperation, *note, *dialog;

  if (self->members->len == 0)
    {
      g_object_unref (labels);
      g_array_unref (ids);
      g_object_unref (g_object_ref_sink (grid));
      kefu_cohort_ui_alert (GTK_WINDOW (self), _("No Trainees"), _("The cohort has no members to observe: add them under Members first."));
      return NULL;
    }
  for (guint i = 0; i < self->members->len; i++)
    {
      KefuCohortMember *m = self->members->pdata[i];
      gtk_string_list_append (labels, m->name);
      g_array_append_val (ids, m->user_id);
    }
  person = kefu_cohort_ui_field (grid, 0, _("Trainee"), kefu_cohort_ui_dropdown_new (labels, ids, 0));
  week = kefu_cohort_ui_field (grid, 1, _("Week after the course"), gtk_spin_button_new_with_range (1, KEFU_COHORT_OBSERVATION_WEEKS, 1));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (week), CLAMP (current, 1, KEFU_COHORT_OBSERVATION_WEEKS));
  phrases = kefu_cohort_ui_field (grid, 2, _("Standard-phrase use (%)"), gtk_spin_button_new_with_range (0, 100, 1));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (phrases), KEFU_COHORT_PHRASE_TARGET);
  handling = kefu_cohort_ui_field (grid, 3, _("Handling time (min, 0: not timed)"), gtk_spin_button_new_with_range (0, 240, 0.5));
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (handling), 1);
  cooperation = kefu_cohort_ui_field (grid, 4, _("Cooperation (1–5)"), gtk_spin_button_new_with_range (1, 5, 1));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (cooperation), 4);
  note = kefu_cohort_ui_field (grid, 5, _("Note"), kefu_cohort_ui_entry_new (NULL, _("What you saw (optional)")));
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), _("Weekly Observation"),
                _("Listen to the trainee’s calls of the week: the share that used the standard phrases, their mean handling "
                  "time and how they worked with colleagues. Again for the same week replaces the form."),
                grid, "save", _("_Save"), FALSE, G_CALLBACK (observe_response_cb), self);
  KEFU_COHORT_FORM (dialog)->person = person;
  KEFU_COHORT_FORM (dialog)->week = week;
  KEFU_COHORT_FORM (dialog)->phrases = phrases;
  KEFU_COHORT_FORM (dialog)->handling = handling;
  KEFU_COHORT_FORM (dialog)->cooperation = cooperation;
  KEFU_COHORT_FORM (dialog)->note = note;
  return GTK_WINDOW (dialog);
}

/* Actions */

static void
editor_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuCohortEditor *self = KEFU_COHORT_EDITOR (widget);

  if (g_str_equal (action_name, "editor.edit"))
    kefu_cohort_editor_edit (self);
  else if (g_str_equal (action_name, "editor.add-member"))
    kefu_cohort_editor_add_member (self);
  else if (g_str_equal (action_name, "editor.add-group"))
    kefu_cohort_editor_add_group (self);
  else if (g_str_equal (action_name, "editor.remove-member"))
    kefu_cohort_editor_remove_member (self, g_variant_get_int64 (parameter));
  else if (g_str_equal (action_name, "editor.add-session"))
    kefu_cohort_editor_add_session (self);
  else if (g_str_equal (action_name, "editor.delete-session"))
    kefu_cohort_editor_delete_session (self, g_variant_get_int64 (parameter));
  else if (g_str_equal (action_name, "editor.key-in"))
    kefu_cohort_editor_key_in_survey (self);
  else if (g_str_equal (action_name, "editor.checkpoint"))
    kefu_cohort_editor_checkpoint (self, g_variant_get_int32 (parameter));
  else if (g_str_equal (action_name, "editor.observe"))
    kefu_cohort_editor_observe (self);
}

static void
kefu_cohort_editor_dispose (GObject *object)
{
  KefuCohortEditor *self = KEFU_COHORT_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->cohort, kefu_cohort_summary_free);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->checkpoints, g_ptr_array_unref);
  g_clear_pointer (&self->observations, g_ptr_array_unref);
  g_clear_pointer (&self->attendance, g_hash_table_unref);
  g_clear_object (&self->gantt);
  g_clear_object (&self->refresh);
  G_OBJECT_CLASS (kefu_cohort_editor_parent_class)->dispose (object);
}

static void
kefu_cohort_editor_class_init (KefuCohortEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_cohort_editor_dispose;
  gtk_widget_class_install_action (widget_class, "editor.edit", NULL, editor_action);
  gtk_widget_class_install_action (widget_class, "editor.add-member", NULL, editor_action);
  gtk_widget_class_install_action (widget_class, "editor.add-group", NULL, editor_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-member", "x", editor_action);
  gtk_widget_class_install_action (widget_class, "editor.add-session", NULL, editor_action);
  gtk_widget_class_install_action (widget_class, "editor.delete-session", "x", editor_action);
  gtk_widget_class_install_action (widget_class, "editor.key-in", NULL, editor_action);
  gtk_widget_class_install_action (widget_class, "editor.checkpoint", "i", editor_action);
  gtk_widget_class_install_action (widget_class, "editor.observe", NULL, editor_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_cohort_editor_init (KefuCohortEditor *self)
{
  self->content = kefu_cohort_ui_window_frame (ADW_WINDOW (self), &self->title);
  self->attendance = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

KefuCohortEditor *
kefu_cohort_editor_new (GtkWindow  *parent,
                        KefuStore  *store,
                        gint64      cohort_id,
                        GError    **error)
{
  KefuCohortEditor *self = g_object_new (KEFU_TYPE_COHORT_EDITOR, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->cohort_id = cohort_id;
  if (!load (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  self->gantt = g_object_ref_sink (kefu_plan_gantt_new (store, cohort_id));
  g_signal_connect_object (self->gantt, "changed", G_CALLBACK (gantt_changed_cb), self, G_CONNECT_SWAPPED);
  build (self);
  return self;
}

gint64
kefu_cohort_editor_get_cohort (KefuCohortEditor *self)
{
  g_return_val_if_fail (KEFU_IS_COHORT_EDITOR (self), 0);
  return self->cohort_id;
}

void
kefu_cohort_editor_set_refresh (KefuCohortEditor *self,
                                GtkWidget        *refresh)
{
  g_return_if_fail (KEFU_IS_COHORT_EDITOR (self));
  g_set_object (&self->refresh, refresh);
}

GtkWidget *
kefu_cohort_editor_get_gantt (KefuCohortEditor *self)
{
  g_return_val_if_fail (KEFU_IS_COHORT_EDITOR (self), NULL);
  return self->gantt;
}

/* New and delete, from the Training view -------------------------------------- */

static void
new_cohort_response_cb (KefuCohortForm   *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  KefuStore *store = dialog->store;
  GtkWidget *view = dialog->refresh;
  GtkWidget *course = dialog->course;
  GtkWidget *name = dialog->name;
  GtkWidget *from = dialog->from;
  GtkWidget *to = dialog->to;
  GtkWidget *group = dialog->group;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  g_autoptr(GError) error = NULL;
  gint64 starts = 0, last = 0, id = -1;

  if (g_strcmp0 (response, "create") != 0)
    return;
  if (kefu_cohort_parse_day (gtk_editable_get_text (GTK_EDITABLE (from)), _("first day"), &starts, &error) &&
      kefu_cohort_parse_day (gtk_editable_get_text (GTK_EDITABLE (to)), _("last day"), &last, &error))
    id = kefu_cohort_create (store, kefu_cohort_ui_dropdown_id (course), gtk_editable_get_text (GTK_EDITABLE (name)), starts, last + DAY,
                             kefu_cohort_ui_dropdown_id (group), kefu_store_get_actor (store), 0, &error);
  if (id > 0 && kefu_cohort_ui_dropdown_id (group) > 0 && kefu_cohort_add_group (store, id, kefu_cohort_ui_dropdown_id (group), "in_post", &error) < 0)
    id = -1;
  if (id <= 0)
    {
      kefu_cohort_ui_alert (parent, _("Cohort Not Created"), error != NULL ? error->message : "");
      return;
    }
  if (view != NULL)
    gtk_widget_activate_action (view, "training.refresh", NULL);
  {
    KefuCohortEditor *editor = kefu_cohort_editor_new (parent, store, id, &error);
    if (editor == NULL)
      return;
    kefu_cohort_editor_set_refresh (editor, view);
    gtk_window_present (GTK_WINDOW (editor));
  }
}

GtkWindow *
kefu_cohort_new_dialog (GtkWindow  *parent,
                        KefuStore  *store,
                        GtkWidget  *refresh)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) courses = kefu_cohort_courses (store, &error);
  gint64 now = kefu_store_now (store);
  g_autofree char *first = kefu_cohort_ui_day_text (now + 7 * DAY);
  g_autofree char *last = kefu_cohort_ui_day_text (now + 18 * DAY);
  GtkWidget *grid, *course, *name, *from, *to, *group, *dialog;
  GtkStringList *labels;
  GArray *ids;

  if (courses == NULL || (group = kefu_cohort_ui_groups_dropdown (store, TRUE, 0, &error)) == NULL)
    {
      kefu_cohort_ui_alert (parent, _("Cohort Not Created"), error->message);
      return NULL;
    }
  if (courses->len == 0)
    {
      g_object_unref (g_object_ref_sink (group));
      kefu_cohort_ui_alert (parent, _("No Courses"), _("There are no courses to run yet: courses come with the sample data or an import."));
      return NULL;
    }
  labels = gtk_string_list_new (NULL);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < courses->len; i++)
    {
      KefuCourseRef *c = courses->pdata[i];
      gtk_string_list_append (labels, c->name);
      g_array_append_val (ids, c->id);
    }
  grid = kefu_cohort_ui_grid_new ();
  course = kefu_cohort_ui_field (grid, 0, _("Course"), kefu_cohort_ui_dropdown_new (labels, ids, 0));
  name = kefu_cohort_ui_field (grid, 1, _("Name"), kefu_cohort_ui_entry_new (NULL, _("e.g. New hires, spring intake")));
  from = kefu_cohort_ui_field (grid, 2, _("First day"), kefu_cohort_ui_entry_new (first, "2026-03-02"));
  to = kefu_cohort_ui_field (grid, 3, _("Last day"), kefu_cohort_ui_entry_new (last, "2026-03-13"));
  kefu_cohort_ui_field (grid, 4, _("Staff group"), group);
  dialog = kefu_cohort_ui_ask (parent, _("New Cohort"),
                _("A run of a course for a group, with its dates; the last day is included. A staff group’s members join it "
                  "as staff in post. You are its trainer."),
                grid, "create", _("C_reate"), FALSE, G_CALLBACK (new_cohort_response_cb), NULL);
  KEFU_COHORT_FORM (dialog)->store = g_object_ref (store);
  if (refresh != NULL)
    KEFU_COHORT_FORM (dialog)->refresh = g_object_ref (refresh);
  KEFU_COHORT_FORM (dialog)->course = course;
  KEFU_COHORT_FORM (dialog)->name = name;
  KEFU_COHORT_FORM (dialog)->from = from;
  KEFU_COHORT_FORM (dialog)->to = to;
  KEFU_COHORT_FORM (dialog)->group = group;
  return GTK_WINDOW (dialog);
}

static void
delete_cohort_response_cb (KefuCohortForm   *dialog,
                           const char       *response,
                           gpointer          user_data)
{
  KefuStore *store = dialog->store;
  GtkWidget *view = dialog->refresh;
  gint64 id = dialog->id;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (!kefu_cohort_delete (store, id, &error))
    {
      kefu_cohort_ui_alert (gtk_window_get_transient_for (GTK_WINDOW (dialog)), _("Cohort Not Deleted"), error->message);
      return;
    }
  if (view != NULL)
    gtk_widget_activate_action (view, "training.refresh", NULL);
}

GtkWindow *
kefu_cohort_delete_dialog (GtkWindow  *parent,
                           KefuStore  *store,
                           gint64      cohort_id,
                           GtkWidget  *refresh)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuCohortSummary) c = kefu_cohort_get (store, cohort_id, &error);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (c == NULL)
    {
      kefu_cohort_ui_alert (parent, _("Cohort Not Deleted"), error->message);
      return NULL;
    }
  body = g_strdup_printf (_("“%s” is deleted with its %u members, %u sessions and their attendance, the survey answers, costs, "
                            "checkpoints and observation forms. This cannot be undone."),
                          c->name, c->n_members, c->n_sessions);
  dialog = kefu_cohort_ui_ask (parent, _("Delete the Cohort?"), body, NULL, "delete", _("_Delete"), TRUE,
                G_CALLBACK (delete_cohort_response_cb), NULL);
  KEFU_COHORT_FORM (dialog)->store = g_object_ref (store);
  if (refresh != NULL)
    KEFU_COHORT_FORM (dialog)->refresh = g_object_ref (refresh);
  KEFU_COHORT_FORM (dialog)->id = cohort_id;
  return GTK_WINDOW (dialog);
}
