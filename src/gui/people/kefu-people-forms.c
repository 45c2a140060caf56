/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-people-forms.c — the forms of the Capability Profile window
 *
 * A 360° review: five scores 0–100 on the seed's items; a supervisor,
 * trainer or manager who opens it for someone with no round this quarter
 * starts one, naming the peers asked (their answers count only as totals,
 * shown from three on). A case from a ticket: the core's anonymised draft
 * (names, phones and units replaced before anything is saved), edited and
 * saved to the library. The settings: the appraisal's grade thresholds and
 * the radar's sources with their family and weight. The core checks every
 * right again and audits each change.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kefu-cases.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-people.h"
#include "kefu-people-forms.h"
#include "kefu-store-watch.h"
#include "kefu-trainers.h"

/* One of the forms below: what its callbacks read, typed. */
typedef struct {
  char           *kind;
  char           *key;
  GtkDropDown    *family;
  GtkSpinButton  *weight;
  GtkCheckButton *remove;
  guint           old_family;
  double          old_weight;
} SourceRow;

static void
source_row_free (SourceRow *row)
{
  g_free (row->kind);
  g_free (row->key);
  g_free (row);
}

struct _KefuPeopleForm
{
  AdwMessageDialog  parent_instance;

  KefuStore        *store;
  GtkWidget        *notify;        /* gets "people.refresh" after a save */
  gboolean          refused;       /* the save was refused: the form stays open */
  gint64            person_id;

  /* a review, a peer's answer, the internal trainer's figures */
  GPtrArray        *spins;         /* GtkSpinButton */
  GPtrArray        *peers;         /* GtkCheckButton: whom a new round asks */
  GArray           *peer_ids;      /* gint64, one a peer */
  gint64            round_id;      /* 0: a new round */
  GArray           *rounds;        /* gint64: the rounds a peer may answer */
  GtkDropDown      *round;
  /* a goal */
  GArray           *kpis;          /* KefuKpi, one an item of the drop-down */
  GtkDropDown      *kpi;
  GtkLabel         *baseline;
  GtkLabel         *unit;
  GtkSpinButton    *target;
  GtkEditable      *deadline;
  GtkEditable      *note;
  /* an internal trainer */
  GtkCheckButton   *complaint;
  GtkLabel         *screen_result;
  GtkLabel         *year_result;
  /* a case */
  GtkEditable      *number;
  GtkEditable      *title;
  GtkDropDown      *type;
  GtkDropDown      *risk;
  GtkWidget        *texts[4];      /* happened, handling, result, lessons */
  char             *kind;
  char             *subtype;
  gboolean          loaded;        /* a draft was made from a ticket */
  /* the settings */
  GPtrArray        *thresholds;    /* GtkSpinButton */
  GPtrArray        *source_rows;   /* SourceRow */
  GtkDropDown      *new_kind;
  GtkEditable      *new_key;
  GtkDropDown      *new_family;
  GtkSpinButton    *new_weight;
  gboolean          grades;        /* the thresholds' part is shown */
  gboolean          sources;       /* the sources' part is shown */
  double            shown[4];      /* the thresholds as last read */
};

G_DEFINE_FINAL_TYPE (KefuPeopleForm, kefu_people_form, ADW_TYPE_MESSAGE_DIALOG)

