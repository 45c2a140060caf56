/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-settings.c — the dispatch rules, the teams and the technicians
 *
 * Three pages. "Rules": the rules in the order they are tried, each with
 * its switch, Move Up / Move Down, Edit and Delete; Add Rule… and Edit open
 * a small dialog. "Teams": each team with the sub-types it covers, whether
 * it is a contractor (a suspended one with its reason and Re-enable), Edit
 * and Delete. "Technicians": one expander per technician, grouped by their
 * own team, with name, phone, teams, skills and buildings (picked from check
 * lists), the weekly shifts (any number a day) and the leave, extra or
 * swapped shifts of the coming weeks; the deactivated ones at the end. Every change goes through the core (one transaction,
 * permission-checked) and the page is read again; a refusal is a toast.
 * The buttons are the window's actions (settings.*), so tests and keys use
 * the same path.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-dispatch-settings.h"
#include "kefu-enums.h"
#include "kefu-write.h"

struct _KefuDispatchSettings
{
  AdwPreferencesWindow  parent_instance;

  KefuStore            *store;
  AdwPreferencesGroup  *rules_group;
  AdwPreferencesGroup  *teams_group;
  AdwPreferencesPage   *technicians_page;
  AdwPreferencesGroup  *technicians_group;
  GtkWidget            *technicians_empty;
  GPtrArray            *rule_rows;        /* GtkWidget, removed on reload */
  GPtrArray            *team_rows;
  GPtrArray            *team_groups;      /* AdwPreferencesGroup, removed on reload */
  gint64                expanded;         /* the technician whose expander stays open */
  KefuWaitBar          *wait_bar;         /* a change made on the window waiting for the lock */
};

G_DEFINE_FINAL_TYPE (KefuDispatchSettings, kefu_dispatch_settings, ADW_TYPE_PREFERENCES_WINDOW)

static void load_rules (KefuDispatchSettings *self);
static void load_teams (KefuDispatchSettings *self);
static void load_technicians (KefuDispatchSettings *self);

static gboolean
reload_idle_cb (gpointer data)
{
  KefuDispatchSettings *self = data;

  if (self->store != NULL)
    {
      load_rules (self);
      load_teams (self);
      load_technicians (self);
    }
  return G_SOURCE_REMOVE;
}

/* After the signal of the widget that asked has returned: the rows are rebuilt. */
static void
reload_later (KefuDispatchSettings *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, g_object_ref (self), g_object_unref);
}

static gboolean
report (KefuDispatchSettings *self,
        gboolean              ok,
        const GError         *error)
{
  if (!ok && error != NULL)
    {
      AdwToast *t = adw_toast_new (error->message);

      adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
    }
  return ok;
}

/* "08:00" → 480; "24:00" → 1440; -1 when it is not a time of day. */
static int
parse_time (const char *text)
{
  int h, m;
  char rest;

  if (text == NULL || sscanf (text, "%d:%d%c", &h, &m, &rest) != 2 || h < 0 || m < 0 || m > 59 || h * 60 + m > 1440)
    return -1;
  return h * 60 + m;
}

static char *
format_time (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

static char *
format_span (int from_min,
             int to_min)
{
  g_autofree char *a = format_time (from_min);
  g_autofree char *b = format_time (to_min);

  return g_strdup_printf ("%s–%s", a, b);
}

/* Rules ------------------------------------------------------------------- */

typedef struct {
  KefuDispatchSettings *self;
  GtkWindow            *dialog;
  gint64                rule_id;
  gboolean              active;
  AdwEntryRow          *name;
  AdwComboRow          *kind, *subtype, *level, *building, *channel, *team;
  AdwEntryRow          *from, *to;
  GPtrArray            *building_ids;   /* gint64 as pointers, index 0 = any */
  GPtrArray            *team_ids;
  GtkLabel             *message;
} RuleDialog;

static void
rule_dialog_free (RuleDialog *d)
{
  g_ptr_array_unref (d->building_ids);
  g_ptr_array_unref (d->team_ids);
  g_free (d);
}

static AdwComboRow *
code_combo (KefuCodeList  list,
            const char   *title,
            const char   *any,
            const char   *selected,
            const char   *name)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n = 0;
  const KefuCode *codes = kefu_codes (list, &n);

  gtk_string_list_append (labels, any);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (labels, _(codes[i].label));
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (codes[i].code, selected) == 0)
      adw_combo_row_set_selected (row, i + 1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (GTK_WIDGET (row), name);
  return row;
}

static const char *
code_at (KefuCodeList  list,
         AdwComboRow  *row)
{
  guint n = 0;
  const KefuCode *codes = kefu_codes (list, &n);
  guint i = adw_combo_row_get_selected (row);

  return i >= 1 && i <= n ? codes[i - 1].code : NULL;
}

static AdwComboRow *
choice_combo (GListStore  *choices,
              const char  *title,
              const char  *any,
              gint64       selected,
              GPtrArray   *ids,
              const char  *name)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint pick = 0;

  if (any != NULL)
    {
      gtk_string_list_append (labels, any);
      g_ptr_array_add (ids, NULL);
    }
  for (guint i = 0; choices != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (choices)); i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (choices), i);
      if (kefu_choice_get_id (c) == selected)
        pick = ids->len;
      gtk_string_list_append (labels, kefu_choice_get_name (c));
      g_ptr_array_add (ids, GSIZE_TO_POINTER ((gsize) kefu_choice_get_id (c)));
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (row, pick);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (GTK_WIDGET (row), name);
  return row;
}

static gint64
id_at (GPtrArray   *ids,
       AdwComboRow *row)
{
  guint i = adw_combo_row_get_selected (row);

  return i < ids->len ? (gint64) GPOINTER_TO_SIZE (ids->pdata[i]) : 0;
}

static AdwEntryRow *
entry_row (const char *title,
           const char *text,
           const char *name)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_widget_set_name (GTK_WIDGET (row), name);
  return row;
}

static void
dialog_error (GtkLabel   *label,
              const char *text)
{
  /* the form above (see small_dialog()) keeps its height up to the scroll
   * limit: the window grows to show the message instead of squeezing it */
  GtkWidget *scrolled = gtk_widget_get_prev_sibling (GTK_WIDGET (label));

  if (GTK_IS_SCROLLED_WINDOW (scrolled) && !gtk_widget_get_visible (GTK_WIDGET (label)))
    {
      int height = gtk_widget_get_height (scrolled);

      if (height == 0)   /* not laid out yet: what it asks for */
        gtk_widget_measure (scrolled, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), height);
    }
  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

/* Saves ------------------------------------------------------------------
 *
 * Every change goes through kefu_write_run(): when another program holds
 * the database's write lock, a dialog stays open, read-only, with what was
 * typed and its own wait bar (Cancel, Escape or Stop Waiting stop the wait
 * and leave it as it is); a change made on the window itself (a switch,
 * Move Up, Delete…) waits under the window's bar. What is saved is taken
 * when Save is pressed; each save is one transaction of the core, so a
 * save tried again never saves twice. A refusal shows at once: in the
 * dialog, or as a high-priority toast. */

typedef enum {
  WRITE_ADD_RULE,
  WRITE_UPDATE_RULE,
  WRITE_MOVE_RULE,
  WRITE_RULE_ACTIVE,
  WRITE_DELETE_RULE,
  WRITE_ADD_TEAM,
  WRITE_UPDATE_TEAM,
  WRITE_REINSTATE_TEAM,
  WRITE_DELETE_TEAM,
  WRITE_ADD_TECHNICIAN,
  WRITE_RENAME_TECHNICIAN,
  WRITE_UPDATE_TECHNICIAN,
  WRITE_TECHNICIAN_TEAMS,
  WRITE_TECHNICIAN_BUILDINGS,
  WRITE_TECHNICIAN_ACTIVE,
  WRITE_ADD_SHIFT,
  WRITE_REMOVE_SHIFT,
  WRITE_SWAP_SHIFT,
  WRITE_ADD_EXCEPTION,
  WRITE_REMOVE_EXCEPTION,
} WriteKind;

typedef enum {
  RELOAD_LATER,          /* after the signal that asked has returned */
  RELOAD_RULES,          /* the rules page, at once */
  RELOAD_TECHNICIANS,    /* the technicians page, at once */
} Reload;

typedef struct {
  KefuDispatchSettings *self;      /* not a reference: the wait bar is the window's or its dialog's */
  GtkWindow            *dialog;    /* NULL for a change made on the window */
  GtkLabel             *message;   /* the dialog's */
  GtkWidget            *save;      /* the dialog's Save button */
  WriteKind             kind;
  Reload                reload;
  KefuDispatchRule      rule;      /* its strings owned */
  gint64                id;        /* the rule, team, technician, shift or exception */
  gint64                other;     /* the team, or the technician swapped with */
  int                   number;    /* the position, the weekday */
  int                   from, to;
  gboolean              flag;      /* active, contractor */
  char                 *text, *text2, *text3;
  GArray               *ids;       /* gint64 */
  gint64                expanded;  /* the technician whose expander stays open */
  gboolean              reload_stopped;   /* a switch: shown as saved when the wait is stopped */
  gboolean              reload_failed;    /* shown anew after a refusal (nothing typed there) */
} SettingsWrite;

