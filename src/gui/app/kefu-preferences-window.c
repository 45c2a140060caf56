/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-preferences-window.c — the service center's settings
 *
 * Kept in the database (table settings), so every desk shares them. Only
 * roles that may configure the center can change them; others see them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-application.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-backup.h"
#include "kefu-backup-runner.h"
#include "kefu-calendar-store.h"
#include "kefu-enums.h"
#include "kefu-loader.h"
#include "kefu-preferences-window.h"
#include "kefu-progress-bar.h"
#include "kefu-server.h"
#include "kefu-sla.h"
#include "kefu-store-watch.h"
#include "kefu-window.h"
#include "kefu-write.h"

struct _KefuPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  KefuStore            *store;

  AdwEntryRow          *emotion_row;
  GtkSpinButton        *days_spin;
  AdwPreferencesGroup  *intake_group;
  AdwPreferencesGroup  *desk_group;
  GtkSpinButton        *idle_spin;
  AdwPreferencesGroup  *policies_group;
  AdwPreferencesGroup  *calendars_group;
  AdwPreferencesGroup  *backup_group;
  AdwActionRow         *folder_row;
  GtkWidget            *folder_button;
  GtkSpinButton        *budget_spin;
  AdwActionRow         *now_row;
  GtkWidget            *backup_button;
  GtkProgressBar       *backup_progress;
  AdwPreferencesGroup  *server_backup_group;
  AdwActionRow         *offline_copy_row;
  GtkProgressBar       *offline_copy_progress;
  GtkWidget            *offline_copy_button;
  KefuLoader           *offline_copy;  /* the copy under way (#20) */
  AdwPreferencesGroup  *backups_group;
  gboolean              may;
  gboolean              may_backups;
  gboolean              restoring;
  GPtrArray            *policy_rows;   /* GtkWidget, removed on reload */
  GPtrArray            *calendar_rows;
  GPtrArray            *backup_rows;
  KefuBackupRunner     *runner;        /* the window's, or our own */
  KefuWaitBar          *wait_bar;      /* a save waiting for another program's lock */
  char                 *shown_words;   /* the emotion words as last read */
  int                   shown_days;    /* the related days as last read */
};

static void load_policies (KefuPreferencesWindow *self);
static void load_calendars (KefuPreferencesWindow *self);
static void load_backups (KefuPreferencesWindow *self);

G_DEFINE_FINAL_TYPE (KefuPreferencesWindow, kefu_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
report (KefuPreferencesWindow *self,
        gboolean               ok,
        const GError          *error)
{
  if (!ok && error != NULL)
    {
      AdwToast *t = adw_toast_new (error->message);

      adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
    }
}

/* Saves --------------------------------------------------------------------
 *
 * Every change goes through kefu_write_run() with the window's wait bar:
 * when another program holds the lock the window stays, read-only, with
 * what was typed, says so and tries again; Stop Waiting (or closing the
 * window) leaves it as it was, nothing saved. Each save is one transaction
 * of the core. What is saved is taken when the change is made. */

typedef enum {
  PREF_EMOTION_WORDS,
  PREF_RELATED_DAYS,
  PREF_POLICY,
  PREF_HOLIDAYS,
  PREF_BACKUP_BUDGET,
  PREF_BACKUP_FOLDER,
} PrefKind;

typedef struct {
  KefuPreferencesWindow *self;     /* not a reference: the wait bar is the window's */
  PrefKind               kind;
  char                  *text;     /* the words, the calendar's name, the folder */
  gint64                 number;   /* the days, the megabytes */
  KefuSlaPolicy          policy;   /* its name and calendar owned */
  GArray                *days;     /* the holidays read from the file */
  guint                  years;
} PrefWrite;

static PrefWrite *
pref_write_new (KefuPreferencesWindow *self,
                PrefKind               kind)
{
  PrefWrite *w = g_new0 (PrefWrite, 1);

  w->self = self;
  w->kind = kind;
  return w;
}

static void
pref_write_free (PrefWrite *w)
{
  g_free (w->text);
  g_free (w->policy.name);
  g_free (w->policy.calendar);
  g_clear_pointer (&w->days, g_array_unref);
  g_free (w);
}

static gboolean
pref_write_cb (KefuStore  *store,
               gpointer    data,
               GError    **error)
{
  PrefWrite *w = data;

  switch (w->kind)
    {
    case PREF_EMOTION_WORDS: return kefu_intake_set_emotion_words (store, w->text, error);
    case PREF_RELATED_DAYS:  return kefu_intake_set_related_days (store, (int) w->number, error);
    case PREF_POLICY:        return kefu_sla_save_policy (store, &w->policy, error) > 0;
    case PREF_HOLIDAYS:      return kefu_calendar_store_import (store, w->text, NULL, w->days, &w->years, error);
    case PREF_BACKUP_BUDGET: return kefu_backup_set_budget (store, w->number, error);
    case PREF_BACKUP_FOLDER:
    default:                 return kefu_backup_set_folder (store, w->text, error);
    }
}

static void
toast (KefuPreferencesWindow *self,
       const char            *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static void
pref_done_cb (KefuWriteOutcome  outcome,
              const GError     *error,
              gpointer          data)
{
  PrefWrite *w = data;
  KefuPreferencesWindow *self = w->self;

  if (outcome == KEFU_WRITE_FAILED)
    /* at once, in front of any other toast */
    report (self, FALSE, error);
  if (outcome == KEFU_WRITE_STOPPED)
    {
      /* nothing saved; what was typed stays, and Apply shows again */
      if (w->kind == PREF_EMOTION_WORDS)
        {
          g_autofree char *typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->emotion_row)));

          gtk_editable_set_text (GTK_EDITABLE (self->emotion_row), "");
          gtk_editable_set_text (GTK_EDITABLE (self->emotion_row), typed);
        }
      return;
    }
  switch (w->kind)
    {
    case PREF_EMOTION_WORDS:
      if (outcome == KEFU_WRITE_DONE)
        {
          /* as the core keeps them: blanks dropped, one separator */
          g_autofree char *words = kefu_intake_get_emotion_words (self->store);

          gtk_editable_set_text (GTK_EDITABLE (self->emotion_row), words);
          g_free (self->shown_words);
          self->shown_words = g_steal_pointer (&words);
        }
      break;
    case PREF_POLICY:
      if (outcome == KEFU_WRITE_DONE)
        {
          toast (self, _("Saved: new tickets get these targets; open ones keep theirs."));
          load_policies (self);
        }
      break;
    case PREF_HOLIDAYS:
      if (outcome == KEFU_WRITE_DONE)
        {
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u day off or make-up day",
                                                                "Imported %u days off and make-up days", w->days->len),
                                                   w->days->len);
          toast (self, text);
          load_calendars (self);
        }
      break;
    case PREF_BACKUP_FOLDER:
      if (outcome == KEFU_WRITE_DONE)
        {
          g_autofree char *text = g_strdup_printf (_("Backups now go to %s"), w->text);
          toast (self, text);
        }
      load_backups (self);
      break;
    case PREF_RELATED_DAYS:
    case PREF_BACKUP_BUDGET:
    default:
      break;
    }
}