static void
kefu_people_form_finalize (GObject *object)
{
  KefuPeopleForm *self = KEFU_PEOPLE_FORM (object);

  g_clear_object (&self->store);
  g_clear_object (&self->notify);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  g_clear_pointer (&self->peers, g_ptr_array_unref);
  g_clear_pointer (&self->peer_ids, g_array_unref);
  g_clear_pointer (&self->rounds, g_array_unref);
  g_clear_pointer (&self->kpis, g_array_unref);
  g_free (self->kind);
  g_free (self->subtype);
  g_clear_pointer (&self->thresholds, g_ptr_array_unref);
  g_clear_pointer (&self->source_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (kefu_people_form_parent_class)->finalize (object);
}

static void
kefu_people_form_class_init (KefuPeopleFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_people_form_finalize;
}

static void
kefu_people_form_init (KefuPeopleForm *self)
{
}

/* A form's widget, for the tests. */
GtkWidget *
kefu_people_form_get_part (KefuPeopleForm     *self,
                           KefuPeopleFormPart  part)
{
  g_return_val_if_fail (KEFU_IS_PEOPLE_FORM (self), NULL);
  switch (part)
    {
    case KEFU_PEOPLE_FORM_KPI: return GTK_WIDGET (self->kpi);
    case KEFU_PEOPLE_FORM_BASELINE: return GTK_WIDGET (self->baseline);
    case KEFU_PEOPLE_FORM_TARGET: return GTK_WIDGET (self->target);
    case KEFU_PEOPLE_FORM_DEADLINE: return GTK_WIDGET (self->deadline);
    case KEFU_PEOPLE_FORM_SCREEN_RESULT: return GTK_WIDGET (self->screen_result);
    case KEFU_PEOPLE_FORM_YEAR_RESULT: return GTK_WIDGET (self->year_result);
    case KEFU_PEOPLE_FORM_NEW_KEY: return GTK_WIDGET (self->new_key);
    case KEFU_PEOPLE_FORM_EXCELLENT:
      return self->thresholds != NULL ? self->thresholds->pdata[0] : NULL;
    default: g_return_val_if_reached (NULL);
    }
}

/* An empty form over @parent (as adw_message_dialog_new(), without formats) */
static KefuPeopleForm *
form_new (GtkWindow  *parent,
          KefuStore  *store,
          const char *heading,
          const char *body)
{
  KefuPeopleForm *self = g_object_new (KEFU_TYPE_PEOPLE_FORM, "transient-for", parent, NULL);

  if (heading != NULL)
    adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  if (body != NULL)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  self->store = g_object_ref (store);
  return self;
}

static void
alert (GtkWindow  *parent,
       const char *heading,
       const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* An AdwMessageDialog closes itself on any response, before it says which
 * one (libadwaita 1.2). These forms close themselves instead, after the
 * response: at once for Cancel and for a save that went through, never
 * for a save that was refused, which keeps what was typed under the alert
 * that says why. */
static gboolean
hold_open_cb (GtkWindow *dialog,
              gpointer   user_data)
{
  return TRUE;
}

static void
close_unless_refused_cb (KefuPeopleForm *dialog,
                         const char     *response,
                         gpointer        user_data)
{
  if (dialog->refused)
    {
      dialog->refused = FALSE;
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
refused (KefuPeopleForm *dialog,
         const char     *heading,
         const char     *message)
{
  dialog->refused = TRUE;
  alert (GTK_WINDOW (dialog), heading, message);
}

static void
notify_saved (KefuPeopleForm *dialog)
{
  if (dialog->notify != NULL)
    gtk_widget_activate_action (dialog->notify, "people.refresh", NULL);
}

static KefuPeopleForm *
dialog_new (GtkWindow  *parent,
            KefuStore  *store,
            GtkWidget  *notify,
            const char *heading,
            const char *body,
            GtkWidget  *extra,
            const char *response,
            const char *label,
            GCallback   callback)
{
  KefuPeopleForm *dialog = form_new (parent, store, heading, body);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (notify != NULL)
    dialog->notify = g_object_ref (notify);
  g_signal_connect (dialog, "response", callback, NULL);
  g_signal_connect_after (dialog, "response", G_CALLBACK (close_unless_refused_cb), NULL);
  g_signal_connect_after (dialog, "close-request", G_CALLBACK (hold_open_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static GtkWidget *
field (GtkWidget  *grid,
       int         row,
       const char *label,
       GtkWidget  *widget)
{
  GtkWidget *l = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), widget, 1, row, 1, 1);
  return widget;
}

static GtkWidget *
grid_new (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  return grid;
}

static GtkWidget *
spin_new (double min,
          double max,
          double step,
          double value,
          guint  digits)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  return spin;
}

static KefuUser *
signed_in (KefuStore *store)
{
  return kefu_desk_get_user (store, kefu_store_get_actor (store), NULL);
}

/* 360° review ---------------------------------------------------------------- */

static void
review_response_cb (KefuPeopleForm *dialog,
                    const char     *response,
                    gpointer        user_data)
{
  KefuStore *store = dialog->store;
  GPtrArray *spins = dialog->spins;
  GPtrArray *peers = dialog->peers;
  gint64 person = dialog->person_id;
  gint64 round = dialog->round_id;
  g_autoptr(GArray) asked = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  double scores[KEFU_N_REVIEW_ITEMS];
  gint64 from, to;

  if (g_strcmp0 (response, "save") != 0)
    return;
  for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
    scores[i] = gtk_spin_button_get_value (spins->pdata[i]);
  kefu_people_quarter_of (kefu_store_now (store), &from, &to);
  for (guint i = 0; peers != NULL && i < peers->len; i++)
    if (gtk_check_button_get_active (peers->pdata[i]))
      {
        g_array_append_val (asked, g_array_index (dialog->peer_ids, gint64, i));
      }
  if (round == 0)
    round = kefu_review_start (store, person, from, to, (const gint64 *) asked->data, asked->len, &error);
  if (round <= 0 || !kefu_review_answer (store, round, scores, &error))
    {
      refused (dialog, _("Review Not Saved"), error != NULL ? error->message : "");
      return;
    }
  notify_saved (dialog);
}

GtkWindow *
kefu_people_review_dialog (GtkWindow  *parent,
                           KefuStore  *store,
                           gint64      person_id,
                           GtkWidget  *notify)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) me = signed_in (store);
  g_autoptr(KefuUser) person = kefu_desk_get_user (store, person_id, &error);
  gboolean supervise = me != NULL && kefu_user_can (me, KEFU_PERMISSION_DEVELOP_PEOPLE);
  gint64 actor = kefu_store_get_actor (store);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *grid = grid_new ();
  GPtrArray *spins = g_ptr_array_new ();
  GPtrArray *peers = NULL;
  GArray *peer_ids = NULL;
  g_autofree char *body = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  KefuPeopleForm *dialog;
  gint64 from, to, round;

  if (person == NULL)
    {
      g_ptr_array_unref (spins);
      g_object_unref (g_object_ref_sink (box));
      g_object_unref (g_object_ref_sink (grid));
      alert (parent, _("Review Not Opened"), error->message);
      return NULL;
    }
  kefu_people_quarter_of (kefu_store_now (store), &from, &to);
  round = kefu_review_find_round (store, person_id, from, to, &error);
  first = kefu_format_time (from, "%Y-%m-%d");
  last = kefu_format_time (to - 1, "%Y-%m-%d");
  if (round < 0 || (round == 0 && (!supervise || actor == person_id)))
    {
      g_ptr_array_unref (spins);
      g_object_unref (g_object_ref_sink (box));
      g_object_unref (g_object_ref_sink (grid));
      alert (parent, _("Review Not Opened"),
             round < 0 ? error->message : _("There is no 360° review of this quarter yet: a supervisor, trainer or manager starts it."));
      return NULL;
    }
  /* Translators: whose review, and the quarter's first and last day */
  body = g_strdup_printf (_("%s, %s to %s. Your scores from 0 to 100; peers’ answers are shown only as a mean, from three on."),
                          kefu_user_get_name (person), first, last);
  for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
    g_ptr_array_add (spins, field (grid, (int) i, kefu_review_item_label (i), spin_new (0, 100, 5, 80, 0)));
  gtk_box_append (GTK_BOX (box), grid);
  if (round == 0)
    {
      /* a new round: whom to ask, among the desk's other staff */
      g_autoptr(GListStore) users = kefu_desk_list_users (store, NULL);
      GtkWidget *label = gtk_label_new (_("Peers asked (they answer under their own sign-in):"));
      GtkWidget *flow = gtk_flow_box_new ();
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      peers = g_ptr_array_new ();
      peer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
      for (guint i = 0; users != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
        {
          g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (users), i);
          GtkWidget *check;

          if (kefu_user_get_id (u) == person_id || kefu_user_get_id (u) == actor ||
              g_strcmp0 (kefu_user_get_role (u), "agent") != 0)
            continue;
          check = gtk_check_button_new_with_label (kefu_user_get_name (u));
          gtk_flow_box_append (GTK_FLOW_BOX (flow), check);
          g_ptr_array_add (peers, check);
          {
            gint64 id = kefu_user_get_id (u);
            g_array_append_val (peer_ids, id);
          }
        }
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), flow);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
      gtk_box_append (GTK_BOX (box), scrolled);
    }
  dialog = dialog_new (parent, store, notify, round == 0 ? _("Start a 360° Review") : _("360° Review"), body, box,
                       "save", _("_Save"), G_CALLBACK (review_response_cb));
  gtk_widget_set_size_request (GTK_WIDGET (dialog), 520, -1);
  dialog->spins = spins;
  dialog->peers = peers;
  dialog->peer_ids = peer_ids;
  dialog->person_id = person_id;
  dialog->round_id = round;
  return GTK_WINDOW (dialog);
}