static SettingsWrite *
settings_write_new (KefuDispatchSettings *self,
                    WriteKind             kind)
{
  SettingsWrite *w = g_new0 (SettingsWrite, 1);

  w->self = self;
  w->kind = kind;
  return w;
}

static void
settings_write_free (SettingsWrite *w)
{
  g_free (w->rule.name);
  g_free (w->rule.kind);
  g_free (w->rule.subtype);
  g_free (w->rule.channel);
  g_free (w->text);
  g_free (w->text2);
  g_free (w->text3);
  g_clear_pointer (&w->ids, g_array_unref);
  g_free (w);
}

static gboolean
settings_write_cb (KefuStore  *store,
                   gpointer    data,
                   GError    **error)
{
  SettingsWrite *w = data;
  const gint64 *ids = w->ids != NULL ? (const gint64 *) w->ids->data : NULL;
  guint n_ids = w->ids != NULL ? w->ids->len : 0;
  gint64 id;

  switch (w->kind)
    {
    case WRITE_ADD_RULE:          return kefu_dispatch_add_rule (store, &w->rule, error) > 0;
    case WRITE_UPDATE_RULE:       return kefu_dispatch_update_rule (store, &w->rule, error);
    case WRITE_MOVE_RULE:         return kefu_dispatch_move_rule (store, w->id, w->number, error);
    case WRITE_RULE_ACTIVE:       return kefu_dispatch_set_rule_active (store, w->id, w->flag, error);
    case WRITE_DELETE_RULE:       return kefu_dispatch_delete_rule (store, w->id, error);
    case WRITE_ADD_TEAM:          return kefu_dispatch_add_team (store, w->text, w->text2, w->flag, error) > 0;
    case WRITE_UPDATE_TEAM:       return kefu_dispatch_update_team (store, w->id, w->text, w->text2, w->flag, error);
    case WRITE_REINSTATE_TEAM:    return kefu_dispatch_reinstate_team (store, w->id, error);
    case WRITE_DELETE_TEAM:       return kefu_dispatch_delete_team (store, w->id, error);
    case WRITE_ADD_TECHNICIAN:
      id = kefu_dispatch_add_technician (store, w->text, w->text2, w->other, error);
      if (id > 0)
        w->expanded = id;
      return id > 0;
    case WRITE_RENAME_TECHNICIAN: return kefu_dispatch_rename_technician (store, w->id, w->text, error);
    case WRITE_UPDATE_TECHNICIAN: return kefu_dispatch_update_technician (store, w->id, w->text, w->text2, error);
    case WRITE_TECHNICIAN_TEAMS:  return kefu_dispatch_set_technician_teams (store, w->id, w->other, ids, n_ids, error);
    case WRITE_TECHNICIAN_BUILDINGS: return kefu_dispatch_set_technician_buildings (store, w->id, ids, n_ids, error);
    case WRITE_TECHNICIAN_ACTIVE: return kefu_dispatch_set_technician_active (store, w->id, w->flag, error);
    case WRITE_ADD_SHIFT:         return kefu_dispatch_add_shift (store, w->id, w->number, w->from, w->to, error) > 0;
    case WRITE_REMOVE_SHIFT:      return kefu_dispatch_remove_shift (store, w->id, error);
    case WRITE_SWAP_SHIFT:        return kefu_dispatch_swap_shift (store, w->id, w->other, w->text, error) > 0;
    case WRITE_ADD_EXCEPTION:
      return kefu_dispatch_add_exception (store, w->id, w->text, w->text2, w->from, w->to, w->text3, error) > 0;
    case WRITE_REMOVE_EXCEPTION:
    default:                      return kefu_dispatch_remove_exception (store, w->id, error);
    }
}

static void
settings_reload (KefuDispatchSettings *self,
                 Reload                reload)
{
  if (reload == RELOAD_RULES)
    load_rules (self);
  else if (reload == RELOAD_TECHNICIANS)
    load_technicians (self);
  else
    reload_later (self);
}

static void
settings_done_cb (KefuWriteOutcome  outcome,
                  const GError     *error,
                  gpointer          data)
{
  SettingsWrite *w = data;
  KefuDispatchSettings *self = w->self;

  if (w->save != NULL)
    gtk_widget_set_sensitive (w->save, TRUE);
  if (self->store == NULL)
    return;
  if (outcome == KEFU_WRITE_STOPPED)
    {
      /* nothing saved: a dialog keeps what was typed; a switch shows the truth */
      if (w->reload_stopped)
        reload_later (self);
      return;
    }
  if (outcome == KEFU_WRITE_FAILED && w->dialog != NULL)
    {
      dialog_error (w->message, error->message);
      return;
    }
  if (outcome == KEFU_WRITE_FAILED)
    {
      /* at once, in front of any other toast */
      report (self, FALSE, error);
      if (!w->reload_failed)
        return;   /* an entry keeps what was typed */
    }
  if (w->expanded > 0)
    self->expanded = w->expanded;
  settings_reload (self, w->reload);
  if (outcome == KEFU_WRITE_DONE && w->dialog != NULL)
    gtk_window_destroy (w->dialog);
}

/* Saves @w now or once another program lets go of the database: under the
 * dialog's wait bar when it comes from a dialog (see small_dialog()), else
 * under the window's. @w may be gone when this returns. */
static void
settings_write (KefuDispatchSettings *self,
                SettingsWrite        *w)
{
  KefuWaitBar *bar = self->wait_bar;

  if (w->dialog != NULL)
    {
      bar = g_object_get_data (G_OBJECT (w->dialog), "kefu-wait-bar");
      w->save = g_object_get_data (G_OBJECT (w->dialog), "kefu-save");
      gtk_widget_set_visible (GTK_WIDGET (w->message), FALSE);
      /* sensitive again when it is done, failed or stopped */
      gtk_widget_set_sensitive (w->save, FALSE);
    }
  kefu_write_run (self->store, bar, settings_write_cb, settings_done_cb, w, (GDestroyNotify) settings_write_free);
}

gboolean
kefu_dispatch_settings_is_waiting (KefuDispatchSettings *self)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), FALSE);
  return self->wait_bar != NULL && kefu_wait_bar_is_waiting (self->wait_bar);
}

/* Closing the window while a change waits stops the wait, as Stop Waiting
 * does; the window stays. */
static gboolean
settings_close_request_cb (KefuDispatchSettings *self)
{
  if (!kefu_dispatch_settings_is_waiting (self))
    return FALSE;
  kefu_wait_bar_stop (self->wait_bar);
  return TRUE;
}

static void
rule_save_cb (GtkButton  *button,
              RuleDialog *d)
{
  const char *from_text = gtk_editable_get_text (GTK_EDITABLE (d->from));
  const char *to_text = gtk_editable_get_text (GTK_EDITABLE (d->to));
  KefuDispatchRule rule = { 0 };
  const char *level = code_at (KEFU_CODES_LEVEL, d->level);
  SettingsWrite *w;

  rule.id = d->rule_id;
  rule.name = (char *) gtk_editable_get_text (GTK_EDITABLE (d->name));
  rule.kind = (char *) code_at (KEFU_CODES_KIND, d->kind);
  rule.subtype = (char *) code_at (KEFU_CODES_SUBTYPE, d->subtype);
  rule.level = level != NULL ? atoi (level) : 0;
  rule.building_id = id_at (d->building_ids, d->building);
  rule.channel = (char *) code_at (KEFU_CODES_CHANNEL, d->channel);
  rule.team_id = id_at (d->team_ids, d->team);
  rule.active = d->active;
  rule.from_min = rule.to_min = -1;
  if (*from_text != '\0' || *to_text != '\0')
    {
      rule.from_min = parse_time (from_text);
      rule.to_min = parse_time (to_text);
      if (rule.from_min < 0 || rule.to_min < 0)
        {
          dialog_error (d->message, _("Time window: write both times like 08:00 and 20:00, or leave both empty for any time."));
          return;
        }
    }
  w = settings_write_new (d->self, d->rule_id > 0 ? WRITE_UPDATE_RULE : WRITE_ADD_RULE);
  w->dialog = d->dialog;
  w->message = d->message;
  w->reload = RELOAD_RULES;
  w->rule = rule;
  w->rule.name = g_strdup (rule.name);
  w->rule.kind = g_strdup (rule.kind);
  w->rule.subtype = g_strdup (rule.subtype);
  w->rule.channel = g_strdup (rule.channel);
  settings_write (d->self, w);
}

static void
cancel_cb (GtkButton *button,
           GtkWindow *dialog)
{
  KefuWaitBar *bar = g_object_get_data (G_OBJECT (dialog), "kefu-wait-bar");

  /* while a save waits, Cancel stops the wait; what was typed stays */
  if (bar != NULL && kefu_wait_bar_is_waiting (bar))
    kefu_wait_bar_stop (bar);
  else
    gtk_window_destroy (dialog);
}

/* Escape or the window's close button, the same */
static gboolean
dialog_close_request_cb (GtkWindow *dialog)
{
  KefuWaitBar *bar = g_object_get_data (G_OBJECT (dialog), "kefu-wait-bar");

  if (bar == NULL || !kefu_wait_bar_is_waiting (bar))
    return FALSE;
  kefu_wait_bar_stop (bar);
  return TRUE;
}