/* Saves @w now, or once another program lets go of the database. */
static void
pref_write (KefuPreferencesWindow *self,
            PrefWrite             *w)
{
  kefu_write_run (self->store, self->wait_bar, pref_write_cb, pref_done_cb, w, (GDestroyNotify) pref_write_free);
}

/* Closing the window while a save waits stops the wait, as Stop Waiting
 * does; the window stays with what was typed. */
static gboolean
close_request_cb (KefuPreferencesWindow *self)
{
  if (self->wait_bar == NULL || !kefu_wait_bar_is_waiting (self->wait_bar))
    return FALSE;
  kefu_wait_bar_stop (self->wait_bar);
  return TRUE;
}

gboolean
kefu_preferences_window_is_waiting (KefuPreferencesWindow *self)
{
  g_return_val_if_fail (KEFU_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->wait_bar != NULL && kefu_wait_bar_is_waiting (self->wait_bar);
}

static void
emotion_applied_cb (KefuPreferencesWindow *self,
                    AdwEntryRow           *row)
{
  PrefWrite *w = pref_write_new (self, PREF_EMOTION_WORDS);

  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_free (self->shown_words);
  self->shown_words = g_strdup (w->text);
  pref_write (self, w);
}

static void
days_changed_cb (KefuPreferencesWindow *self,
                 GtkSpinButton         *spin)
{
  PrefWrite *w = pref_write_new (self, PREF_RELATED_DAYS);

  w->number = gtk_spin_button_get_value_as_int (spin);
  self->shown_days = (int) w->number;
  pref_write (self, w);
}

/* Policies ------------------------------------------------------------------ */

typedef struct {
  KefuPreferencesWindow *self;
  KefuSlaPolicy          policy;     /* strings borrowed from the row's data */
  GtkSpinButton         *spins[KEFU_N_POLICY_CLOCKS];
  AdwComboRow           *calendar;
  GStrv                  calendars;
} PolicyEdit;

static void
policy_edit_free (PolicyEdit *e)
{
  g_free (e->policy.name);
  g_free (e->policy.calendar);
  g_strfreev (e->calendars);
  g_free (e);
}

static void
save_policy_cb (GtkButton  *button,
                PolicyEdit *e)
{
  guint cal = adw_combo_row_get_selected (e->calendar);
  PrefWrite *w = pref_write_new (e->self, PREF_POLICY);

  for (KefuClock k = 0; k < KEFU_N_POLICY_CLOCKS; k++)
    e->policy.minutes[k] = gtk_spin_button_get_value_as_int (e->spins[k]);
  g_free (e->policy.calendar);
  e->policy.calendar = g_strdup (cal < g_strv_length (e->calendars) ? e->calendars[cal] : NULL);
  /* what is saved is what was shown when Save was pressed */
  w->policy = e->policy;
  w->policy.name = g_strdup (e->policy.name);
  w->policy.calendar = g_strdup (e->policy.calendar);
  pref_write (e->self, w);
}

static char *
policy_scope (const KefuSlaPolicy *p)
{
  GString *s = g_string_new (NULL);

  if (p->level > 0)
    {
      g_autofree char *code = g_strdup_printf ("%d", p->level);
      g_string_append (s, kefu_code_label (KEFU_CODES_LEVEL, code));
    }
  else
    g_string_append (s, _("Any level"));
  g_string_append_printf (s, " · %s", p->kind != NULL ? kefu_code_label (KEFU_CODES_KIND, p->kind) : _("any kind"));
  g_string_append_printf (s, " · %s", p->channel != NULL ? kefu_code_label (KEFU_CODES_CHANNEL, p->channel) : _("any channel"));
  return g_string_free (s, FALSE);
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
load_policies (KefuPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) policies = kefu_sla_list_policies (self->store, &error);
  g_auto(GStrv) calendars = kefu_sla_list_calendars (self->store, NULL);

  clear_rows (self->policies_group, self->policy_rows);
  for (guint i = 0; policies != NULL && i < policies->len; i++)
    {
      KefuSlaPolicy *p = policies->pdata[i];
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *scope = policy_scope (p);
      PolicyEdit *e = g_new0 (PolicyEdit, 1);
      g_autoptr(GtkStringList) cal_names = gtk_string_list_new ((const char * const *) calendars);
      GtkWidget *save_row = adw_action_row_new ();
      GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save Policy"));

      e->self = self;
      e->policy = *p;
      e->policy.name = g_strdup (p->name);
      e->policy.calendar = g_strdup (p->calendar);
      e->policy.kind = e->policy.channel = NULL;   /* the scope is kept by the store */
      e->calendars = g_strdupv (calendars);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), p->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), scope);
      for (KefuClock k = 0; k < KEFU_N_POLICY_CLOCKS; k++)
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *spin = gtk_spin_button_new_with_range (0, 60 * 24 * 60, 1);
          g_autofree char *title = g_strdup (kefu_clock_label (k));

          title[0] = g_ascii_toupper (title[0]);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Minutes; 0 for no target"));
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), p->minutes[k]);
          gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
          gtk_widget_set_sensitive (spin, self->may);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
          e->spins[k] = GTK_SPIN_BUTTON (spin);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }
      e->calendar = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (e->calendar), _("Calendar"));
      adw_combo_row_set_model (e->calendar, G_LIST_MODEL (cal_names));
      for (guint c = 0; calendars != NULL && calendars[c] != NULL; c++)
        if (g_strcmp0 (calendars[c], p->calendar) == 0)
          adw_combo_row_set_selected (e->calendar, c);
      gtk_widget_set_sensitive (GTK_WIDGET (e->calendar), self->may);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (e->calendar));

      gtk_widget_add_css_class (save, "suggested-action");
      gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (save, self->may);
      /* the policy's edit lives as long as its Save button */
      g_signal_connect_data (save, "clicked", G_CALLBACK (save_policy_cb), e,
                             (GClosureNotify) (void (*) (void)) policy_edit_free, 0);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (save_row), _("Changes apply to new tickets"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (save_row), save);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), save_row);

      adw_preferences_group_add (self->policies_group, expander);
      g_ptr_array_add (self->policy_rows, expander);
    }
  if (error != NULL)
    report (self, FALSE, error);
}