static void
peer_response_cb (KefuPeopleForm *dialog,
                  const char     *response,
                  gpointer        user_data)
{
  KefuStore *store = dialog->store;
  GPtrArray *spins = dialog->spins;
  GArray *rounds = dialog->rounds;
  guint i = gtk_drop_down_get_selected (dialog->round);
  g_autoptr(GError) error = NULL;
  double scores[KEFU_N_REVIEW_ITEMS];

  if (g_strcmp0 (response, "save") != 0 || i >= rounds->len)
    return;
  for (guint k = 0; k < KEFU_N_REVIEW_ITEMS; k++)
    scores[k] = gtk_spin_button_get_value (spins->pdata[k]);
  if (!kefu_review_answer (store, g_array_index (rounds, gint64, i), scores, &error))
    {
      refused (dialog, _("Review Not Saved"), error->message);
      return;
    }
  notify_saved (dialog);
}

GtkWindow *
kefu_people_peer_review_dialog (GtkWindow  *parent,
                                KefuStore  *store,
                                GtkWidget  *notify)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) asked = kefu_review_asked (store, &error);
  GtkStringList *labels;
  GArray *rounds;
  GPtrArray *spins;
  GtkWidget *grid, *round;
  KefuPeopleForm *dialog;

  if (asked == NULL || asked->len == 0)
    {
      alert (parent, _("No Review to Answer"), asked == NULL ? error->message : _("Nobody has asked you to review a colleague."));
      return NULL;
    }
  labels = gtk_string_list_new (NULL);
  rounds = g_array_new (FALSE, FALSE, sizeof (gint64));
  spins = g_ptr_array_new ();
  for (guint i = 0; i < asked->len; i++)
    {
      KefuReviewAsked *a = asked->pdata[i];
      g_autofree char *first = kefu_format_time (a->from, "%Y-%m-%d");
      g_autofree char *last = kefu_format_time (a->to - 1, "%Y-%m-%d");
      /* Translators: a colleague's review round: name, first and last day */
      g_autofree char *label = g_strdup_printf (_("%s, %s to %s"), a->name, first, last);

      gtk_string_list_append (labels, label);
      g_array_append_val (rounds, a->round_id);
    }
  grid = grid_new ();
  round = field (grid, 0, _("Colleague"), gtk_drop_down_new (G_LIST_MODEL (labels), NULL));
  for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
    g_ptr_array_add (spins, field (grid, (int) i + 1, kefu_review_item_label (i), spin_new (0, 100, 5, 80, 0)));
  dialog = dialog_new (parent, store, notify, _("Review a Colleague"),
                       _("Scores from 0 to 100. Only the sums of the peers’ answers are kept, never who gave what; "
                         "they are shown as a mean once three peers have answered. You answer once."),
                       grid, "save", _("_Send"), G_CALLBACK (peer_response_cb));
  dialog->spins = spins;
  dialog->rounds = rounds;
  dialog->round = GTK_DROP_DOWN (round);
  return GTK_WINDOW (dialog);
}

/* A SMART goal ------------------------------------------------------------------------ */

/* The KPIs a goal may have, in the dashboard's order */
static GArray *
goal_kpis (void)
{
  GArray *kpis = g_array_new (FALSE, FALSE, sizeof (KefuKpi));

  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    if (kefu_goal_kpi_allowed (k))
      g_array_append_val (kpis, k);
  return kpis;
}

static void
goal_kpi_changed_cb (GtkDropDown    *dropdown,
                     GParamSpec     *pspec,
                     KefuPeopleForm *dialog)
{
  KefuStore *store = dialog->store;
  GArray *kpis = dialog->kpis;
  GtkLabel *baseline = dialog->baseline;
  GtkLabel *unit = dialog->unit;
  gint64 person = dialog->person_id;
  guint i = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KefuKpi kpi;
  double value;

  if (i >= kpis->len)
    return;
  kpi = g_array_index (kpis, KefuKpi, i);
  if (!kefu_goal_baseline (store, person, kpi, &value, &error))
    text = g_strdup (error->message);
  else if (isnan (value))
    text = g_strdup_printf (_("No tickets of theirs in the last %d days: the goal will have no baseline."),
                            KEFU_GOAL_BASELINE_DAYS);
  else
    {
      g_autofree char *figure = kefu_kpi_format (kpi, value);
      /* Translators: the baseline of a goal: the KPI's figure over the last N days, measured now */
      text = g_strdup_printf (_("Baseline, measured now over the last %d days: %s"), KEFU_GOAL_BASELINE_DAYS, figure);
    }
  gtk_label_set_text (baseline, text);
  switch (kefu_kpi_info (kpi)->format)
    {
    case KEFU_KPI_FORMAT_RATE: gtk_label_set_text (unit, "%"); break;
    case KEFU_KPI_FORMAT_MINUTES: gtk_label_set_text (unit, _("min")); break;
    default: gtk_label_set_text (unit, _("of 100")); break;
    }
}