/* A small modal window: header bar with Cancel and Save, a boxed list. */
static GtkWindow *
small_dialog (KefuDispatchSettings *self,
              const char           *title,
              GtkWidget           **save,
              GtkListBox          **list,
              GtkLabel            **message)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_window_new ());
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled;
  GtkWidget *wait_bar = kefu_wait_bar_new ();
  GtkEventController *keys;

  gtk_window_set_title (dialog, title);
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  /* a save waiting in the dialog refers to the window: they go together */
  gtk_window_set_destroy_with_parent (dialog, TRUE);
  gtk_window_set_default_size (dialog, 460, -1);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  *save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (*save, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), *save);
  g_signal_connect (cancel, "clicked", G_CALLBACK (cancel_cb), dialog);
  gtk_window_set_titlebar (dialog, header);
  gtk_window_set_default_widget (dialog, *save);
  /* Escape cancels, as in every other dialog */
  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (GTK_WIDGET (dialog), keys);

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  *list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (*list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (*list), "boxed-list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*list));
  *message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (*message, TRUE);
  gtk_label_set_xalign (*message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (*message), "error");
  gtk_widget_set_visible (GTK_WIDGET (*message), FALSE);
  gtk_widget_set_name (GTK_WIDGET (*message), "message");
  gtk_widget_set_margin_start (GTK_WIDGET (*message), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (*message), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (*message), 18);
  /* long check lists (a large estate's buildings) scroll; the message
   * stays below them, outside, so the window grows to show it whole */
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 640);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_box_append (GTK_BOX (outer), scrolled);
  /* a save that meets another program's lock waits here, the form read-only */
  gtk_widget_set_margin_start (wait_bar, 18);
  gtk_widget_set_margin_end (wait_bar, 18);
  gtk_widget_set_margin_bottom (wait_bar, 12);
  kefu_wait_bar_set_form (KEFU_WAIT_BAR (wait_bar), scrolled);
  gtk_box_append (GTK_BOX (outer), wait_bar);
  gtk_box_append (GTK_BOX (outer), GTK_WIDGET (*message));
  gtk_window_set_child (dialog, outer);
  g_object_set_data (G_OBJECT (dialog), "kefu-wait-bar", wait_bar);
  g_object_set_data (G_OBJECT (dialog), "kefu-save", *save);
  g_signal_connect (dialog, "close-request", G_CALLBACK (dialog_close_request_cb), NULL);
  return dialog;
}

GtkWidget *
kefu_dispatch_settings_edit_rule (KefuDispatchSettings *self,
                                  gint64                rule_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = kefu_dispatch_list_rules (self->store, &error);
  g_autoptr(GListStore) buildings = kefu_desk_list_buildings (self->store, NULL);
  g_autoptr(GListStore) teams = kefu_desk_list_teams (self->store, NULL);
  const KefuDispatchRule *rule = NULL;
  RuleDialog *d;
  GtkWidget *save;
  GtkListBox *list;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  char level[2] = { 0 };

  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    if (((KefuDispatchRule *) rules->pdata[i])->id == rule_id)
      rule = rules->pdata[i];
  if (rule_id > 0 && rule == NULL)
    {
      report (self, FALSE, error);
      return NULL;
    }

  d = g_new0 (RuleDialog, 1);
  d->self = self;
  d->rule_id = rule_id;
  d->active = rule != NULL ? rule->active : TRUE;
  d->building_ids = g_ptr_array_new ();
  d->team_ids = g_ptr_array_new ();
  d->dialog = small_dialog (self, rule != NULL ? _("Edit Rule") : _("Add Rule"), &save, &list, &d->message);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-rule-dialog", d, (GDestroyNotify) rule_dialog_free);

  if (rule != NULL && rule->level > 0)
    level[0] = (char) ('0' + rule->level);
  if (rule != NULL && rule->from_min >= 0)
    {
      from = format_time (rule->from_min);
      to = format_time (rule->to_min);
    }
  d->name = entry_row (_("Name"), rule != NULL ? rule->name : NULL, "rule-name");
  d->kind = code_combo (KEFU_CODES_KIND, _("Kind"), _("Any kind"), rule != NULL ? rule->kind : NULL, "rule-kind");
  d->subtype = code_combo (KEFU_CODES_SUBTYPE, _("Sub-type"), _("Any sub-type"), rule != NULL ? rule->subtype : NULL,
                           "rule-subtype");
  d->level = code_combo (KEFU_CODES_LEVEL, _("Level"), _("Any level"), level, "rule-level");
  d->building = choice_combo (buildings, _("Building"), _("Any building"), rule != NULL ? rule->building_id : 0,
                              d->building_ids, "rule-building");
  d->channel = code_combo (KEFU_CODES_CHANNEL, _("Channel"), _("Any channel"), rule != NULL ? rule->channel : NULL,
                           "rule-channel");
  d->from = entry_row (_("From (HH:MM, empty for any time)"), from, "rule-from");
  d->to = entry_row (_("To (HH:MM, may wrap past midnight)"), to, "rule-to");
  d->team = choice_combo (teams, _("Sends the job to team"), NULL, rule != NULL ? rule->team_id : 0, d->team_ids, "rule-team");

  gtk_list_box_append (list, GTK_WIDGET (d->name));
  gtk_list_box_append (list, GTK_WIDGET (d->kind));
  gtk_list_box_append (list, GTK_WIDGET (d->subtype));
  gtk_list_box_append (list, GTK_WIDGET (d->level));
  gtk_list_box_append (list, GTK_WIDGET (d->building));
  gtk_list_box_append (list, GTK_WIDGET (d->channel));
  gtk_list_box_append (list, GTK_WIDGET (d->from));
  gtk_list_box_append (list, GTK_WIDGET (d->to));
  gtk_list_box_append (list, GTK_WIDGET (d->team));
  g_signal_connect (save, "clicked", G_CALLBACK (rule_save_cb), d);
  gtk_window_present (d->dialog);
  return GTK_WIDGET (d->dialog);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action,
             GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static void
rule_switched_cb (GtkSwitch  *sw,
                  GParamSpec *pspec,
                  gpointer    data)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (sw), "kefu-rule"));

  gtk_widget_activate_action (GTK_WIDGET (sw), "settings.rule-active", "(xb)", id, gtk_switch_get_active (sw));
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static void
load_rules (KefuDispatchSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = kefu_dispatch_list_rules (self->store, &error);

  clear_rows (self->rules_group, self->rule_rows);
  if (rules == NULL)
    {
      report (self, FALSE, error);
      return;
    }
  for (guint i = 0; i < rules->len; i++)
    {
      KefuDispatchRule *r = rules->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();
      GtkWidget *up = icon_button ("go-up-symbolic", _("Move Up"), "settings.rule-up", g_variant_new_int64 (r->id));
      GtkWidget *down = icon_button ("go-down-symbolic", _("Move Down"), "settings.rule-down", g_variant_new_int64 (r->id));
      GtkWidget *edit = icon_button ("document-edit-symbolic", _("Edit…"), "settings.rule-edit", g_variant_new_int64 (r->id));
      GtkWidget *del = icon_button ("user-trash-symbolic", _("Delete…"), "settings.rule-delete", g_variant_new_int64 (r->id));
      g_autofree char *title = g_strdup_printf ("%d. %s", r->position, r->name);
      g_autofree char *what = kefu_dispatch_rule_describe (r);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
      gtk_widget_set_sensitive (up, i > 0);
      gtk_widget_set_sensitive (down, i + 1 < rules->len);
      gtk_switch_set_active (GTK_SWITCH (sw), r->active);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (sw, _("Active"));
      g_object_set_data (G_OBJECT (sw), "kefu-rule", GSIZE_TO_POINTER ((gsize) r->id));
      g_signal_connect (sw, "notify::active", G_CALLBACK (rule_switched_cb), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), down);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), del);
      adw_preferences_group_add (self->rules_group, row);
      g_ptr_array_add (self->rule_rows, row);
    }
  if (rules->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No rules yet: every job waits in the Unassigned column."));
      adw_preferences_group_add (self->rules_group, row);
      g_ptr_array_add (self->rule_rows, row);
    }
}

static void
rule_add_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_edit_rule (KEFU_DISPATCH_SETTINGS (widget), 0);
}

static void
rule_edit_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_edit_rule (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter));
}

static void
move_rule (KefuDispatchSettings *self,
           gint64                rule_id,
           int                   by)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = kefu_dispatch_list_rules (self->store, &error);

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      KefuDispatchRule *r = rules->pdata[i];
      if (r->id == rule_id)
        {
          SettingsWrite *w = settings_write_new (self, WRITE_MOVE_RULE);

          w->id = rule_id;
          w->number = r->position + by;
          w->reload = RELOAD_RULES;
          w->reload_failed = TRUE;
          settings_write (self, w);
          return;
        }
    }
  if (rules == NULL)
    report (self, FALSE, error);
  load_rules (self);
}

static void
rule_up_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  move_rule (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter), -1);
}

static void
rule_down_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  move_rule (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter), +1);
}

static void
rule_active_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  gint64 id;
  gboolean active;

  SettingsWrite *w = settings_write_new (self, WRITE_RULE_ACTIVE);

  g_variant_get (parameter, "(xb)", &id, &active);
  w->id = id;
  w->flag = active;
  w->reload_stopped = w->reload_failed = TRUE;
  settings_write (self, w);
}