/* Calendars ----------------------------------------------------------------- */

static GtkWidget *
year_view (KefuStore  *store,
           const char *name,
           int         year)
{
  g_autoptr(GArray) days = kefu_calendar_store_days (store, name, year, NULL);
  g_autoptr(GHashTable) marks = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      KefuHoliday *h = &g_array_index (days, KefuHoliday, i);
      g_hash_table_insert (marks, h->date, GINT_TO_POINTER (h->off_day ? 1 : 2));
    }
  for (int m = 1; m <= 12; m++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *month = gtk_grid_new ();
      g_autoptr(GDateTime) first = g_date_time_new_local (year, m, 1, 0, 0, 0);
      g_autofree char *title = g_date_time_format (first, "%B");
      GtkWidget *heading = gtk_label_new (title);
      int offset = g_date_time_get_day_of_week (first) - 1;
      int n = g_date_get_days_in_month (m, year);

      gtk_widget_add_css_class (heading, "heading");
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_box_append (GTK_BOX (box), heading);
      gtk_grid_set_column_homogeneous (GTK_GRID (month), TRUE);
      gtk_grid_set_column_spacing (GTK_GRID (month), 2);
      gtk_grid_set_row_spacing (GTK_GRID (month), 2);
      for (int d = 1; d <= n; d++)
        {
          char key[11], text[4];
          GtkWidget *cell;
          int mark, pos = offset + d - 1;

          g_snprintf (key, sizeof key, "%04d-%02d-%02d", year, m, d);
          g_snprintf (text, sizeof text, "%d", d);
          cell = gtk_label_new (text);
          gtk_widget_add_css_class (cell, "numeric");
          gtk_widget_add_css_class (cell, "status-badge");
          mark = GPOINTER_TO_INT (g_hash_table_lookup (marks, key));
          if (mark == 1)
            gtk_widget_add_css_class (cell, "sla-breached");
          else if (mark == 2)
            gtk_widget_add_css_class (cell, "sla-warning");
          else if (pos % 7 >= 5)
            gtk_widget_add_css_class (cell, "dim-label");
          gtk_grid_attach (GTK_GRID (month), cell, pos % 7, pos / 7, 1, 1);
        }
      gtk_box_append (GTK_BOX (box), month);
      gtk_grid_attach (GTK_GRID (grid), box, (m - 1) % 4, (m - 1) / 4, 1, 1);
    }
  return grid;
}