static void
goal_response_cb (KefuPeopleForm *dialog,
                  const char     *response,
                  gpointer        user_data)
{
  KefuStore *store = dialog->store;
  GArray *kpis = dialog->kpis;
  GtkDropDown *kpi_dropdown = dialog->kpi;
  GtkSpinButton *target_spin = dialog->target;
  GtkEditable *deadline_entry = dialog->deadline;
  GtkEditable *note_entry = dialog->note;
  gint64 person = dialog->person_id;
  guint i = gtk_drop_down_get_selected (kpi_dropdown);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  const char *deadline_text = gtk_editable_get_text (deadline_entry);
  unsigned y = 0, m = 0, d = 0;
  char tail = 0;
  double target;
  KefuKpi kpi;

  if (g_strcmp0 (response, "save") != 0 || i >= kpis->len)
    return;
  kpi = g_array_index (kpis, KefuKpi, i);
  target = gtk_spin_button_get_value (target_spin);
  if (kefu_kpi_info (kpi)->format == KEFU_KPI_FORMAT_RATE)
    target /= 100;
  if (sscanf (deadline_text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3)
    day = g_date_time_new (tz, (int) y, (int) m, (int) d, 0, 0, 0);
  if (day == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Deadline: write a day like “2026-12-31”, not “%s”."), deadline_text);
      refused (dialog, _("Goal Not Set"), message);
      return;
    }
  {
    g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);   /* by the end of that day */
    if (kefu_goal_add (store, person, kpi, target, g_date_time_to_unix (next), gtk_editable_get_text (note_entry),
                       &error) <= 0)
      {
        refused (dialog, _("Goal Not Set"), error->message);
        return;
      }
  }
  notify_saved (dialog);
}

GtkWindow *
kefu_people_goal_dialog (GtkWindow  *parent,
                         KefuStore  *store,
                         gint64      person_id,
                         GtkWidget  *notify)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) person = kefu_desk_get_user (store, person_id, &error);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *body = NULL;
  g_autofree char *last = NULL;
  GArray *kpis;
  GtkWidget *grid, *kpi, *baseline, *target, *unit, *target_box, *deadline, *note;
  KefuPeopleForm *dialog;
  gint64 from, to;

  if (person == NULL)
    {
      alert (parent, _("Goal Not Opened"), error->message);
      return NULL;
    }
  kpis = goal_kpis ();
  for (guint i = 0; i < kpis->len; i++)
    gtk_string_list_append (labels, _(kefu_kpi_info (g_array_index (kpis, KefuKpi, i))->label));
  kefu_people_quarter_of (kefu_store_now (store), &from, &to);
  last = kefu_format_time (to - 1, "%Y-%m-%d");

  grid = grid_new ();
  kpi = field (grid, 0, _("KPI"), gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL));
  baseline = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (baseline), 0);
  gtk_label_set_wrap (GTK_LABEL (baseline), TRUE);
  gtk_widget_add_css_class (baseline, "dim-label");
  gtk_grid_attach (GTK_GRID (grid), baseline, 1, 1, 1, 1);
  target_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  target = spin_new (0, 10000, 1, 90, 1);
  unit = gtk_label_new ("%");
  gtk_widget_set_hexpand (target, TRUE);
  gtk_box_append (GTK_BOX (target_box), target);
  gtk_box_append (GTK_BOX (target_box), unit);
  gtk_accessible_update_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Target"), -1);
  field (grid, 2, _("Target"), target_box);
  deadline = field (grid, 3, _("Deadline (YYYY-MM-DD)"), gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (deadline), last);
  note = field (grid, 4, _("Note"), gtk_entry_new ());

  /* Translators: a new goal for a person */
  body = g_strdup_printf (_("A goal for %s on one of the dashboard’s KPIs over the tickets they own. The baseline "
                            "is measured when the goal is set; the target must beat it."), kefu_user_get_name (person));
  dialog = dialog_new (parent, store, notify, _("Set a Goal"), body, grid, "save", _("_Set Goal"),
                       G_CALLBACK (goal_response_cb));
  gtk_widget_set_size_request (GTK_WIDGET (dialog), 520, -1);
  dialog->kpis = kpis;
  dialog->kpi = GTK_DROP_DOWN (kpi);
  dialog->baseline = GTK_LABEL (baseline);
  dialog->unit = GTK_LABEL (unit);
  dialog->target = GTK_SPIN_BUTTON (target);
  dialog->deadline = GTK_EDITABLE (deadline);
  dialog->note = GTK_EDITABLE (note);
  dialog->person_id = person_id;
  g_signal_connect (kpi, "notify::selected", G_CALLBACK (goal_kpi_changed_cb), dialog);
  goal_kpi_changed_cb (GTK_DROP_DOWN (kpi), NULL, dialog);
  return GTK_WINDOW (dialog);
}

/* An internal trainer (内训师): the certification screen and the year ------------------ */