static void
rule_delete_response_cb (AdwMessageDialog     *dialog,
                         const char           *response,
                         KefuDispatchSettings *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "kefu-rule"));
  SettingsWrite *w;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  w = settings_write_new (self, WRITE_DELETE_RULE);
  w->id = id;
  w->reload = RELOAD_RULES;
  w->reload_failed = TRUE;
  settings_write (self, w);
}

static void
rule_delete_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete this rule?"),
                                              _("Jobs it would send to its team will be decided by the next matching rule."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "kefu-rule", GSIZE_TO_POINTER ((gsize) g_variant_get_int64 (parameter)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (rule_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Check lists ------------------------------------------------------------- */

/* A row with a check box in front, activating the row toggles it. The
 * check carries @code (a string, owned by the row) or @id. */
static GtkCheckButton *
check_row (GtkListBox *list,
           const char *title,
           const char *subtitle,
           const char *code,
           gint64      id,
           gboolean    active,
           const char *name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_name (check, name);
  g_object_set_data_full (G_OBJECT (check), "kefu-code", g_strdup (code), g_free);
  g_object_set_data (G_OBJECT (check), "kefu-id", GSIZE_TO_POINTER ((gsize) id));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_list_box_append (list, row);
  return GTK_CHECK_BUTTON (check);
}

static gboolean
csv_has (const char *csv,
         const char *code)
{
  g_auto(GStrv) items = g_strsplit (csv != NULL ? csv : "", ",", -1);

  return g_strv_contains ((const char * const *) items, code);
}

/* Every sub-type by its name, ticked when in @selected (a comma list of codes). */
static void
subtype_checks (GtkListBox  *list,
                const char  *selected,
                GPtrArray   *checks)
{
  guint n = 0;
  const KefuCode *codes = kefu_codes (KEFU_CODES_SUBTYPE, &n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("subtype-%s", codes[i].code);
      g_ptr_array_add (checks, check_row (list, _(codes[i].label), NULL, codes[i].code, 0,
                                          csv_has (selected, codes[i].code), name));
    }
}

/* The ticked codes as a comma list */
static char *
checked_codes (GPtrArray *checks)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      g_string_append_printf (s, "%s%s", s->len > 0 ? "," : "",
                              (const char *) g_object_get_data (G_OBJECT (checks->pdata[i]), "kefu-code"));
  return g_string_free (s, FALSE);
}

static GArray *
checked_ids (GPtrArray *checks)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      {
        gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (checks->pdata[i]), "kefu-id"));
        g_array_append_val (ids, id);
      }
  return ids;
}

/* "水电 · 电梯", or @none */
static char *
subtype_labels (const char *csv,
                const char *none)
{
  g_auto(GStrv) items = g_strsplit (csv != NULL ? csv : "", ",", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; items[i] != NULL; i++)
    if (*items[i] != '\0')
      g_string_append_printf (s, "%s%s", s->len > 0 ? " · " : "", kefu_code_label (KEFU_CODES_SUBTYPE, items[i]));
  if (s->len == 0)
    g_string_append (s, none);
  return g_string_free (s, FALSE);
}

/* A second boxed list under a heading, after @after in the dialog's box. */
static GtkListBox *
dialog_section (GtkWidget  *after,
                const char *heading)
{
  GtkWidget *box = gtk_widget_get_parent (after);
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_insert_child_after (GTK_BOX (box), label, after);
  gtk_box_insert_child_after (GTK_BOX (box), list, label);
  return GTK_LIST_BOX (list);
}

/* A dim note after @after in the dialog's box */
static void
dialog_note (GtkWidget  *after,
             const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (after)), label, after);
}

/* Teams ------------------------------------------------------------------- */

typedef struct {
  KefuDispatchSettings *self;
  GtkWindow            *dialog;
  gint64                team_id;
  AdwEntryRow          *name;
  GtkSwitch            *contractor;
  GPtrArray            *checks;
  GtkLabel             *message;
} TeamDialog;

static void
team_dialog_free (TeamDialog *d)
{
  g_ptr_array_unref (d->checks);
  g_free (d);
}

static void
team_save_cb (GtkButton  *button,
              TeamDialog *d)
{
  SettingsWrite *w = settings_write_new (d->self, d->team_id > 0 ? WRITE_UPDATE_TEAM : WRITE_ADD_TEAM);

  w->dialog = d->dialog;
  w->message = d->message;
  w->id = d->team_id;
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->name)));
  w->text2 = checked_codes (d->checks);
  w->flag = gtk_switch_get_active (d->contractor);
  settings_write (d->self, w);
}

static GtkWidget *
switch_row (const char  *title,
            const char  *subtitle,
            gboolean     active,
            const char  *name,
            GtkSwitch  **sw)
{
  GtkWidget *row = adw_action_row_new ();

  *sw = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (*sw, active);
  gtk_widget_set_valign (GTK_WIDGET (*sw), GTK_ALIGN_CENTER);
  gtk_widget_set_name (GTK_WIDGET (*sw), name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (*sw));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (*sw));
  return row;
}

/* Opens the team dialog (@team_id 0: a new team) and returns it. */
GtkWidget *
kefu_dispatch_settings_edit_team (KefuDispatchSettings *self,
                                  gint64                team_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) teams = kefu_dispatch_list_teams (self->store, &error);
  const KefuTeam *team = NULL;
  TeamDialog *d;
  GtkWidget *save;
  GtkListBox *list, *covers;

  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  for (guint i = 0; teams != NULL && i < teams->len; i++)
    if (((KefuTeam *) teams->pdata[i])->id == team_id)
      team = teams->pdata[i];
  if (teams == NULL || (team_id > 0 && team == NULL))
    {
      if (error == NULL)
        g_set_error (&error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Team %lld no longer exists."), (long long) team_id);
      report (self, FALSE, error);
      return NULL;
    }

  d = g_new0 (TeamDialog, 1);
  d->self = self;
  d->team_id = team_id;
  d->checks = g_ptr_array_new ();
  d->dialog = small_dialog (self, team != NULL ? _("Edit Team") : _("Add Team"), &save, &list, &d->message);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-team-dialog", d, (GDestroyNotify) team_dialog_free);
  d->name = entry_row (_("Name"), team != NULL ? team->name : NULL, "team-name");
  gtk_list_box_append (list, GTK_WIDGET (d->name));
  gtk_list_box_append (list, switch_row (_("Outside contractor"), _("Scored every month; suspended below 80"),
                                         team != NULL && team->contractor, "team-contractor", &d->contractor));
  covers = dialog_section (GTK_WIDGET (list), _("Ticket sub-types it covers"));
  subtype_checks (covers, team != NULL ? team->subtypes : NULL, d->checks);
  g_signal_connect (save, "clicked", G_CALLBACK (team_save_cb), d);
  gtk_window_present (d->dialog);
  gtk_widget_grab_focus (GTK_WIDGET (d->name));
  return GTK_WIDGET (d->dialog);
}

static void
load_teams (KefuDispatchSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) teams = kefu_dispatch_list_teams (self->store, &error);

  clear_rows (self->teams_group, self->team_rows);
  if (teams == NULL)
    {
      report (self, FALSE, error);
      return;
    }
  for (guint i = 0; i < teams->len; i++)
    {
      KefuTeam *t = teams->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *covers = subtype_labels (t->subtypes, _("no sub-types"));
      g_autofree char *people = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u technician", "%u technicians", t->technicians),
                                                 t->technicians);
      g_autofree char *open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open ticket", "%u open tickets", t->open_tickets),
                                               t->open_tickets);
      g_autoptr(GString) subtitle = g_string_new (NULL);

      if (t->contractor)
        g_string_append_printf (subtitle, "%s · ", _("Contractor"));
      g_string_append_printf (subtitle, "%s\n%s · %s", covers, people, open);
      if (t->suspended)
        {
          GtkWidget *enable = gtk_button_new_with_label (_("Re-enable"));

          g_string_append_c (subtitle, '\n');
          /* Translators: %s is why, e.g. "2026-10 评分 72：返工率 18%" */
          g_string_append_printf (subtitle, _("Suspended: %s"), t->suspended_reason != NULL ? t->suspended_reason : _("no reason given"));
          gtk_widget_set_valign (enable, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (enable, _("Let the rules send this team jobs again"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (enable), "settings.reinstate-team");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (enable), g_variant_new_int64 (t->id));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), enable);
          gtk_widget_add_css_class (row, "warning");
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon_button ("document-edit-symbolic", _("Edit…"), "settings.edit-team",
                                                                    g_variant_new_int64 (t->id)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon_button ("user-trash-symbolic", _("Delete…"), "settings.delete-team",
                                                                    g_variant_new_int64 (t->id)));
      adw_preferences_group_add (self->teams_group, row);
      g_ptr_array_add (self->team_rows, row);
    }
  if (teams->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No teams yet: add one with Add Team…, then its technicians on the Technicians page."));
      adw_preferences_group_add (self->teams_group, row);
      g_ptr_array_add (self->team_rows, row);
    }
}

static void
team_add_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_edit_team (KEFU_DISPATCH_SETTINGS (widget), 0);
}

static void
team_edit_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_edit_team (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter));
}

