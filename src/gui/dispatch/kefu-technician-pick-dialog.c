/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-technician-pick-dialog.c — a technician's Teams…, Skills… or
 * Buildings…: one check list dialog (the frame is the template of
 * KefuSettingsDialog; the lists depend on the data and are built here) */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-dispatch-settings-private.h"
#include "kefu-settings-rows.h"
#include "kefu-technician-pick-dialog.h"

struct _KefuTechnicianPickDialog
{
  KefuSettingsDialog  parent_instance;

  gint64              technician_id;
  KefuPickKind        kind;
  char               *phone;
  AdwComboRow        *primary;
  GPtrArray          *primary_ids;
  GPtrArray          *checks;
};

G_DEFINE_FINAL_TYPE (KefuTechnicianPickDialog, kefu_technician_pick_dialog, KEFU_TYPE_SETTINGS_DIALOG)

static void
kefu_technician_pick_dialog_save (KefuSettingsDialog *dialog)
{
  KefuTechnicianPickDialog *d = KEFU_TECHNICIAN_PICK_DIALOG (dialog);
  KefuDispatchSettings *settings = kefu_settings_dialog_get_settings (dialog);
  SettingsWrite *w = NULL;

  switch (d->kind)
    {
    case KEFU_PICK_SKILLS:
      w = kefu_dispatch_settings_write_new (settings, WRITE_UPDATE_TECHNICIAN, dialog);
      w->text = g_strdup (d->phone);
      w->text2 = kefu_settings_checked_codes (d->checks);
      break;
    case KEFU_PICK_TEAMS:
      w = kefu_dispatch_settings_write_new (settings, WRITE_TECHNICIAN_TEAMS, dialog);
      w->other = kefu_settings_id_at (d->primary_ids, d->primary);
      w->ids = kefu_settings_checked_ids (d->checks);
      break;
    case KEFU_PICK_BUILDINGS:
      w = kefu_dispatch_settings_write_new (settings, WRITE_TECHNICIAN_BUILDINGS, dialog);
      w->ids = kefu_settings_checked_ids (d->checks);
      break;
    default:
      g_assert_not_reached ();
    }
  w->id = w->expanded = d->technician_id;
  kefu_dispatch_settings_write (settings, w);
}

static void
kefu_technician_pick_dialog_finalize (GObject *object)
{
  KefuTechnicianPickDialog *self = KEFU_TECHNICIAN_PICK_DIALOG (object);

  g_free (self->phone);
  g_ptr_array_unref (self->primary_ids);
  g_ptr_array_unref (self->checks);
  G_OBJECT_CLASS (kefu_technician_pick_dialog_parent_class)->finalize (object);
}

static void
kefu_technician_pick_dialog_class_init (KefuTechnicianPickDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kefu_technician_pick_dialog_finalize;
  KEFU_SETTINGS_DIALOG_CLASS (klass)->save = kefu_technician_pick_dialog_save;
}

static void
kefu_technician_pick_dialog_init (KefuTechnicianPickDialog *self)
{
  self->primary_ids = g_ptr_array_new ();
  self->checks = g_ptr_array_new ();
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

GtkWidget *
kefu_technician_pick_dialog_open (KefuDispatchSettings *settings,
                                  gint64                technician_id,
                                  KefuPickKind          kind)
{
  g_autoptr(KefuTechnicianSchedule) s = kefu_dispatch_settings_find_schedule (settings, technician_id);
  KefuStore *store = kefu_dispatch_settings_get_store (settings);
  g_autoptr(GError) error = NULL;
  static const char *titles[] = { N_("Teams"), N_("Skills"), N_("Buildings Usually Covered") };
  g_autofree char *title = NULL;
  KefuTechnicianPickDialog *d;
  KefuSettingsDialog *dialog;
  GtkListBox *list;

  if (s == NULL)
    return NULL;
  d = g_object_new (KEFU_TYPE_TECHNICIAN_PICK_DIALOG, NULL);
  dialog = KEFU_SETTINGS_DIALOG (d);
  d->technician_id = technician_id;
  d->kind = kind;
  d->phone = g_strdup (s->phone);
  /* Translators: a dialog's title, e.g. "Skills — 李师傅" */
  title = g_strdup_printf (_("%s — %s"), _(titles[kind]), s->name);
  kefu_settings_dialog_set_settings (dialog, settings, title);
  list = kefu_settings_dialog_get_list (dialog);

  if (kind == KEFU_PICK_SKILLS)
    kefu_settings_subtype_checks (list, s->skills, d->checks);
  else if (kind == KEFU_PICK_TEAMS)
    {
      g_autoptr(GListStore) teams = kefu_desk_list_teams (store, &error);
      GtkListBox *others;

      d->primary = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->primary), _("Own team (their lane on the board)"));
      gtk_widget_set_name (GTK_WIDGET (d->primary), "technician-team");
      kefu_settings_fill_choice_combo (d->primary, teams, NULL, s->team_id, d->primary_ids);
      gtk_list_box_append (list, GTK_WIDGET (d->primary));
      others = kefu_settings_dialog_add_section (dialog, GTK_WIDGET (list), _("Also works for"));
      for (guint i = 0; teams != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (teams)); i++)
        {
          g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (teams), i);
          g_autofree char *name = g_strdup_printf ("other-team-%" G_GINT64_FORMAT, kefu_choice_get_id (c));

          g_ptr_array_add (d->checks, kefu_settings_add_check_row (others, kefu_choice_get_name (c), NULL, NULL,
                                                                   kefu_choice_get_id (c),
                                                                   array_has (s->other_teams, kefu_choice_get_id (c)), name));
        }
    }
  else
    {
      g_autoptr(GListStore) buildings = kefu_dispatch_list_buildings (store, &error);
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
              section = kefu_settings_dialog_add_section (dialog, after, estate);
              after = GTK_WIDGET (section);
            }
          g_ptr_array_add (d->checks, kefu_settings_add_check_row (section, kefu_choice_get_name (c), NULL, NULL,
                                                                   kefu_choice_get_id (c),
                                                                   array_has (s->buildings, kefu_choice_get_id (c)), name));
        }
      /* the notes go above the estates' lists; the first list stays empty */
      gtk_widget_set_visible (GTK_WIDGET (list), FALSE);
      kefu_settings_dialog_add_note (dialog, GTK_WIDGET (list),
                                     d->checks->len > 0 ? _("Among those on shift, the rules prefer who covers the job’s building.")
                                                        : _("There are no buildings yet: import or add the estates first."));
    }
  gtk_window_present (GTK_WINDOW (d));
  return GTK_WIDGET (d);
}