static void
trainer_update (KefuPeopleForm *dialog)
{
  KefuStore *store = dialog->store;
  GPtrArray *spins = dialog->spins;
  GtkCheckButton *complaint = dialog->complaint;
  GtkLabel *screen_label = dialog->screen_result;
  GtkLabel *year_label = dialog->year_result;
  KefuTrainerCandidate c = { 0 };
  KefuTrainerYear y = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTrainerScreen) screen = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  KefuGradeThresholds t;
  gboolean noted;
  double score;

  c.years = gtk_spin_button_get_value (spins->pdata[0]);
  c.satisfaction = gtk_spin_button_get_value (spins->pdata[1]);
  c.major_complaint = gtk_check_button_get_active (complaint);
  for (guint i = 0; i < KEFU_N_LECTURE_CRITERIA; i++)
    c.lecture[i] = gtk_spin_button_get_value (spins->pdata[2 + i]);
  screen = kefu_trainer_screen (&c, &error);
  if (screen == NULL)
    g_string_assign (text, error->message);
  else
    {
      /* Translators: the trial lecture's score in the internal trainer screen */
      g_string_printf (text, _("Trial lecture: %.1f. "), screen->lecture);
      g_string_append (text, screen->passed ? _("Meets every condition of the internal trainer certification.")
                                            : _("Does not meet the internal trainer certification:"));
      for (guint i = 0; i < screen->unmet->len; i++)
        g_string_append_printf (text, "\n• %s", (const char *) screen->unmet->pdata[i]);
    }
  gtk_label_set_text (screen_label, text->str);

  y.satisfaction = c.satisfaction;
  y.results = gtk_spin_button_get_value (spins->pdata[2 + KEFU_N_LECTURE_CRITERIA]);
  y.courses = gtk_spin_button_get_value (spins->pdata[3 + KEFU_N_LECTURE_CRITERIA]);
  y.contribution = gtk_spin_button_get_value (spins->pdata[4 + KEFU_N_LECTURE_CRITERIA]);
  g_clear_error (&error);
  score = kefu_trainer_evaluate (&y, &error);
  kefu_appraisal_get_thresholds (store, &t);
  if (isnan (score))
    gtk_label_set_text (year_label, error->message);
  else
    {
      /* Translators: the internal trainer's yearly evaluation: the weighted score and its grade */
      g_autofree char *line = g_strdup_printf (_("Yearly evaluation: %.1f, %s"), score,
                                               kefu_grade_label (kefu_grade_for (&t, score, &noted)));
      gtk_label_set_text (year_label, line);
    }
}

static void
trainer_changed_cb (GtkWidget      *widget,
                    KefuPeopleForm *dialog)
{
  trainer_update (dialog);
}

static GtkWidget *
result_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

GtkWindow *
kefu_people_trainer_dialog (GtkWindow  *parent,
                            KefuStore  *store,
                            gint64      person_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) person = kefu_desk_get_user (store, person_id, &error);
  g_autofree char *body = NULL;
  GtkWidget *grid, *complaint, *screen_result, *year_result;
  KefuPeopleForm *dialog;
  GPtrArray *spins;
  gint64 now, from, to;
  double satisfaction = 90;
  guint n = 0, row = 0;

  if (person == NULL)
    {
      alert (parent, _("Internal Trainer Not Opened"), error->message);
      return NULL;
    }
  /* the trainees' rating over the twelve months before now, when there is one */
  now = kefu_store_now (store);
  {
    g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
    g_autoptr(GDateTime) year_ago = g_date_time_add_years (today, -1);
    from = g_date_time_to_unix (year_ago);
    to = now + 1;
  }
  if (!kefu_trainer_satisfaction (store, person_id, from, to, &satisfaction, &n, &error))
    {
      alert (parent, _("Internal Trainer Not Opened"), error->message);
      return NULL;
    }
  if (n == 0)
    satisfaction = 90;
  spins = g_ptr_array_new ();
  grid = grid_new ();
  g_ptr_array_add (spins, field (grid, (int) row++, _("Years of service"), spin_new (0, 60, 0.5, 3, 1)));
  g_ptr_array_add (spins, field (grid, (int) row++, _("Trainees’ satisfaction"), spin_new (0, 100, 1, satisfaction, 1)));
  complaint = gtk_check_button_new_with_label (_("A major complaint against them"));
  gtk_grid_attach (GTK_GRID (grid), complaint, 1, (int) row++, 1, 1);
  for (guint i = 0; i < KEFU_N_LECTURE_CRITERIA; i++)
    {
      /* Translators: a criterion of the 15-minute trial lecture, e.g. "Trial lecture: Content" */
      g_autofree char *label = g_strdup_printf (_("Trial lecture: %s"), kefu_lecture_criterion_label (i));
      g_ptr_array_add (spins, field (grid, (int) row++, label, spin_new (0, 100, 1, 80, 0)));
    }
  screen_result = result_label ();
  gtk_grid_attach (GTK_GRID (grid), screen_result, 0, (int) row++, 2, 1);
  g_ptr_array_add (spins, field (grid, (int) row++, _("Results applied"), spin_new (0, 100, 1, 80, 0)));
  g_ptr_array_add (spins, field (grid, (int) row++, _("New courses"), spin_new (0, 100, 1, 80, 0)));
  g_ptr_array_add (spins, field (grid, (int) row++, _("Contribution"), spin_new (0, 100, 1, 80, 0)));
  year_result = result_label ();
  gtk_grid_attach (GTK_GRID (grid), year_result, 0, (int) row++, 2, 1);

  body = n > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s. Satisfaction measured from %u survey of the last twelve months; "
                                               "the yearly evaluation weighs satisfaction 40 %%, results applied 30 %%, "
                                               "new courses 20 %%, contribution 10 %%.",
                                               "%s. Satisfaction measured from %u surveys of the last twelve months; "
                                               "the yearly evaluation weighs satisfaction 40 %%, results applied 30 %%, "
                                               "new courses 20 %%, contribution 10 %%.", n), kefu_user_get_name (person), n)
               : g_strdup_printf (_("%s. No survey rated them as trainer in the last twelve months: enter the "
                                    "satisfaction. The yearly evaluation weighs satisfaction 40 %%, results applied "
                                    "30 %%, new courses 20 %%, contribution 10 %%."), kefu_user_get_name (person));
  dialog = form_new (parent, store, _("Internal Trainer"), body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_size_request (GTK_WIDGET (dialog), 560, -1);
  dialog->spins = spins;
  dialog->complaint = GTK_CHECK_BUTTON (complaint);
  dialog->screen_result = GTK_LABEL (screen_result);
  dialog->year_result = GTK_LABEL (year_result);
  for (guint i = 0; i < spins->len; i++)
    g_signal_connect (spins->pdata[i], "value-changed", G_CALLBACK (trainer_changed_cb), dialog);
  g_signal_connect (complaint, "toggled", G_CALLBACK (trainer_changed_cb), dialog);
  trainer_update (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* A case from a ticket -------------------------------------------------------------- */

static GtkWidget *
text_new (void)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 56);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (scrolled, "card");
  return scrolled;
}