/* prefs.show-year: @parameter is the calendar's name */
static void
show_year_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KefuPreferencesWindow *self = KEFU_PREFERENCES_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (self->store));
  int year = g_date_time_get_year (now);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *legend = gtk_label_new (NULL);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  g_autofree char *title = g_strdup_printf (_("%s, %d"), name, year);
  g_autofree char *hours = kefu_calendar_store_hours (self->store, name, NULL);
  g_autofree char *text = g_strdup_printf (_("Hours: %s. Red: day off; yellow: make-up working day."),
                                           hours != NULL ? hours : _("around the clock"));

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  gtk_label_set_wrap (GTK_LABEL (legend), TRUE);
  gtk_label_set_xalign (GTK_LABEL (legend), 0);
  gtk_label_set_text (GTK_LABEL (legend), text);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_box_append (GTK_BOX (content), legend);
  gtk_box_append (GTK_BOX (content), year_view (self->store, name, year));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), content);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (box), scroll);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

typedef struct {
  KefuPreferencesWindow *self;
  char                  *name;
} ImportTarget;

static void
import_target_free (ImportTarget *t)
{
  g_clear_object (&t->self);
  g_free (t->name);
  g_free (t);
}

/* A holiday file to read: the long part, off the GUI thread. */
typedef struct {
  char   *name;
  char   *path;
  GArray *days;   /* read */
} HolidaysJob;

static void
holidays_job_free (HolidaysJob *job)
{
  g_free (job->name);
  g_free (job->path);
  g_clear_pointer (&job->days, g_array_unref);
  g_free (job);
}

static gboolean
read_holidays_work (KefuStore     *unused,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  HolidaysJob *job = data;

  job->days = kefu_holidays_read (job->path, error);
  return job->days != NULL;
}

/* Read: the days are saved in one short transaction, waiting for the lock. */
static void
holidays_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  KefuPreferencesWindow *self = KEFU_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;
  HolidaysJob *job = kefu_loader_load_finish (result, holidays_read_cb, &error);

  if (self->store == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    ;
  else if (job == NULL)
    report (self, FALSE, error);
  else
    {
      PrefWrite *w = pref_write_new (self, PREF_HOLIDAYS);

      w->text = g_strdup (job->name);
      w->days = g_steal_pointer (&job->days);
      pref_write (self, w);
    }
  if (job != NULL)
    holidays_job_free (job);
}

void
kefu_preferences_window_import_holidays (KefuPreferencesWindow *self,
                                         const char            *calendar,
                                         const char            *path)
{
  HolidaysJob *job;

  g_return_if_fail (KEFU_IS_PREFERENCES_WINDOW (self));
  job = g_new0 (HolidaysJob, 1);
  job->name = g_strdup (calendar);
  job->path = g_strdup (path);
  kefu_loader_run_async (self, NULL, read_holidays_work, job, (GDestroyNotify) holidays_job_free,
                         holidays_read_cb, holidays_read_cb, NULL);
}

static void
holiday_file_cb (GtkNativeDialog *chooser,
                 int              response,
                 gpointer         data)
{
  ImportTarget *t = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        kefu_preferences_window_import_holidays (t->self, t->name, path);
    }
  gtk_native_dialog_destroy (chooser);
  import_target_free (t);
}

/* prefs.import-holidays: @parameter is the calendar's name */
static void
import_holidays_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KefuPreferencesWindow *self = KEFU_PREFERENCES_WINDOW (widget);
  ImportTarget *t = g_new0 (ImportTarget, 1);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  t->self = g_object_ref (self);
  t->name = g_variant_dup_string (parameter, NULL);
  chooser = gtk_file_chooser_native_new (_("Import Public Holidays"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("holiday-cn JSON or iCalendar"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (holiday_file_cb), t);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
load_calendars (KefuPreferencesWindow *self)
{
  g_auto(GStrv) names = kefu_sla_list_calendars (self->store, NULL);

  clear_rows (self->calendars_group, self->calendar_rows);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *year = gtk_button_new_with_label (_("Year View"));
      GtkWidget *import = gtk_button_new_with_label (_("Import Holidays…"));
      g_autofree char *hours = kefu_calendar_store_hours (self->store, names[i], NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hours != NULL ? hours : _("around the clock"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (import), "prefs.import-holidays");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (year), "prefs.show-year");
      for (GtkWidget **b = (GtkWidget *[]) { import, year, NULL }; *b != NULL; b++)
        {
          gtk_widget_set_valign (*b, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (*b), g_variant_new_string (names[i]));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), *b);
        }
      gtk_widget_set_sensitive (import, self->may && hours != NULL);
      adw_preferences_group_add (self->calendars_group, row);
      g_ptr_array_add (self->calendar_rows, row);
    }
}