static void
team_reinstate_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  SettingsWrite *w = settings_write_new (self, WRITE_REINSTATE_TEAM);

  w->id = g_variant_get_int64 (parameter);
  w->reload_failed = TRUE;
  settings_write (self, w);
}

static void
team_delete_response_cb (AdwMessageDialog     *dialog,
                         const char           *response,
                         KefuDispatchSettings *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "kefu-team"));
  SettingsWrite *w;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  w = settings_write_new (self, WRITE_DELETE_TEAM);
  w->id = id;
  w->reload_failed = TRUE;
  settings_write (self, w);
}

static void
team_delete_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) teams = kefu_dispatch_list_teams (self->store, &error);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  for (guint i = 0; teams != NULL && i < teams->len; i++)
    if (((KefuTeam *) teams->pdata[i])->id == id)
      heading = g_strdup_printf (_("Delete %s?"), ((KefuTeam *) teams->pdata[i])->name);
  if (heading == NULL)
    {
      report (self, FALSE, error);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Only a team without technicians, open tickets or rules can be deleted."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "kefu-team", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (team_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Technicians ------------------------------------------------------------- */

static const char *
weekday_name (int day)
{
  static const char *names[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                                 N_("Saturday"), N_("Sunday") };
  return _(names[day]);
}

static char *
today_string (KefuDispatchSettings *self,
              int                   days_ahead)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (self->store));
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days_ahead);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* The technician's schedule as the core has it now; NULL (and a toast) when gone. */
static KefuTechnicianSchedule *
find_schedule (KefuDispatchSettings *self,
               gint64                technician_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kefu_dispatch_list_schedules (self->store, "", &error);

  for (guint i = 0; list != NULL && i < list->len; i++)
    if (((KefuTechnicianSchedule *) list->pdata[i])->id == technician_id)
      return g_ptr_array_steal_index (list, i);
  if (error == NULL)
    g_set_error (&error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Technician %lld no longer exists."),
                 (long long) technician_id);
  report (self, FALSE, error);
  return NULL;
}

static gint64
expander_technician (GtkWidget *row)
{
  GtkWidget *expander = gtk_widget_get_ancestor (row, ADW_TYPE_EXPANDER_ROW);

  return GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (expander), "kefu-technician"));
}

static void
phone_applied_cb (AdwEntryRow *row,
                  gpointer     data)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (gtk_widget_get_root (GTK_WIDGET (row)));
  gint64 id = expander_technician (GTK_WIDGET (row));
  g_autoptr(KefuTechnicianSchedule) s = find_schedule (self, id);
  SettingsWrite *w;

  self->expanded = id;
  if (s == NULL)
    return;
  w = settings_write_new (self, WRITE_UPDATE_TECHNICIAN);
  w->id = w->expanded = id;
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  w->text2 = g_strdup (s->skills);
  settings_write (self, w);
}

static void
name_applied_cb (AdwEntryRow *row,
                 gpointer     data)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (gtk_widget_get_root (GTK_WIDGET (row)));
  gint64 id = expander_technician (GTK_WIDGET (row));
  SettingsWrite *w = settings_write_new (self, WRITE_RENAME_TECHNICIAN);

  self->expanded = id;
  w->id = w->expanded = id;
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  settings_write (self, w);
}

/* A row with a subtitle saying what is set and a button changing it */
static GtkWidget *
choose_row (const char *title,
            const char *value,
            const char *button_label,
            const char *action,
            gint64      technician_id)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (button_label);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (technician_id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  return row;
}

static char *
names_of (GHashTable  *names,
          GArray      *ids,
          const char  *first,
          const char  *none)
{
  GString *s = g_string_new (first);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *name = g_hash_table_lookup (names, &g_array_index (ids, gint64, i));
      if (name != NULL)
        g_string_append_printf (s, "%s%s", s->len > 0 ? _(", ") : "", name);
    }
  if (s->len == 0)
    g_string_append (s, none);
  return g_string_free (s, FALSE);
}

static GtkWidget *
technician_expander (KefuDispatchSettings         *self,
                     const KefuTechnicianSchedule *s,
                     GHashTable                   *team_names,
                     GHashTable                   *building_names)
{
  GtkWidget *expander = adw_expander_row_new ();
  AdwEntryRow *name = entry_row (_("Name"), s->name, "technician-name");
  AdwEntryRow *phone = entry_row (_("Phone"), s->phone, "technician-phone");
  g_autofree char *skills = subtype_labels (s->skills, _("no skills"));
  g_autofree char *primary = g_strdup_printf (_("%s (own team)"), s->team_name);
  g_autofree char *teams = names_of (team_names, s->other_teams, primary, NULL);
  g_autofree char *areas = names_of (building_names, s->buildings, NULL, _("No buildings: any of the team’s jobs"));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", s->phone != NULL ? s->phone : _("no phone"), skills);
  GtkWidget *add_shift = gtk_button_new_with_mnemonic (_("Add _Shift…"));
  GtkWidget *shifts_row = adw_action_row_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("Add _Leave…"));
  GtkWidget *swap = gtk_button_new_with_mnemonic (_("S_wap Shift…"));
  GtkWidget *add_row = adw_action_row_new ();
  GtkWidget *deactivate = gtk_button_new_with_mnemonic (_("_Deactivate"));
  GtkWidget *deactivate_row = adw_action_row_new ();
  gboolean off[7] = { TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), s->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  g_object_set_data (G_OBJECT (expander), "kefu-technician", GSIZE_TO_POINTER ((gsize) s->id));
  adw_entry_row_set_show_apply_button (name, TRUE);
  adw_entry_row_set_show_apply_button (phone, TRUE);
  g_signal_connect (name, "apply", G_CALLBACK (name_applied_cb), NULL);
  g_signal_connect (phone, "apply", G_CALLBACK (phone_applied_cb), NULL);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (name));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (phone));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            choose_row (_("Teams"), teams, _("_Teams…"), "settings.technician-teams", s->id));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            choose_row (_("Skills"), skills, _("S_kills…"), "settings.technician-skills", s->id));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            choose_row (_("Usually covers"), areas, _("_Buildings…"), "settings.technician-buildings", s->id));

  /* the weekly shifts: the days off and Add Shift…, then each shift, removable */
  for (guint i = 0; i < s->shifts->len; i++)
    off[g_array_index (s->shifts, KefuShift, i).weekday - 1] = FALSE;
  {
    g_autoptr(GString) days = g_string_new (NULL);

    for (int d = 0; d < 7; d++)
      if (off[d])
        g_string_append_printf (days, "%s%s", days->len > 0 ? _(", ") : "", weekday_name (d));
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (shifts_row), _("Weekly shifts"));
    if (s->shifts->len == 0)
      adw_action_row_set_subtitle (ADW_ACTION_ROW (shifts_row),
                                   _("None yet: add the shifts of the week, or the rules never choose this technician."));
    else if (days->len > 0)
      {
        g_autofree char *text = g_strdup_printf (_("Off: %s"), days->str);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (shifts_row), text);
      }
  }
  gtk_widget_set_valign (add_shift, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_shift), "settings.add-shift");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (add_shift), g_variant_new_int64 (s->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (shifts_row), add_shift);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), shifts_row);
  for (guint i = 0; i < s->shifts->len; i++)
    {
      const KefuShift *shift = &g_array_index (s->shifts, KefuShift, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *span = format_span (shift->from_min, shift->to_min);
      g_autofree char *text = shift->to_min < shift->from_min ? g_strdup_printf (_("%s (past midnight)"), span) : g_strdup (span);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), weekday_name (shift->weekday - 1));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      gtk_widget_set_name (row, "shift-row");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon_button ("list-remove-symbolic", _("Remove Shift"), "settings.remove-shift",
                                                                    g_variant_new ("(xx)", s->id, shift->id)));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add_row), _("Leave, extra or swapped shifts"));
  if (s->exceptions->len == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (add_row), _("None in the coming weeks"));
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "settings.add-leave");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (add), g_variant_new_int64 (s->id));
  gtk_widget_set_valign (swap, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (swap, _("Another technician works this technician’s shift on a day (调班)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (swap), "settings.swap-shift");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (swap), g_variant_new_int64 (s->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (add_row), swap);
  adw_action_row_add_suffix (ADW_ACTION_ROW (add_row), add);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), add_row);

  for (guint i = 0; i < s->exceptions->len; i++)
    {
      KefuShiftException *x = s->exceptions->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      gboolean leave = g_strcmp0 (x->kind, "leave") == 0;
      g_autofree char *when = x->from_min >= 0 ? format_span (x->from_min, x->to_min) : g_strdup (_("whole day"));
      g_autofree char *title = g_strdup_printf ("%s %s", x->date, when);
      const char *kind = x->swap_id > 0 ? (leave ? _("Swapped shift: off") : _("Swapped shift: works"))
                                        : (leave ? _("Leave") : _("Extra shift"));
      g_autofree char *what = g_strdup_printf ("%s%s%s", kind, x->note != NULL ? " · " : "", x->note != NULL ? x->note : "");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("user-trash-symbolic", x->swap_id > 0 ? _("Remove the Whole Swap") : _("Remove"),
                                              "settings.remove-exception", g_variant_new ("(xx)", s->id, x->id)));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (deactivate_row), _("No longer works here"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (deactivate_row), _("Kept in the history; the rules stop choosing them"));
  gtk_widget_set_valign (deactivate, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (deactivate), "settings.technician-active");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (deactivate), g_variant_new ("(xb)", s->id, FALSE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (deactivate_row), deactivate);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), deactivate_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), s->id == self->expanded);
  return expander;
}