static void
text_set (GtkWidget  *scrolled,
          const char *text)
{
  GtkWidget *view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text != NULL ? text : "", -1);
}

static char *
text_get (GtkWidget *scrolled)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

gboolean
kefu_people_case_dialog_load (GtkWindow  *window,
                              const char *number)
{
  KefuPeopleForm *dialog = KEFU_PEOPLE_FORM (window);
  KefuStore *store = dialog->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuCase) draft = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (number != NULL ? number : ""));
  gint64 ticket = kefu_desk_find_ticket (store, clean);

  if (ticket <= 0)
    {
      g_autofree char *message = g_strdup_printf (_("There is no ticket numbered “%s”."), clean);
      alert (window, _("No Such Ticket"), message);
      return FALSE;
    }
  draft = kefu_case_draft_from_ticket (store, ticket, &error);
  if (draft == NULL)
    {
      alert (window, _("No Draft"), error->message);
      return FALSE;
    }
  gtk_editable_set_text (dialog->title, draft->title != NULL ? draft->title : "");
  gtk_drop_down_set_selected (dialog->type, draft->type);
  gtk_drop_down_set_selected (dialog->risk, draft->risk);
  text_set (dialog->texts[0], draft->happened);
  text_set (dialog->texts[1], draft->handling);
  text_set (dialog->texts[2], draft->result);
  text_set (dialog->texts[3], draft->lessons);
  g_free (dialog->kind);
  dialog->kind = g_strdup (draft->kind);
  g_free (dialog->subtype);
  dialog->subtype = g_strdup (draft->subtype);
  dialog->loaded = TRUE;
  return TRUE;
}

static void
case_load_clicked_cb (GtkButton      *button,
                      KefuPeopleForm *dialog)
{
  kefu_people_case_dialog_load (GTK_WINDOW (dialog), gtk_editable_get_text (dialog->number));
}

static void
case_response_cb (KefuPeopleForm *dialog,
                  const char     *response,
                  gpointer        user_data)
{
  KefuStore *store = dialog->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *happened = NULL, *handling = NULL, *result = NULL, *lessons = NULL;
  KefuCase c = { 0 };

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (!dialog->loaded)
    {
      refused (dialog, _("Case Not Saved"), _("Enter a ticket’s number and press Anonymise first."));
      return;
    }
  c.title = (char *) gtk_editable_get_text (dialog->title);
  c.type = gtk_drop_down_get_selected (dialog->type);
  c.risk = gtk_drop_down_get_selected (dialog->risk);
  c.kind = dialog->kind;
  c.subtype = dialog->subtype;
  c.happened = happened = text_get (dialog->texts[0]);
  c.handling = handling = text_get (dialog->texts[1]);
  c.result = result = text_get (dialog->texts[2]);
  c.lessons = lessons = text_get (dialog->texts[3]);
  if (kefu_case_save (store, &c, &error) <= 0)
    {
      refused (dialog, _("Case Not Saved"), error->message);
      return;
    }
  notify_saved (dialog);
}

GtkWindow *
kefu_people_case_dialog (GtkWindow  *parent,
                         KefuStore  *store,
                         GtkWidget  *notify)
{
  const char *types[KEFU_N_CASE_TYPES + 1] = { NULL };
  const char *risks[KEFU_N_RISKS + 1] = { NULL };
  static const char *const labels[] = { N_("What happened"), N_("How it was handled"), N_("Result"), N_("Lessons") };
  GtkWidget *grid = grid_new ();
  GtkWidget *number_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *number = gtk_entry_new ();
  GtkWidget *load = gtk_button_new_with_mnemonic (_("_Anonymise"));
  GtkWidget *title, *type, *risk;
  GtkWidget *texts[4];
  KefuPeopleForm *dialog;

  for (int i = 0; i < KEFU_N_CASE_TYPES; i++)
    types[i] = kefu_case_type_label (i);
  for (int i = 0; i < KEFU_N_RISKS; i++)
    risks[i] = kefu_risk_label (i);
  gtk_entry_set_placeholder_text (GTK_ENTRY (number), _("Ticket number"));
  gtk_widget_set_hexpand (number, TRUE);
  gtk_box_append (GTK_BOX (number_box), number);
  gtk_box_append (GTK_BOX (number_box), load);
  field (grid, 0, _("Ticket"), number_box);
  title = field (grid, 1, _("Title"), gtk_entry_new ());
  type = field (grid, 2, _("Type"), gtk_drop_down_new_from_strings (types));
  risk = field (grid, 3, _("Risk"), gtk_drop_down_new_from_strings (risks));
  for (int i = 0; i < 4; i++)
    texts[i] = field (grid, 4 + i, _(labels[i]), text_new ());
  dialog = dialog_new (parent, store, notify, _("Case from a Ticket"),
                       _("The owner’s and contact’s names, phone numbers and the unit are replaced before anything is saved; "
                         "the case keeps no link to the ticket. Read the draft and edit it before saving."),
                       grid, "save", _("_Save Case"), G_CALLBACK (case_response_cb));
  gtk_widget_set_size_request (GTK_WIDGET (dialog), 640, -1);
  dialog->number = GTK_EDITABLE (number);
  dialog->title = GTK_EDITABLE (title);
  dialog->type = GTK_DROP_DOWN (type);
  dialog->risk = GTK_DROP_DOWN (risk);
  for (int i = 0; i < 4; i++)
    dialog->texts[i] = texts[i];
  g_signal_connect (load, "clicked", G_CALLBACK (case_load_clicked_cb), dialog);
  g_signal_connect_swapped (number, "activate", G_CALLBACK (gtk_widget_activate), load);
  return GTK_WINDOW (dialog);
}