/* Backups ------------------------------------------------------------------- */

static void
update_backup_buttons (KefuPreferencesWindow *self)
{
  gboolean busy = self->restoring || (self->runner != NULL && kefu_backup_runner_is_running (self->runner));

  gtk_widget_set_sensitive (self->backup_button, !busy && self->runner != NULL);
  gtk_widget_set_sensitive (self->folder_button, !busy && self->may_backups);
  gtk_widget_set_sensitive (GTK_WIDGET (self->budget_spin), self->may_backups);
  /* each backup's Restore… */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.restore-backup",
                                 !busy && self->may_backups &&
                                 KEFU_IS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (self))));
}

static void
load_backups (KefuPreferencesWindow *self)
{
  g_autofree char *folder = kefu_backup_get_folder (self->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = kefu_backup_list (folder, kefu_store_get_path (self->store), &error);

  adw_action_row_set_subtitle (self->folder_row, folder);
  clear_rows (self->backups_group, self->backup_rows);
  if (files == NULL)
    {
      report (self, FALSE, error);
      adw_action_row_set_subtitle (self->now_row, NULL);
    }
  else if (files->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No backups yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("The first one is made when Kefu starts, or now with Back Up Now."));
      adw_preferences_group_add (self->backups_group, row);
      g_ptr_array_add (self->backup_rows, row);
      adw_action_row_set_subtitle (self->now_row, _("No backup yet"));
    }
  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      KefuBackupFile *f = files->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *restore = gtk_button_new_with_mnemonic (_("_Restore…"));
      g_autofree char *when = kefu_format_time (f->time, "%Y-%m-%d %H:%M");
      g_autofree char *size = g_format_size (f->size);
      /* Translators: a backup's size and file name */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), size, f->name);

      if (i == 0)
        adw_action_row_set_subtitle (self->now_row, when);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (restore), "prefs.restore-backup");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (restore), "(ss)", f->path, when);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
      adw_preferences_group_add (self->backups_group, row);
      g_ptr_array_add (self->backup_rows, row);
    }
  if (self->runner != NULL && kefu_backup_runner_get_last_error (self->runner) != NULL)
    {
      g_autofree char *failed = g_strdup_printf (_("The last backup failed: %s"),
                                                 kefu_backup_runner_get_last_error (self->runner)->message);
      adw_action_row_set_subtitle (self->now_row, failed);
    }
  update_backup_buttons (self);
}

static void
backup_progress_cb (KefuPreferencesWindow *self,
                    double                 fraction,
                    const char            *message,
                    KefuBackupRunner      *runner)
{
  gtk_widget_set_visible (GTK_WIDGET (self->backup_progress), TRUE);
  gtk_progress_bar_set_fraction (self->backup_progress, fraction);
  gtk_progress_bar_set_text (self->backup_progress, message);
  update_backup_buttons (self);
}

static void
backup_finished_cb (KefuPreferencesWindow *self,
                    const char            *path,
                    const GError          *error,
                    gboolean               automatic,
                    KefuBackupRunner      *runner)
{
  gtk_widget_set_visible (GTK_WIDGET (self->backup_progress), FALSE);
  if (path != NULL)
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *text = g_strdup_printf (_("Backed up and checked: %s"), name);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report (self, FALSE, error);
  load_backups (self);
}

static void
back_up_now_cb (KefuPreferencesWindow *self,
                GtkButton             *button)
{
  if (self->runner == NULL)
    return;
  /* a backup under way (the automatic one) is shown instead */
  kefu_backup_runner_run (self->runner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->backup_progress), TRUE);
  update_backup_buttons (self);
}

static void
budget_changed_cb (KefuPreferencesWindow *self,
                   GtkSpinButton         *spin)
{
  PrefWrite *w = pref_write_new (self, PREF_BACKUP_BUDGET);

  w->number = (gint64) (gtk_spin_button_get_value (spin) * 1000 + 0.5);
  pref_write (self, w);
}

static void
folder_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         data)
{
  KefuPreferencesWindow *self = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL && self->store != NULL)
        {
          PrefWrite *w = pref_write_new (self, PREF_BACKUP_FOLDER);

          w->text = g_steal_pointer (&path);
          pref_write (self, w);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (self);
}

