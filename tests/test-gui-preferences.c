/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-preferences.c — the window as a user drives it, under Xvfb:
 * preferences: service levels, the write lock, backups
 *
 * Runs once in English and once in zh_CN (see meson.build) and leaves a
 * screenshot of every page in $KEFU_SCREENSHOT_DIR (or _build/screenshots).
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "kefu-test-locks.h"
#include "kefu-test-mock.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-window.h"

static GtkWidget *
find_expander_titled (GtkWidget  *widget,
                      const char *prefix)
{
  if (ADW_IS_EXPANDER_ROW (widget) &&
      g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), prefix))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_expander_titled (c, prefix);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A supervisor changes the level-2 response target; an agent only sees it. */
static void
test_preferences_service_levels (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *json = g_test_build_filename (G_TEST_DIST, "data", "2025.json", NULL);
  g_autoptr(GArray) days = kefu_holidays_read (json, NULL);   /* tests/data, through G_TEST_SRCDIR */
  g_autoptr(GError) error = NULL;
  GtkWidget *prefs, *level2, *spin, *save, *year;
  gint64 versions;

  g_assert_nonnull (days);
  open_window (f);
  sign_in (f, "xuqiang");
  g_assert_true (kefu_calendar_store_import (kefu_window_get_store (f->window), "工作日", NULL, days, NULL, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), NULL);
  level2 = find_expander_titled (prefs, "二级响应");
  g_assert_nonnull (level2);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (level2), TRUE);
  spin = find_descendant (level2, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_true (gtk_widget_is_sensitive (spin));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 3);
  save = find_descendant (level2, GTK_TYPE_BUTTON, _("_Save Policy"));
  g_assert_nonnull (save);
  versions = kefu_store_count_rows (kefu_window_get_store (f->window), "sla_policies", &error);
  g_signal_emit_by_name (save, "clicked");
  g_assert_cmpint (kefu_store_count_rows (kefu_window_get_store (f->window), "sla_policies", &error), ==, versions + 1);
  save_screenshot (prefs, "preferences-service-levels");

  year = find_descendant (prefs, GTK_TYPE_BUTTON, _("Year View"));
  g_assert_nonnull (year);
  g_signal_emit_by_name (year, "clicked");
  wait_ms (100);
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* an agent sees the targets but cannot change them */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-user", NULL));
  sign_in (f, "chenjing");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  level2 = find_expander_titled (prefs, "二级响应");
  spin = find_descendant (level2, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_false (gtk_widget_is_sensitive (spin));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 3);
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* One text from a query, through a connection of its own */
static char *
db_text (const char *path,
         const char *sql)
{
  return kefu_test_other_text (path, sql);
}

static gboolean
preferences_not_waiting (gpointer data)
{
  return !kefu_preferences_window_is_waiting (data);
}

/* Preferences: a change that meets another program's write lock keeps the
 * window and what was typed, says it waits and tries again; Stop Waiting
 * or closing the window leave it as it was with nothing saved; once the
 * lock is let go it is saved, once. */