/* Settings: thresholds and sources ------------------------------------------------------ */

static const char *const kinds[] = { "module", "kpi", "practical", "exams", NULL };

static GtkWidget *
family_dropdown (KefuCapability selected)
{
  const char *labels[KEFU_N_CAPABILITIES + 1] = { NULL };
  GtkWidget *dropdown;

  for (int f = 0; f < KEFU_N_CAPABILITIES; f++)
    labels[f] = kefu_capability_label (f);
  dropdown = gtk_drop_down_new_from_strings (labels);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  return dropdown;
}

static void
settings_response_cb (KefuPeopleForm *dialog,
                      const char     *response,
                      gpointer        user_data)
{
  KefuStore *store = dialog->store;
  GPtrArray *thresholds = dialog->thresholds;
  GPtrArray *rows = dialog->source_rows;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (thresholds != NULL)
    {
      KefuGradeThresholds t = {
        gtk_spin_button_get_value (thresholds->pdata[0]), gtk_spin_button_get_value (thresholds->pdata[1]),
        gtk_spin_button_get_value (thresholds->pdata[2]), gtk_spin_button_get_value (thresholds->pdata[3]),
      };
      KefuGradeThresholds old;

      kefu_appraisal_get_thresholds (store, &old);
      if (memcmp (&t, &old, sizeof t) != 0)
        ok = kefu_appraisal_set_thresholds (store, &t, &error);
    }
  for (guint i = 0; ok && rows != NULL && i < rows->len; i++)
    {
      SourceRow *row = rows->pdata[i];
      const char *kind = row->kind;
      const char *key = row->key;
      guint family = gtk_drop_down_get_selected (row->family);
      double weight = gtk_spin_button_get_value (row->weight);
      gboolean remove = gtk_check_button_get_active (row->remove);
      guint old_family = row->old_family;
      double old_weight = row->old_weight;

      if (remove)
        ok = kefu_capability_source_remove (store, kind, key, &error);
      else if (family != old_family || fabs (weight - old_weight) > 1e-9)
        ok = kefu_capability_source_set (store, kind, key, kefu_capability_code (family), weight, &error);
    }
  if (ok && rows != NULL)
    {
      g_autofree char *clean = g_strstrip (g_strdup (gtk_editable_get_text (dialog->new_key)));

      if (*clean != '\0')
        ok = kefu_capability_source_set (store, kinds[MIN (gtk_drop_down_get_selected (dialog->new_kind), 3)], clean,
                                         kefu_capability_code (gtk_drop_down_get_selected (dialog->new_family)),
                                         gtk_spin_button_get_value (dialog->new_weight), &error);
    }
  if (!ok)
    refused (dialog, _("Settings Not Saved"), error->message);
  notify_saved (dialog);
}

/* The settings' parts, as read now, for @dialog (its thresholds and
 * source rows replaced) */
static GtkWidget *
settings_box (KefuPeopleForm *dialog)
{
  KefuStore *store = dialog->store;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GPtrArray *thresholds = NULL;
  GPtrArray *rows = NULL;
  GtkWidget *new_kind = NULL, *new_key = NULL, *new_family = NULL, *new_weight = NULL;

  if (dialog->grades)
    {
      static const char *const names[] = {
        N_("Excellent (优秀) from, %"), N_("Good (良好) from, %"), N_("Fair (一般) from, %"), N_("Needs improvement (需改进) below, %"),
      };
      KefuGradeThresholds t;
      GtkWidget *grid = grid_new ();
      GtkWidget *title = gtk_label_new (_("Appraisal grades"));

      kefu_appraisal_get_thresholds (store, &t);
      dialog->shown[0] = t.excellent, dialog->shown[1] = t.good, dialog->shown[2] = t.fair;
      dialog->shown[3] = t.needs_improvement_below;
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      gtk_box_append (GTK_BOX (box), title);
      thresholds = g_ptr_array_new ();
      for (int i = 0; i < 4; i++)
        g_ptr_array_add (thresholds, field (grid, i, _(names[i]), spin_new (0, 100, 1, dialog->shown[i], 1)));
      gtk_box_append (GTK_BOX (box), grid);
    }
  if (dialog->sources)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = kefu_capability_sources (store, &error);
      GtkWidget *title = gtk_label_new (_("Radar sources: what each capability score is computed from"));
      GtkWidget *grid = grid_new ();
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *add = grid_new ();
      const char *kind_labels[] = { _("Module"), _("KPI"), _("Practical criterion"), _("Exams"), NULL };
      int r = 0;

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_add_css_class (title, "heading");
      gtk_box_append (GTK_BOX (box), title);
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) source_row_free);
      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          KefuCapabilitySource *s = list->pdata[i];
          g_autofree char *label = kefu_capability_source_label (s);
          GtkWidget *name = gtk_label_new (label);
          GtkWidget *family = family_dropdown (s->family);
          GtkWidget *weight = spin_new (0.1, 100, 0.5, s->weight, 1);
          GtkWidget *remove = gtk_check_button_new_with_label (_("Remove"));
          SourceRow *row = g_new0 (SourceRow, 1);

          gtk_label_set_xalign (GTK_LABEL (name), 0);
          gtk_label_set_wrap (GTK_LABEL (name), TRUE);
          gtk_widget_set_hexpand (name, TRUE);
          gtk_accessible_update_property (GTK_ACCESSIBLE (family), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          gtk_accessible_update_property (GTK_ACCESSIBLE (weight), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Weight"), -1);
          gtk_grid_attach (GTK_GRID (grid), name, 0, r, 1, 1);
          gtk_grid_attach (GTK_GRID (grid), family, 1, r, 1, 1);
          gtk_grid_attach (GTK_GRID (grid), weight, 2, r, 1, 1);
          gtk_grid_attach (GTK_GRID (grid), remove, 3, r, 1, 1);
          r++;
          row->kind = g_strdup (s->kind);
          row->key = g_strdup (s->key);
          row->family = GTK_DROP_DOWN (family);
          row->weight = GTK_SPIN_BUTTON (weight);
          row->remove = GTK_CHECK_BUTTON (remove);
          row->old_family = s->family;
          row->old_weight = s->weight;
          g_ptr_array_add (rows, row);
        }
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 260);
      gtk_box_append (GTK_BOX (box), scrolled);
      /* a new source */
      new_kind = field (add, 0, _("New source: kind"), gtk_drop_down_new_from_strings (kind_labels));
      new_key = field (add, 1, _("Key (module code, KPI, criterion, mean_score or pass_rate)"), gtk_entry_new ());
      new_family = field (add, 2, _("Capability"), family_dropdown (KEFU_CAPABILITY_COMMUNICATION));
      new_weight = field (add, 3, _("Weight"), spin_new (0.1, 100, 0.5, 1, 1));
      gtk_box_append (GTK_BOX (box), add);
    }
  g_clear_pointer (&dialog->thresholds, g_ptr_array_unref);
  g_clear_pointer (&dialog->source_rows, g_ptr_array_unref);
  dialog->thresholds = thresholds;
  if (rows != NULL)
    {
      dialog->source_rows = rows;
      dialog->new_kind = GTK_DROP_DOWN (new_kind);
      dialog->new_key = GTK_EDITABLE (new_key);
      dialog->new_family = GTK_DROP_DOWN (new_family);
      dialog->new_weight = GTK_SPIN_BUTTON (new_weight);
    }
  return box;
}