static void
change_folder_cb (KefuPreferencesWindow *self,
                  GtkButton             *button)
{
  GtkFileChooserNative *chooser;
  g_autofree char *folder = kefu_backup_get_folder (self->store);
  g_autoptr(GFile) current = g_file_new_for_path (folder);

  chooser = gtk_file_chooser_native_new (_("Folder for Backups"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), _("_Cancel"));
  if (g_file_query_exists (current, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), current, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct {
  char          *backup;
  char          *db_path;
  KefuBarTarget *bar;
  KefuRestore   *restore;   /* prepared and verified */
} RestoreJob;

static void
restore_job_free (RestoreJob *job)
{
  g_free (job->backup);
  g_free (job->db_path);
  kefu_bar_target_free (job->bar);
  kefu_restore_free (job->restore);
  g_free (job);
}

static gboolean
prepare_work (KefuStore     *unused,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  RestoreJob *job = data;

  job->restore = kefu_restore_prepare (job->backup, job->db_path, kefu_bar_progress_cb, job->bar,
                                       cancellable, error);
  return job->restore != NULL;
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  KefuPreferencesWindow *self = KEFU_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;
  RestoreJob *job = kefu_loader_load_finish (result, prepared_cb, &error);
  KefuRestore *restore = job != NULL ? g_steal_pointer (&job->restore) : NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (job != NULL)
    restore_job_free (job);
  self->restoring = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->backup_progress), FALSE);
  if (restore == NULL || !KEFU_IS_WINDOW (parent) || gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      kefu_restore_free (restore);
      report (self, FALSE, error);
      update_backup_buttons (self);
      return;
    }
  /* checked: this window and the main one close; a new one reopens the database */
  g_object_ref (parent);
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
  kefu_window_restore (KEFU_WINDOW (parent), restore);
  g_object_unref (parent);
}

/* @backup: the backup's path; the dialog is the window's */
static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     const char       *backup)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  KefuPreferencesWindow *self;
  RestoreJob *job;

  if (g_strcmp0 (response, "restore") != 0 || !KEFU_IS_PREFERENCES_WINDOW (parent))
    return;
  self = KEFU_PREFERENCES_WINDOW (parent);
  if (self->restoring)
    return;
  job = g_new0 (RestoreJob, 1);
  job->backup = g_strdup (backup);
  job->db_path = g_strdup (kefu_store_get_path (self->store));
  job->bar = kefu_bar_target_new (self->backup_progress);
  self->restoring = TRUE;
  gtk_progress_bar_set_fraction (self->backup_progress, 0);
  gtk_progress_bar_set_text (self->backup_progress, _("Checking the backup"));
  gtk_widget_set_visible (GTK_WIDGET (self->backup_progress), TRUE);
  update_backup_buttons (self);
  kefu_loader_run_async (self, NULL, prepare_work, job, (GDestroyNotify) restore_job_free,
                         prepared_cb, prepared_cb, NULL);
}