static GtkWidget *
inactive_row (const KefuTechnicianSchedule *s)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Reactivate"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), s->team_name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "settings.technician-active");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new ("(xb)", s->id, TRUE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
load_technicians (KefuDispatchSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = today_string (self, 0);
  g_autoptr(GPtrArray) list = kefu_dispatch_list_schedules (self->store, today, &error);
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(GListStore) buildings = NULL;
  g_autoptr(GHashTable) team_names = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) building_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  AdwPreferencesGroup *group = NULL;
  gint64 team = -1;

  for (guint i = 0; i < self->team_groups->len; i++)
    adw_preferences_page_remove (self->technicians_page, self->team_groups->pdata[i]);
  g_ptr_array_set_size (self->team_groups, 0);
  if (list == NULL || (teams = kefu_dispatch_list_teams (self->store, &error)) == NULL
      || (buildings = kefu_dispatch_list_buildings (self->store, &error)) == NULL)
    {
      report (self, FALSE, error);
      return;
    }
  for (guint i = 0; i < teams->len; i++)
    g_hash_table_insert (team_names, &((KefuTeam *) teams->pdata[i])->id, ((KefuTeam *) teams->pdata[i])->name);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (buildings)); i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (buildings), i);
      gint64 id = kefu_choice_get_id (c);

      g_hash_table_insert (building_names, g_memdup2 (&id, sizeof id), g_strdup (kefu_choice_get_name (c)));
    }
  /* an empty boxed list would show as a line: the row comes and goes */
  if (list->len == 0 && self->technicians_empty == NULL)
    {
      self->technicians_empty = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->technicians_empty),
                                     _("No technicians yet: add them with Add Technician…, each with a team, then their shifts."));
      adw_preferences_group_add (self->technicians_group, self->technicians_empty);
    }
  else if (list->len > 0 && self->technicians_empty != NULL)
    {
      adw_preferences_group_remove (self->technicians_group, self->technicians_empty);
      self->technicians_empty = NULL;
    }
  adw_preferences_group_set_description (self->technicians_group,
                                         teams->len == 0 ? _("Add a team on the Teams page first, then its technicians here.")
                                                         : _("Each technician’s teams, skills, buildings and shifts decide which jobs the rules give them."));
  for (guint i = 0; i < list->len; i++)
    {
      KefuTechnicianSchedule *s = list->pdata[i];

      if (!s->active)
        {
          if (team != 0)
            {
              group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
              adw_preferences_group_set_title (group, _("Deactivated"));
              adw_preferences_page_add (self->technicians_page, group);
              g_ptr_array_add (self->team_groups, group);
              team = 0;
            }
          adw_preferences_group_add (group, inactive_row (s));
          continue;
        }
      if (s->team_id != team)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, s->team_name);
          adw_preferences_page_add (self->technicians_page, group);
          g_ptr_array_add (self->team_groups, group);
          team = s->team_id;
        }
      adw_preferences_group_add (group, technician_expander (self, s, team_names, building_names));
    }
}

/* Add Technician… */

typedef struct {
  KefuDispatchSettings *self;
  GtkWindow            *dialog;
  AdwEntryRow          *name, *phone;
  AdwComboRow          *team;
  GPtrArray            *team_ids;
  GtkLabel             *message;
} NewTechnicianDialog;

static void
new_technician_dialog_free (NewTechnicianDialog *d)
{
  g_ptr_array_unref (d->team_ids);
  g_free (d);
}

static void
new_technician_save_cb (GtkButton           *button,
                        NewTechnicianDialog *d)
{
  SettingsWrite *w = settings_write_new (d->self, WRITE_ADD_TECHNICIAN);

  w->dialog = d->dialog;
  w->message = d->message;
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->name)));
  w->text2 = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->phone)));
  w->other = id_at (d->team_ids, d->team);
  settings_write (d->self, w);
}

GtkWidget *
kefu_dispatch_settings_add_technician (KefuDispatchSettings *self)
{
  g_autoptr(GListStore) teams = NULL;
  g_autoptr(GError) error = NULL;
  NewTechnicianDialog *d;
  GtkWidget *save;
  GtkListBox *list;

  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  teams = kefu_desk_list_teams (self->store, &error);
  if (teams == NULL)
    {
      report (self, FALSE, error);
      return NULL;
    }
  d = g_new0 (NewTechnicianDialog, 1);
  d->self = self;
  d->team_ids = g_ptr_array_new ();
  d->dialog = small_dialog (self, _("Add Technician"), &save, &list, &d->message);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-technician-dialog", d, (GDestroyNotify) new_technician_dialog_free);
  d->name = entry_row (_("Name"), NULL, "new-technician-name");
  d->phone = entry_row (_("Phone"), NULL, "new-technician-phone");
  d->team = choice_combo (teams, _("Team"), NULL, 0, d->team_ids, "new-technician-team");
  gtk_list_box_append (list, GTK_WIDGET (d->name));
  gtk_list_box_append (list, GTK_WIDGET (d->phone));
  gtk_list_box_append (list, GTK_WIDGET (d->team));
  if (d->team_ids->len == 0)
    dialog_error (d->message, _("There is no team yet: add one on the Teams page first."));
  g_signal_connect (save, "clicked", G_CALLBACK (new_technician_save_cb), d);
  gtk_window_present (d->dialog);
  gtk_widget_grab_focus (GTK_WIDGET (d->name));
  return GTK_WIDGET (d->dialog);
}

/* Teams…, Skills…, Buildings…: one check list dialog */

typedef enum { PICK_TEAMS, PICK_SKILLS, PICK_BUILDINGS } PickKind;

typedef struct {
  KefuDispatchSettings *self;
  GtkWindow            *dialog;
  gint64                technician_id;
  PickKind              kind;
  char                 *phone;
  AdwComboRow          *primary;
  GPtrArray            *primary_ids;
  GPtrArray            *checks;
  GtkLabel             *message;
} PickDialog;

static void
pick_dialog_free (PickDialog *d)
{
  g_free (d->phone);
  g_ptr_array_unref (d->primary_ids);
  g_ptr_array_unref (d->checks);
  g_free (d);
}

static void
pick_save_cb (GtkButton  *button,
              PickDialog *d)
{
  SettingsWrite *w = NULL;

  switch (d->kind)
    {
    case PICK_SKILLS:
      w = settings_write_new (d->self, WRITE_UPDATE_TECHNICIAN);
      w->text = g_strdup (d->phone);
      w->text2 = checked_codes (d->checks);
      break;
    case PICK_TEAMS:
      w = settings_write_new (d->self, WRITE_TECHNICIAN_TEAMS);
      w->other = id_at (d->primary_ids, d->primary);
      w->ids = checked_ids (d->checks);
      break;
    case PICK_BUILDINGS:
      w = settings_write_new (d->self, WRITE_TECHNICIAN_BUILDINGS);
      w->ids = checked_ids (d->checks);
      break;
    default:
      g_assert_not_reached ();
    }
  w->dialog = d->dialog;
  w->message = d->message;
  w->id = w->expanded = d->technician_id;
  settings_write (d->self, w);
}

static gboolean
array_has (GArray *ids,
           gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Opens the Teams, Skills or Buildings dialog of @technician_id and returns it. */
static GtkWidget *
pick_dialog (KefuDispatchSettings *self,
             gint64                technician_id,
             PickKind              kind)
{
  g_autoptr(KefuTechnicianSchedule) s = find_schedule (self, technician_id);
  g_autoptr(GError) error = NULL;
  static const char *titles[] = { N_("Teams"), N_("Skills"), N_("Buildings Usually Covered") };
  g_autofree char *title = NULL;
  PickDialog *d;
  GtkWidget *save;
  GtkListBox *list;

  if (s == NULL)
    return NULL;
  d = g_new0 (PickDialog, 1);
  d->self = self;
  d->technician_id = technician_id;
  d->kind = kind;
  d->phone = g_strdup (s->phone);
  d->primary_ids = g_ptr_array_new ();
  d->checks = g_ptr_array_new ();
  /* Translators: a dialog's title, e.g. "Skills — 李师傅" */
  title = g_strdup_printf (_("%s — %s"), _(titles[kind]), s->name);
  d->dialog = small_dialog (self, title, &save, &list, &d->message);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-pick-dialog", d, (GDestroyNotify) pick_dialog_free);

  if (kind == PICK_SKILLS)
    subtype_checks (list, s->skills, d->checks);
  else if (kind == PICK_TEAMS)
    {
      g_autoptr(GListStore) teams = kefu_desk_list_teams (self->store, &error);
      GtkListBox *others;

      d->primary = choice_combo (teams, _("Own team (their lane on the board)"), NULL, s->team_id, d->primary_ids,
                                 "technician-team");
      gtk_list_box_append (list, GTK_WIDGET (d->primary));
      others = dialog_section (GTK_WIDGET (list), _("Also works for"));
      for (guint i = 0; teams != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (teams)); i++)
        {
          g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (teams), i);
          g_autofree char *name = g_strdup_printf ("other-team-%" G_GINT64_FORMAT, kefu_choice_get_id (c));

          g_ptr_array_add (d->checks, check_row (others, kefu_choice_get_name (c), NULL, NULL, kefu_choice_get_id (c),
                                                 array_has (s->other_teams, kefu_choice_get_id (c)), name));
        }
    }
  else
    {
      g_autoptr(GListStore) buildings = kefu_dispatch_list_buildings (self->store, &error);
      GtkWidget *after = GTK_WIDGET (list);
      g_autofree char *estate = NULL;
      GtkListBox *section = NULL;

      /* one list per estate; the first dialog list stays for the note */
      for (guint i = 0; buildings != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (buildings)); i++)
        {
          g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (buildings), i);
          g_autofree char *name = g_strdup_printf ("building-%" G_GINT64_FORMAT, kefu_choice_get_id (c));

          if (section == NULL || g_strcmp0 (estate, kefu_choice_get_detail (c)) != 0)
            {
              g_free (estate);
              estate = g_strdup (kefu_choice_get_detail (c));
              section = dialog_section (after, estate);
              after = GTK_WIDGET (section);
            }
          g_ptr_array_add (d->checks, check_row (section, kefu_choice_get_name (c), NULL, NULL, kefu_choice_get_id (c),
                                                 array_has (s->buildings, kefu_choice_get_id (c)), name));
        }
      /* the notes go above the estates' lists; the first list stays empty */
      gtk_widget_set_visible (GTK_WIDGET (list), FALSE);
      dialog_note (GTK_WIDGET (list), d->checks->len > 0 ? _("Among those on shift, the rules prefer who covers the job’s building.")
                                                         : _("There are no buildings yet: import or add the estates first."));
    }
  g_signal_connect (save, "clicked", G_CALLBACK (pick_save_cb), d);
  gtk_window_present (d->dialog);
  return GTK_WIDGET (d->dialog);
}