GtkWindow *
kefu_people_settings_dialog (GtkWindow  *parent,
                             KefuStore  *store,
                             GtkWidget  *notify)
{
  g_autoptr(KefuUser) me = signed_in (store);
  gboolean grades = me != NULL && kefu_user_can (me, KEFU_PERMISSION_EDIT_SLA);
  gboolean sources = me != NULL && kefu_user_can (me, KEFU_PERMISSION_TRAIN);
  KefuPeopleForm *dialog;

  if (!grades && !sources)
    {
      alert (parent, _("Not Allowed"), _("Only supervisors, trainers, managers and administrators change these settings."));
      return NULL;
    }
  dialog = dialog_new (parent, store, notify, _("Appraisal and Radar Settings"),
                       _("Changes apply to every profile and appraisal, and are recorded in the audit log."), NULL,
                       "save", _("_Save"), G_CALLBACK (settings_response_cb));
  dialog->grades = grades;
  dialog->sources = sources;
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), settings_box (dialog));
  gtk_widget_set_size_request (GTK_WIDGET (dialog), 720, -1);
  return GTK_WINDOW (dialog);
}

/* Whether the form holds what the user typed: a value that is not the
 * one last read, a source to remove, a new source's key */
static gboolean
settings_edited (KefuPeopleForm *dialog)
{
  for (guint i = 0; dialog->thresholds != NULL && i < dialog->thresholds->len; i++)
    if (fabs (gtk_spin_button_get_value (dialog->thresholds->pdata[i]) - dialog->shown[i]) > 1e-9)
      return TRUE;
  for (guint i = 0; dialog->source_rows != NULL && i < dialog->source_rows->len; i++)
    {
      SourceRow *row = dialog->source_rows->pdata[i];

      if (gtk_drop_down_get_selected (row->family) != row->old_family ||
          fabs (gtk_spin_button_get_value (row->weight) - row->old_weight) > 1e-9 ||
          gtk_check_button_get_active (row->remove))
        return TRUE;
    }
  return dialog->new_key != NULL && *gtk_editable_get_text (dialog->new_key) != '\0';
}

/* Another desk changed the center's settings (#20: the store watch's
 * "settings", coalesced): an untouched form shows them as they are now;
 * one with the user's edits keeps them and says so (its Save writes only
 * the values the user changed). */
static void
settings_live_cb (KefuPeopleForm  *dialog,
                  char           **topics)
{
  if (!g_strv_contains ((const char * const *) topics, "settings"))
    return;
  if (settings_edited (dialog))
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("Another desk changed these settings while you were editing them. What you typed "
                                     "is kept here; Save writes the values you changed, over theirs."));
      return;
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), settings_box (dialog));
}

void
kefu_people_settings_dialog_follow (GtkWindow      *dialog,
                                    KefuStoreWatch *watch)
{
  g_return_if_fail (KEFU_IS_PEOPLE_FORM (dialog));
  g_return_if_fail (KEFU_IS_STORE_WATCH (watch));
  g_signal_connect_object (watch, "changed", G_CALLBACK (settings_live_cb), dialog, G_CONNECT_SWAPPED);
}

GtkWidget *
kefu_people_form_get_source_weight (KefuPeopleForm *self,
                                    const char     *kind,
                                    const char     *key)
{
  g_return_val_if_fail (KEFU_IS_PEOPLE_FORM (self), NULL);
  for (guint i = 0; self->source_rows != NULL && i < self->source_rows->len; i++)
    {
      SourceRow *row = self->source_rows->pdata[i];

      if (g_strcmp0 (row->kind, kind) == 0 && g_strcmp0 (row->key, key) == 0)
        return GTK_WIDGET (row->weight);
    }
  return NULL;
}