/* prefs.restore-backup: @parameter is the backup's path and when it was made */
static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KefuPreferencesWindow *self = KEFU_PREFERENCES_WINDOW (widget);
  const char *backup, *when;
  g_autofree char *db_name = g_path_get_basename (kefu_store_get_path (self->store));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_variant_get (parameter, "(&s&s)", &backup, &when);
  body = g_strdup_printf (_("The database will be replaced by the backup made on %s.\n\n"
                            "The data as it is now is not lost: it is kept beside the database "
                            "as “%s.before-restore-…”.\n\n"
                            "Kefu checks the backup first, then closes its windows and "
                            "reopens the database; everyone signs in again."),
                          when, db_name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore This Backup?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (restore_response_cb), g_strdup (backup),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* On a server (#20) ------------------------------------------------------- */

typedef struct {
  char          *path;
  KefuBarTarget *bar;
} CopyJob;

static void
copy_job_free (CopyJob *job)
{
  g_free (job->path);
  kefu_bar_target_free (job->bar);
  g_free (job);
}

/* (on the loader's connection as the signed-in person) */
static gboolean
offline_copy_thread (KefuStore     *server,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  CopyJob *job = data;

  return kefu_server_copy_store_to_file (server, job->path, kefu_bar_progress_cb, job->bar, error);
}

static void save_offline_copy_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);

static void
offline_copy_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  KefuPreferencesWindow *self = KEFU_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;
  CopyJob *job = kefu_loader_load_finish (result, save_offline_copy_action, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->offline_copy_progress), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.save-offline-copy", TRUE);
  if (job != NULL)
    {
      g_autofree char *name = g_path_get_basename (job->path);

      /* Translators: %s is a file name */
      text = g_strdup_printf (_("Offline copy saved as “%s”. Open it with Open Database…: it opens read-only."), name);
      copy_job_free (job);
    }
  else
    {
      text = g_strdup_printf (_("The offline copy was not saved: %s"), error->message);
      g_message ("%s", text);
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static void
offline_copy_file_cb (GtkNativeDialog *chooser,
                      int              response,
                      gpointer         user_data)
{
  g_autoptr(KefuPreferencesWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  CopyJob *job;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  if (file == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  job = g_new0 (CopyJob, 1);
  job->path = g_file_get_path (file);
  job->bar = kefu_bar_target_new (self->offline_copy_progress);
  /* a copy is a new file: the one chosen is replaced only by asking
   * the chooser, and the copy refuses an existing one */
  gtk_progress_bar_set_fraction (self->offline_copy_progress, 0);
  gtk_progress_bar_set_text (self->offline_copy_progress, _("Copying from the server…"));
  gtk_widget_set_visible (GTK_WIDGET (self->offline_copy_progress), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.save-offline-copy", FALSE);
  kefu_loader_load_async (self->offline_copy, self, self->store, offline_copy_thread, job,
                          (GDestroyNotify) copy_job_free, save_offline_copy_action, offline_copy_done_cb, NULL);
}

static void
save_offline_copy_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  KefuPreferencesWindow *self = KEFU_PREFERENCES_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (self->store));
  g_autofree char *day = now != NULL ? g_date_time_format (now, "%Y-%m-%d") : g_strdup ("copy");
  /* Translators: a file name; %s is the day, e.g. 2026-12-07 */
  g_autofree char *name = g_strdup_printf (_("kefu-offline-%s.db"), day);

  chooser = gtk_file_chooser_native_new (_("Save an Offline Copy"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Kefu databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (offline_copy_file_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A server is backed up where it runs, by its administrator with
 * PostgreSQL's own tools (README ▸ Many desks): the page says so, and
 * offers the offline copy instead of a desk's backups. */
static void
setup_server_backups (KefuPreferencesWindow *self)
{
  g_autofree char *text = g_strdup_printf (
      _("This desk works on the service center’s database server “%s”. The server is backed up where it runs, "
        "by its administrator, with PostgreSQL’s own tools (a nightly pg_dump, or pg_basebackup with the "
        "write-ahead log archived, for a restore to any moment); this computer keeps no backups of it, and "
        "nothing here is needed for them. Ask the administrator when the last backup was checked by a restore."),
      kefu_store_get_path (self->store));

  adw_preferences_group_set_description (self->server_backup_group, text);
  gtk_widget_set_visible (GTK_WIDGET (self->server_backup_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->backup_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->backups_group), FALSE);
}

static void
setup_backups (KefuPreferencesWindow *self,
               GtkWindow             *parent,
               KefuStore             *store)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.save-offline-copy", kefu_store_is_server (store));
  if (kefu_store_is_server (store))
    {
      setup_server_backups (self);
      return;
    }
  if (KEFU_IS_WINDOW (parent))
    self->runner = g_object_ref (kefu_window_get_backups (KEFU_WINDOW (parent)));
  else
    {
      self->runner = kefu_backup_runner_new ();
      kefu_backup_runner_set_store (self->runner, store);
    }
  g_signal_connect_object (self->runner, "progress", G_CALLBACK (backup_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runner, "finished", G_CALLBACK (backup_finished_cb), self, G_CONNECT_SWAPPED);
  if (kefu_backup_runner_is_running (self->runner))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->backup_progress), TRUE);
      gtk_progress_bar_set_fraction (self->backup_progress, kefu_backup_runner_get_fraction (self->runner));
    }
  g_signal_handlers_block_by_func (self->budget_spin, budget_changed_cb, self);
  gtk_spin_button_set_value (self->budget_spin, kefu_backup_get_budget (store) / 1e9);
  g_signal_handlers_unblock_by_func (self->budget_spin, budget_changed_cb, self);
  if (!self->may_backups)
    adw_preferences_group_set_description (self->backup_group,
                                           _("Kefu backs up the database when it starts and every day while it runs, "
                                             "and checks each copy. Only administrators may change the folder or the "
                                             "space, or restore a backup."));
  load_backups (self);
}

/* Live ----------------------------------------------------------------------- */

/* Another desk changed the center's settings (#20: the store watch's
 * "settings", coalesced): what the window shows is read anew, but never
 * what is being edited here. The policies wait while one is expanded (its
 * Save reads them all anew); the emotion words and the related days are
 * replaced only while they still show what was last read. */
static void
live_changed_cb (KefuPreferencesWindow  *self,
                 char                  **topics)
{
  gboolean editing = FALSE;

  if (!g_strv_contains ((const char * const *) topics, "settings") || self->store == NULL)
    return;
  for (guint i = 0; i < self->policy_rows->len; i++)
    editing |= adw_expander_row_get_expanded (self->policy_rows->pdata[i]);
  if (!editing)
    load_policies (self);
  load_calendars (self);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->emotion_row)), self->shown_words) == 0)
    {
      g_free (self->shown_words);
      self->shown_words = kefu_intake_get_emotion_words (self->store);
      gtk_editable_set_text (GTK_EDITABLE (self->emotion_row), self->shown_words);
    }
  if (gtk_spin_button_get_value_as_int (self->days_spin) == self->shown_days)
    {
      self->shown_days = kefu_intake_get_related_days (self->store);
      g_signal_handlers_block_by_func (self->days_spin, days_changed_cb, self);
      gtk_spin_button_set_value (self->days_spin, self->shown_days);
      g_signal_handlers_unblock_by_func (self->days_spin, days_changed_cb, self);
    }
}