static void
test_preferences_wait_for_lock (Fixture       *f,
                                gconstpointer  data)
{
  static const char *typed = "太离谱， 物业经理、曝光";
  g_autofree char *words_before = NULL;
  GtkWidget *prefs, *row, *bar, *level2, *spin, *save;
  KefuStore *other;
  gint64 audits_before, versions;

  open_window (f);
  sign_in (f, "xuqiang");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), NULL);
  bar = find_descendant (prefs, KEFU_TYPE_WAIT_BAR, NULL);
  g_assert_nonnull (bar);
  g_assert_false (gtk_widget_get_visible (bar));
  row = child (prefs, KEFU_TYPE_PREFERENCES_WINDOW, "emotion_row");
  g_assert_true (gtk_widget_is_sensitive (row));
  words_before = db_text (f->path, "SELECT value FROM settings WHERE key = 'emotion_words'");
  audits_before = kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE detail = 'key=emotion_words'");

  /* another program writes; the supervisor applies new words */
  gtk_editable_set_text (GTK_EDITABLE (row), typed);
  other = hold_write_lock (f->path);
  g_signal_emit_by_name (row, "apply");
  g_assert_true (find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW) == prefs);
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_true (shows_text (bar, _("Another program is writing to the database; waiting… (retrying)")));
  g_assert_false (gtk_widget_is_sensitive (row));        /* read-only: what is shown is what is saved */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, typed);
  g_assert_true (wait_for (tried_again, bar, 10));
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  save_screenshot (prefs, "preferences-waiting");

  /* Stop Waiting: the words stay typed, nothing is saved */
  click_stop_waiting (bar);
  g_assert_false (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_true (gtk_widget_is_sensitive (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, typed);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE detail = 'key=emotion_words'"), ==,
                   audits_before);

  /* applied again, it waits; the lock let go, it is saved once, as the core keeps it */
  g_signal_emit_by_name (row, "apply");
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  wait_ms (300);
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  release_write_lock (other);
  g_assert_true (wait_for (preferences_not_waiting, prefs, 10));
  g_assert_false (gtk_widget_get_visible (bar));
  wait_ms (200);
  {
    g_autofree char *words = db_text (f->path, "SELECT value FROM settings WHERE key = 'emotion_words'");

    g_assert_cmpstr (words, ==, "太离谱,物业经理,曝光");
    g_assert_cmpstr (words, !=, words_before);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "太离谱,物业经理,曝光");
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE detail = 'key=emotion_words'"), ==,
                   audits_before + 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM settings WHERE key = 'other_program'"), ==, 1);

  /* A policy's new target meets the lock: closing the window stops the
   * wait and keeps the window with the target typed; saved again, it is
   * saved once, a new version, when the lock goes. */
  level2 = find_expander_titled (prefs, "二级响应");
  g_assert_nonnull (level2);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (level2), TRUE);
  spin = find_descendant (level2, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 4);
  save = find_descendant (level2, GTK_TYPE_BUTTON, _("_Save Policy"));
  g_assert_nonnull (save);
  versions = kefu_test_scalar (f->path, "SELECT count(*) FROM sla_policies");
  other = hold_write_lock (f->path);
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_false (gtk_widget_is_sensitive (spin));
  g_assert_true (wait_for (tried_again, bar, 10));
  gtk_window_close (GTK_WINDOW (prefs));
  g_assert_true (find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW) == prefs);
  g_assert_false (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 4);
  g_assert_true (gtk_widget_is_sensitive (spin));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM sla_policies"), ==, versions);
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM sla_policies"), ==, versions);
  release_write_lock (other);
  g_assert_true (wait_for (preferences_not_waiting, prefs, 10));
  wait_ms (300);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM sla_policies"), ==, versions + 1);
  /* the new version is the level-2 policy's, with the target typed */
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM sla_policies WHERE name LIKE '二级响应%' AND active"), ==, 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT response_min FROM sla_policies WHERE name LIKE '二级响应%' AND active "
                                              "AND id = (SELECT max(id) FROM sla_policies)"), ==, 4);

  /* A holiday file: read off the GUI thread, then its days wait for the
   * lock like any change, and are imported once when it goes. */
  {
    g_autofree char *json = g_test_build_filename (G_TEST_DIST, "data", "2025.json", NULL);
    g_autoptr(GArray) days = kefu_holidays_read (json, NULL);
    const char *imports = "SELECT count(*) FROM audit_log WHERE action = 'import_calendar'";
    const char *days_2025 = "SELECT count(*) FROM calendar_days d JOIN calendars c ON c.id = d.calendar_id "
                            "WHERE c.name = '工作日' AND d.date LIKE '2025-%'";
    gint64 imports_before = kefu_test_scalar (f->path, imports);

    g_assert_nonnull (days);
    g_assert_cmpint (kefu_test_scalar (f->path, days_2025), ==, 0);
    other = hold_write_lock (f->path);
    kefu_preferences_window_import_holidays (KEFU_PREFERENCES_WINDOW (prefs), "工作日", json);
    g_assert_true (wait_for (tried_again, bar, 10));
    g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
    g_assert_cmpint (kefu_test_scalar (f->path, imports), ==, imports_before);
    release_write_lock (other);
    g_assert_true (wait_for (preferences_not_waiting, prefs, 10));
    wait_ms (200);
    g_assert_cmpint (kefu_test_scalar (f->path, imports), ==, imports_before + 1);
    g_assert_cmpint (kefu_test_scalar (f->path, days_2025), ==, days->len);
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* Backups --------------------------------------------------------------------- */

static gboolean
runner_idle (gpointer data)
{
  return !kefu_backup_runner_is_running (data);
}

static GtkWidget *
find_row_with_subtitle (GtkWidget  *widget,
                        const char *part)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));
      if (subtitle != NULL && strstr (subtitle, part) != NULL)
        return widget;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row_with_subtitle (c, part);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label_starting (GtkWidget  *widget,
                     const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label_starting (c, prefix);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
flag_cb (GtkWidget *widget,
         gboolean  *flag)
{
  *flag = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
window_signed_out (gpointer data)
{
  GtkWidget *w = find_toplevel (KEFU_TYPE_WINDOW);
  return w != NULL && g_strcmp0 (kefu_window_get_page (KEFU_WINDOW (w)), "sign-in") == 0;
}

/* Preferences ▸ Backups ▸ Back Up Now makes a checked backup, listed on the
 * page; Restore… puts it back after a confirmation, keeping the data of
 * the moment aside, and the window reopens the database. */
static void
test_preferences_backups (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir.dir, "second-disk", "kefu-backups", NULL);
  g_autofree char *verify = g_build_filename (f->dir.dir, "verify.db", NULL);
  g_autofree char *name = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *prefs, *button, *row, *dialog;
  KefuBackupRunner *runner;
  KefuRestore *checked;
  gboolean destroyed = FALSE;

  open_window (f);
  sign_in (f, "admin");
  g_assert_true (kefu_backup_set_folder (kefu_window_get_store (f->window), folder, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "backups");
  g_assert_nonnull (find_row_with_subtitle (prefs, folder));

  button = find_descendant (prefs, GTK_TYPE_BUTTON, _("_Back Up Now"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  runner = kefu_window_get_backups (f->window);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (kefu_backup_runner_is_running (runner));
  g_assert_false (gtk_widget_is_sensitive (button));   /* one at a time */
  g_assert_true (wait_for (runner_idle, runner, 120));
  g_assert_true (gtk_widget_is_sensitive (button));

  /* one file, that passes the checks of a restore */
  files = kefu_backup_list (folder, f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  checked = kefu_restore_prepare (((KefuBackupFile *) files->pdata[0])->path, verify, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_restore_get_schema_version (checked), ==, KEFU_SCHEMA_VERSION);
  kefu_restore_free (checked);
  /* listed on the page */
  name = g_strdup (((KefuBackupFile *) files->pdata[0])->name);
  row = find_row_with_subtitle (prefs, name);
  g_assert_nonnull (row);
  save_screenshot (prefs, "preferences-backups");

  /* a change after the backup, then Restore… */
  g_assert_true (kefu_store_set_setting (kefu_window_get_store (f->window), "test_marker", "after the backup", &error));
  button = find_descendant (row, GTK_TYPE_BUTTON, _("_Restore…"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "kefu.db.before-restore-"));
  save_screenshot (dialog, "preferences-backups-restore");
  g_signal_connect (f->window, "destroy", G_CALLBACK (flag_cb), &destroyed);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  g_assert_true (wait_for (flag_set, &destroyed, 120));
  f->window = KEFU_WINDOW (find_toplevel (KEFU_TYPE_WINDOW));
  g_assert_nonnull (f->window);
  g_assert_true (wait_for (window_signed_out, NULL, 60));
  g_assert_null (find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW));

  /* the backup's data, and the data of the moment beside it; the same clock */
  g_assert_true (kefu_store_has_fixed_now (kefu_window_get_store (f->window)));
  g_assert_cmpint (kefu_store_now (kefu_window_get_store (f->window)), ==, TEST_NOW);
  marker = kefu_store_get_setting (kefu_window_get_store (f->window), "test_marker");
  g_assert_null (marker);
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir.dir, 0, NULL);
    const char *entry;

    /* (its audit anchor went aside with it, kefu-audit.h) */
    while ((entry = g_dir_read_name (dir)) != NULL)
      if (g_str_has_prefix (entry, "kefu.db.before-restore-") && !g_str_has_suffix (entry, ".audit-anchor"))
        {
          g_assert_null (aside);
          aside = g_build_filename (f->dir.dir, entry, NULL);
        }
  }
  g_assert_nonnull (aside);
  g_assert_cmpint (kefu_test_scalar (aside, "SELECT count(*) FROM settings WHERE value = 'after the backup'"), ==, 1);
  g_assert_nonnull (find_label_starting (GTK_WIDGET (f->window), _("The backup was restored.")));

  /* a supervisor may back up, not restore or move the folder */
  sign_in (f, "xuqiang");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_widget_is_sensitive (find_descendant (prefs, GTK_TYPE_BUTTON, _("_Back Up Now"))));
  g_assert_false (gtk_widget_is_sensitive (find_descendant (prefs, GTK_TYPE_BUTTON, _("_Restore…"))));
  g_assert_false (gtk_widget_is_sensitive (find_descendant (prefs, GTK_TYPE_BUTTON, _("_Change…"))));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static gboolean
has_backup (gpointer data)
{
  const char * const *args = data;
  g_autoptr(GPtrArray) files = kefu_backup_list (args[0], args[1], NULL);
  return files != NULL && files->len > 0;
}

static gboolean
shows_backup_failure (gpointer data)
{
  return find_label_starting (data, _("The automatic backup failed")) != NULL;
}

/* The window backs up by itself after its first frame; when that fails,
 * the window says so. */
static void
test_automatic_backups (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir.dir, "backups", NULL);
  g_autofree char *blocker = g_build_filename (f->dir.dir, "unplugged-disk", NULL);
  g_autofree char *gone = g_build_filename (blocker, "kefu-backups", NULL);
  const char *args[] = { folder, f->path };
  g_autoptr(GError) error = NULL;
  GtkWidget *prefs;

  {
    g_autoptr(KefuStore) store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    /* the administrator's choice, made earlier */
    kefu_store_set_actor (store, kefu_test_scalar (f->path, "SELECT id FROM users WHERE role = 'admin' LIMIT 1"));
    g_assert_true (kefu_backup_set_folder (store, folder, &error));
  }
  f->window = kefu_window_new (NULL);
  kefu_window_set_auto_backup (f->window, TRUE);
  kefu_test_window_open_at (f->window, f->path, TEST_NOW);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (has_backup, args, 120));
  g_assert_true (wait_for (runner_idle, kefu_window_get_backups (f->window), 60));
  {
    /* named by the store's clock */
    g_autoptr(GPtrArray) files = kefu_backup_list (folder, f->path, NULL);
    g_assert_cmpint (((KefuBackupFile *) files->pdata[0])->time, ==, TEST_NOW);
  }
  g_assert_false (shows_backup_failure (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;

  /* the folder's disk is gone */
  g_assert_true (g_file_set_contents (blocker, "not a folder", -1, NULL));
  {
    g_autoptr(KefuStore) store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_true (kefu_store_set_setting (store, "backup_folder", gone, &error));
  }
  f->window = kefu_window_new (NULL);
  kefu_window_set_auto_backup (f->window, TRUE);
  kefu_test_window_open_at (f->window, f->path, TEST_NOW);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (shows_backup_failure, f->window, 120));
  save_screenshot (GTK_WIDGET (f->window), "automatic-backup-failed");

  /* the toast's button leads to why, on the Backups page */
  sign_in (f, "admin");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.backup-preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==, "backups");
  {
    g_auto(GStrv) parts = g_strsplit (_("The last backup failed: %s"), "%s", 2);
    GtkWidget *row = find_row_with_subtitle (prefs, parts[0]);

    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), blocker));
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;

#define GUI_ADD(path, n, func) g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/preferences/save-waits-for-lock", 100, test_preferences_wait_for_lock);
  GUI_ADD ("/gui/preferences/service-levels", 100, test_preferences_service_levels);
  GUI_ADD ("/gui/preferences/backups-back-up-now-and-restore", 100, test_preferences_backups);
  GUI_ADD ("/gui/window/automatic-backups-and-failure", 50, test_automatic_backups);
#undef GUI_ADD

  return g_test_run ();
}