GtkWidget *
kefu_dispatch_settings_choose_skills (KefuDispatchSettings *self,
                                      gint64                technician_id)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  return pick_dialog (self, technician_id, PICK_SKILLS);
}

static void
pick_teams_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pick_dialog (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter), PICK_TEAMS);
}

static void
pick_skills_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pick_dialog (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter), PICK_SKILLS);
}

static void
pick_buildings_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  pick_dialog (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter), PICK_BUILDINGS);
}

static void
add_technician_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_add_technician (KEFU_DISPATCH_SETTINGS (widget));
}

static void
technician_active_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  SettingsWrite *w = settings_write_new (self, WRITE_TECHNICIAN_ACTIVE);
  gint64 id;
  gboolean active;

  g_variant_get (parameter, "(xb)", &id, &active);
  self->expanded = id;
  w->id = w->expanded = id;
  w->flag = active;
  settings_write (self, w);
}

/* Add Shift… */

typedef struct {
  KefuDispatchSettings *self;
  GtkWindow            *dialog;
  gint64                technician_id;
  AdwComboRow          *weekday;
  AdwEntryRow          *from, *to;
  GtkLabel             *message;
} ShiftDialog;

static void
shift_save_cb (GtkButton   *button,
               ShiftDialog *d)
{
  int from = parse_time (gtk_editable_get_text (GTK_EDITABLE (d->from)));
  int to = parse_time (gtk_editable_get_text (GTK_EDITABLE (d->to)));
  SettingsWrite *w;

  if (from < 0 || to < 0)
    {
      dialog_error (d->message, _("Write the times like 08:00 and 12:00."));
      return;
    }
  w = settings_write_new (d->self, WRITE_ADD_SHIFT);
  w->dialog = d->dialog;
  w->message = d->message;
  w->id = w->expanded = d->technician_id;
  w->number = adw_combo_row_get_selected (d->weekday) + 1;
  w->from = from;
  w->to = to;
  settings_write (d->self, w);
}

/* Opens the Add Shift dialog for @technician_id and returns it. */
GtkWidget *
kefu_dispatch_settings_add_shift (KefuDispatchSettings *self,
                                  gint64                technician_id)
{
  ShiftDialog *d;
  g_autoptr(GtkStringList) days = gtk_string_list_new (NULL);
  g_autoptr(KefuTechnicianSchedule) s = NULL;
  g_autofree char *title = NULL;
  GtkWidget *save;
  GtkListBox *list;

  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  if ((s = find_schedule (self, technician_id)) == NULL)
    return NULL;
  d = g_new0 (ShiftDialog, 1);
  d->self = self;
  d->technician_id = technician_id;
  /* Translators: a dialog's title, e.g. "Add Shift — 李师傅" */
  title = g_strdup_printf (_("%s — %s"), _("Add Shift"), s->name);
  d->dialog = small_dialog (self, title, &save, &list, &d->message);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-shift-dialog", d, g_free);
  for (int i = 0; i < 7; i++)
    gtk_string_list_append (days, weekday_name (i));
  d->weekday = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_combo_row_set_model (d->weekday, G_LIST_MODEL (days));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->weekday), _("Day of the week"));
  gtk_widget_set_name (GTK_WIDGET (d->weekday), "shift-weekday");
  d->from = entry_row (_("From (HH:MM)"), "08:00", "shift-from");
  d->to = entry_row (_("To (HH:MM; earlier than the start: past midnight)"), "12:00", "shift-to");
  gtk_list_box_append (list, GTK_WIDGET (d->weekday));
  gtk_list_box_append (list, GTK_WIDGET (d->from));
  gtk_list_box_append (list, GTK_WIDGET (d->to));
  g_signal_connect (save, "clicked", G_CALLBACK (shift_save_cb), d);
  gtk_window_present (d->dialog);
  return GTK_WIDGET (d->dialog);
}

static void
add_shift_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_add_shift (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter));
}

static void
remove_shift_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  SettingsWrite *w = settings_write_new (self, WRITE_REMOVE_SHIFT);
  gint64 technician, shift;

  g_variant_get (parameter, "(xx)", &technician, &shift);
  self->expanded = technician;
  w->id = shift;
  w->expanded = technician;
  settings_write (self, w);
}

/* Swap Shift… */

typedef struct {
  KefuDispatchSettings *self;
  GtkWindow            *dialog;
  gint64                technician_id;
  AdwEntryRow          *date;
  AdwComboRow          *with;
  GPtrArray            *with_ids;
  GtkLabel             *message;
} SwapDialog;

static void
swap_dialog_free (SwapDialog *d)
{
  g_ptr_array_unref (d->with_ids);
  g_free (d);
}

static void
swap_save_cb (GtkButton  *button,
              SwapDialog *d)
{
  SettingsWrite *w = settings_write_new (d->self, WRITE_SWAP_SHIFT);

  w->dialog = d->dialog;
  w->message = d->message;
  w->id = w->expanded = d->technician_id;
  w->other = id_at (d->with_ids, d->with);
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->date)));
  settings_write (d->self, w);
}

/* Opens the Swap Shift dialog for @technician_id and returns it. */
GtkWidget *
kefu_dispatch_settings_swap_shift (KefuDispatchSettings *self,
                                   gint64                technician_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kefu_dispatch_list_schedules (self->store, "9999", &error);
  g_autoptr(GListStore) others = g_list_store_new (KEFU_TYPE_CHOICE);
  g_autofree char *tomorrow = today_string (self, 1);
  g_autofree char *title = NULL;
  const char *name = NULL;
  SwapDialog *d;
  GtkWidget *save;
  GtkListBox *list_box;

  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  if (list == NULL)
    {
      report (self, FALSE, error);
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    {
      KefuTechnicianSchedule *s = list->pdata[i];

      if (s->id == technician_id)
        name = s->name;
      else if (s->active)
        {
          g_autoptr(KefuChoice) c = kefu_choice_new (s->id, s->name, s->team_name);
          g_list_store_append (others, c);
        }
    }
  d = g_new0 (SwapDialog, 1);
  d->self = self;
  d->technician_id = technician_id;
  d->with_ids = g_ptr_array_new ();
  /* Translators: a dialog's title, e.g. "Swap Shift — 李师傅" */
  title = g_strdup_printf (_("%s — %s"), _("Swap Shift"), name != NULL ? name : "?");
  d->dialog = small_dialog (self, title, &save, &list_box, &d->message);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-swap-dialog", d, (GDestroyNotify) swap_dialog_free);
  d->date = entry_row (_("Date (YYYY-MM-DD)"), tomorrow, "swap-date");
  d->with = choice_combo (others, _("Worked that day by"), NULL, 0, d->with_ids, "swap-with");
  gtk_list_box_append (list_box, GTK_WIDGET (d->date));
  gtk_list_box_append (list_box, GTK_WIDGET (d->with));
  dialog_note (GTK_WIDGET (list_box),
               _("Recorded as leave for one and extra shifts for the other over the same hours, removed together."));
  g_signal_connect (save, "clicked", G_CALLBACK (swap_save_cb), d);
  gtk_window_present (d->dialog);
  return GTK_WIDGET (d->dialog);
}

static void
swap_shift_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_swap_shift (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter));
}

typedef struct {
  KefuDispatchSettings *self;
  GtkWindow            *dialog;
  gint64                technician_id;
  AdwEntryRow          *date, *from, *to, *note;
  AdwComboRow          *kind;
  GtkSwitch            *whole_day;
  GtkLabel             *message;
} LeaveDialog;