void
kefu_preferences_window_follow (KefuPreferencesWindow *self,
                                KefuStoreWatch        *watch)
{
  g_return_if_fail (KEFU_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (KEFU_IS_STORE_WATCH (watch));
  g_signal_connect_object (watch, "changed", G_CALLBACK (live_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
kefu_preferences_window_dispose (GObject *object)
{
  g_clear_pointer (&KEFU_PREFERENCES_WINDOW (object)->backup_rows, g_ptr_array_unref);
  g_clear_object (&KEFU_PREFERENCES_WINDOW (object)->runner);
  if (KEFU_PREFERENCES_WINDOW (object)->offline_copy != NULL)
    kefu_loader_cancel (KEFU_PREFERENCES_WINDOW (object)->offline_copy);
  g_clear_object (&KEFU_PREFERENCES_WINDOW (object)->offline_copy);
  g_clear_pointer (&KEFU_PREFERENCES_WINDOW (object)->policy_rows, g_ptr_array_unref);
  g_clear_pointer (&KEFU_PREFERENCES_WINDOW (object)->calendar_rows, g_ptr_array_unref);
  g_clear_object (&KEFU_PREFERENCES_WINDOW (object)->store);
  g_clear_pointer (&KEFU_PREFERENCES_WINDOW (object)->shown_words, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (kefu_preferences_window_parent_class)->dispose (object);
}

static void
kefu_preferences_window_class_init (KefuPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, emotion_row);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, days_spin);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, intake_group);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, desk_group);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, policies_group);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, calendars_group);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, backup_group);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, folder_button);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, budget_spin);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, now_row);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, backup_button);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, backup_progress);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, backups_group);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, server_backup_group);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, offline_copy_row);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, offline_copy_progress);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, offline_copy_button);
  gtk_widget_class_bind_template_callback (widget_class, emotion_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, days_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, budget_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_up_now_cb);
  gtk_widget_class_install_action (widget_class, "prefs.show-year", "s", show_year_action);
  gtk_widget_class_install_action (widget_class, "prefs.import-holidays", "s", import_holidays_action);
  gtk_widget_class_install_action (widget_class, "prefs.restore-backup", "(ss)", restore_backup_action);
  gtk_widget_class_install_action (widget_class, "prefs.save-offline-copy", NULL, save_offline_copy_action);
}

static void
kefu_preferences_window_init (KefuPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->wait_bar = kefu_wait_bar_add_to_window (ADW_WINDOW (self));
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  self->policy_rows = g_ptr_array_new ();
  self->calendar_rows = g_ptr_array_new ();
  self->backup_rows = g_ptr_array_new ();
  self->offline_copy = kefu_loader_new ();
}

KefuPreferencesWindow *
kefu_preferences_window_new (GtkWindow *parent,
                             KefuStore *store,
                             KefuUser  *user)
{
  KefuPreferencesWindow *self = g_object_new (KEFU_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  g_autofree char *words = kefu_intake_get_emotion_words (store);
  gboolean may = kefu_user_can (user, KEFU_PERMISSION_EDIT_SLA);

  self->store = g_object_ref (store);
  self->shown_days = kefu_intake_get_related_days (store);
  g_signal_handlers_block_by_func (self->days_spin, days_changed_cb, self);
  gtk_spin_button_set_value (self->days_spin, self->shown_days);
  g_signal_handlers_unblock_by_func (self->days_spin, days_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->emotion_row), words);
  self->shown_words = g_strdup (words);
  gtk_widget_set_sensitive (GTK_WIDGET (self->emotion_row), may);
  gtk_widget_set_sensitive (GTK_WIDGET (self->days_spin), may);
  if (!may)
    adw_preferences_group_set_description (self->intake_group,
                                           _("Only supervisors, managers and administrators may change these."));
  self->may = may;
  self->may_backups = kefu_user_can (user, KEFU_PERMISSION_MANAGE_BACKUPS);
  /* the idle lock: this computer's (GSettings), set by those who set the rules */
  {
    GtkApplication *app = parent != NULL ? gtk_window_get_application (parent) : NULL;
    GSettings *settings = KEFU_IS_APPLICATION (app) ? kefu_application_get_settings (KEFU_APPLICATION (app)) : NULL;

    if (settings != NULL)
      g_settings_bind (settings, "idle-lock-minutes", gtk_spin_button_get_adjustment (self->idle_spin), "value",
                       G_SETTINGS_BIND_DEFAULT);
    gtk_widget_set_visible (GTK_WIDGET (self->desk_group), settings != NULL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->idle_spin), may);
  }
  load_policies (self);
  load_calendars (self);
  setup_backups (self, parent, store);
  return self;
}