static void
leave_save_cb (GtkButton   *button,
               LeaveDialog *d)
{
  gboolean whole = gtk_switch_get_active (d->whole_day);
  int from = whole ? -1 : parse_time (gtk_editable_get_text (GTK_EDITABLE (d->from)));
  int to = whole ? -1 : parse_time (gtk_editable_get_text (GTK_EDITABLE (d->to)));
  const char *kind = adw_combo_row_get_selected (d->kind) == 1 ? "extra" : "leave";
  SettingsWrite *w;

  if (!whole && (from < 0 || to < 0))
    {
      dialog_error (d->message, _("Write the times like 08:00 and 12:00, or choose the whole day."));
      return;
    }
  w = settings_write_new (d->self, WRITE_ADD_EXCEPTION);
  w->dialog = d->dialog;
  w->message = d->message;
  w->reload = RELOAD_TECHNICIANS;
  w->id = w->expanded = d->technician_id;
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->date)));
  w->text2 = g_strdup (kind);
  w->from = from;
  w->to = to;
  w->text3 = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->note)));
  settings_write (d->self, w);
}

static void
whole_day_cb (GtkSwitch   *sw,
              GParamSpec  *pspec,
              LeaveDialog *d)
{
  gtk_widget_set_sensitive (GTK_WIDGET (d->from), !gtk_switch_get_active (sw));
  gtk_widget_set_sensitive (GTK_WIDGET (d->to), !gtk_switch_get_active (sw));
}

GtkWidget *
kefu_dispatch_settings_add_leave (KefuDispatchSettings *self,
                                  gint64                technician_id)
{
  LeaveDialog *d = g_new0 (LeaveDialog, 1);
  g_autofree char *tomorrow = today_string (self, 1);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *whole_row = adw_action_row_new ();
  GtkWidget *save;
  GtkListBox *list;

  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  d->self = self;
  d->technician_id = technician_id;
  d->dialog = small_dialog (self, _("Add Leave"), &save, &list, &d->message);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-leave-dialog", d, g_free);
  d->date = entry_row (_("Date (YYYY-MM-DD)"), tomorrow, "leave-date");
  d->kind = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_string_list_append (kinds, _("Leave"));
  gtk_string_list_append (kinds, _("Extra shift"));
  adw_combo_row_set_model (d->kind, G_LIST_MODEL (kinds));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->kind), _("Kind"));
  gtk_widget_set_name (GTK_WIDGET (d->kind), "leave-kind");
  d->whole_day = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (d->whole_day, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (d->whole_day), GTK_ALIGN_CENTER);
  gtk_widget_set_name (GTK_WIDGET (d->whole_day), "leave-whole-day");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (whole_row), _("Whole day"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (whole_row), GTK_WIDGET (d->whole_day));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (whole_row), GTK_WIDGET (d->whole_day));
  d->from = entry_row (_("From (HH:MM)"), "08:00", "leave-from");
  d->to = entry_row (_("To (HH:MM)"), "12:00", "leave-to");
  d->note = entry_row (_("Note"), NULL, "leave-note");
  g_signal_connect (d->whole_day, "notify::active", G_CALLBACK (whole_day_cb), d);
  whole_day_cb (d->whole_day, NULL, d);

  gtk_list_box_append (list, GTK_WIDGET (d->date));
  gtk_list_box_append (list, GTK_WIDGET (d->kind));
  gtk_list_box_append (list, whole_row);
  gtk_list_box_append (list, GTK_WIDGET (d->from));
  gtk_list_box_append (list, GTK_WIDGET (d->to));
  gtk_list_box_append (list, GTK_WIDGET (d->note));
  g_signal_connect (save, "clicked", G_CALLBACK (leave_save_cb), d);
  gtk_window_present (d->dialog);
  return GTK_WIDGET (d->dialog);
}

static void
add_leave_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_add_leave (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter));
}

static void
remove_exception_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  SettingsWrite *w = settings_write_new (self, WRITE_REMOVE_EXCEPTION);
  gint64 technician, exception;

  g_variant_get (parameter, "(xx)", &technician, &exception);
  self->expanded = technician;
  w->id = exception;
  w->expanded = technician;
  settings_write (self, w);
}

/* GObject ----------------------------------------------------------------- */

static void
kefu_dispatch_settings_dispose (GObject *object)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (object);

  g_clear_pointer (&self->rule_rows, g_ptr_array_unref);
  g_clear_pointer (&self->team_rows, g_ptr_array_unref);
  g_clear_pointer (&self->team_groups, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_dispatch_settings_parent_class)->dispose (object);
}

static void
kefu_dispatch_settings_class_init (KefuDispatchSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_dispatch_settings_dispose;
  gtk_widget_class_install_action (widget_class, "settings.add-rule", NULL, rule_add_cb);
  gtk_widget_class_install_action (widget_class, "settings.rule-edit", "x", rule_edit_cb);
  gtk_widget_class_install_action (widget_class, "settings.rule-up", "x", rule_up_cb);
  gtk_widget_class_install_action (widget_class, "settings.rule-down", "x", rule_down_cb);
  gtk_widget_class_install_action (widget_class, "settings.rule-active", "(xb)", rule_active_cb);
  gtk_widget_class_install_action (widget_class, "settings.rule-delete", "x", rule_delete_cb);
  gtk_widget_class_install_action (widget_class, "settings.add-team", NULL, team_add_cb);
  gtk_widget_class_install_action (widget_class, "settings.edit-team", "x", team_edit_cb);
  gtk_widget_class_install_action (widget_class, "settings.delete-team", "x", team_delete_cb);
  gtk_widget_class_install_action (widget_class, "settings.reinstate-team", "x", team_reinstate_cb);
  gtk_widget_class_install_action (widget_class, "settings.add-technician", NULL, add_technician_cb);
  gtk_widget_class_install_action (widget_class, "settings.technician-active", "(xb)", technician_active_cb);
  gtk_widget_class_install_action (widget_class, "settings.technician-teams", "x", pick_teams_cb);
  gtk_widget_class_install_action (widget_class, "settings.technician-skills", "x", pick_skills_cb);
  gtk_widget_class_install_action (widget_class, "settings.technician-buildings", "x", pick_buildings_cb);
  gtk_widget_class_install_action (widget_class, "settings.add-shift", "x", add_shift_cb);
  gtk_widget_class_install_action (widget_class, "settings.remove-shift", "(xx)", remove_shift_cb);
  gtk_widget_class_install_action (widget_class, "settings.swap-shift", "x", swap_shift_cb);
  gtk_widget_class_install_action (widget_class, "settings.add-leave", "x", add_leave_cb);
  gtk_widget_class_install_action (widget_class, "settings.remove-exception", "(xx)", remove_exception_cb);
}

static void
kefu_dispatch_settings_init (KefuDispatchSettings *self)
{
  GtkWidget *rules_page = adw_preferences_page_new ();
  GtkWidget *teams_page = adw_preferences_page_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Rule…"));
  GtkWidget *add_team = gtk_button_new_with_mnemonic (_("_Add Team…"));
  GtkWidget *add_technician = gtk_button_new_with_mnemonic (_("_Add Technician…"));

  self->rule_rows = g_ptr_array_new ();
  self->team_rows = g_ptr_array_new ();
  self->team_groups = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Dispatch Settings"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 640);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (rules_page), _("Rules"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (rules_page), "view-list-symbolic");
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (rules_page), "rules");
  self->rules_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->rules_group, _("Automatic dispatch rules"));
  adw_preferences_group_set_description (self->rules_group,
                                         _("Tried from the top; the first active rule that matches and whose team has someone on shift wins."));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "settings.add-rule");
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (self->rules_group, add);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (rules_page), self->rules_group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (rules_page));

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (teams_page), _("Teams"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (teams_page), "system-users-symbolic");
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (teams_page), "teams");
  self->teams_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->teams_group, _("Teams"));
  adw_preferences_group_set_description (self->teams_group,
                                         _("The ticket sub-types each team covers. Outside contractors (外包服务商) are scored every month."));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_team), "settings.add-team");
  gtk_widget_set_valign (add_team, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (self->teams_group, add_team);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (teams_page), self->teams_group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (teams_page));

  self->technicians_page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (self->technicians_page, _("Technicians"));
  adw_preferences_page_set_icon_name (self->technicians_page, "avatar-default-symbolic");
  adw_preferences_page_set_name (self->technicians_page, "technicians");
  self->technicians_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->technicians_group, _("Technicians"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_technician), "settings.add-technician");
  gtk_widget_set_valign (add_technician, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (self->technicians_group, add_technician);
  adw_preferences_page_add (self->technicians_page, self->technicians_group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), self->technicians_page);

  /* a change made on the window that meets another program's lock waits here */
  self->wait_bar = kefu_wait_bar_add_to_window (ADW_WINDOW (self));
  g_signal_connect (self, "close-request", G_CALLBACK (settings_close_request_cb), NULL);
}

GtkWidget *
kefu_dispatch_settings_new (KefuStore *store)
{
  KefuDispatchSettings *self = g_object_new (KEFU_TYPE_DISPATCH_SETTINGS, NULL);

  self->store = g_object_ref (store);
  load_rules (self);
  load_teams (self);
  load_technicians (self);
  return GTK_WIDGET (self);
}
