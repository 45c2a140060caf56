/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-settings-rows.c — rows and values the dispatch settings and their
 * dialogs share */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kefu-choice.h"
#include "kefu-settings-rows.h"

int
kefu_settings_parse_time (const char *text)
{
  int h, m;
  char rest;

  if (text == NULL || sscanf (text, "%d:%d%c", &h, &m, &rest) != 2 || h < 0 || m < 0 || m > 59 || h * 60 + m > 1440)
    return -1;
  return h * 60 + m;
}

char *
kefu_settings_format_time (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

char *
kefu_settings_format_span (int from_min,
                           int to_min)
{
  g_autofree char *a = kefu_settings_format_time (from_min);
  g_autofree char *b = kefu_settings_format_time (to_min);

  return g_strdup_printf ("%s–%s", a, b);
}

const char *
kefu_settings_weekday_name (int day)
{
  static const char *names[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                                 N_("Saturday"), N_("Sunday") };
  return _(names[day]);
}

void
kefu_settings_fill_code_combo (AdwComboRow  *row,
                               KefuCodeList  list,
                               const char   *any,
                               const char   *selected)
{
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
}

const char *
kefu_settings_code_at (KefuCodeList  list,
                       AdwComboRow  *row)
{
  guint n = 0;
  const KefuCode *codes = kefu_codes (list, &n);
  guint i = adw_combo_row_get_selected (row);

  return i >= 1 && i <= n ? codes[i - 1].code : NULL;
}

void
kefu_settings_fill_choice_combo (AdwComboRow  *row,
                                 GListStore   *choices,
                                 const char   *any,
                                 gint64        selected,
                                 GPtrArray    *ids)
{
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
}

gint64
kefu_settings_id_at (GPtrArray   *ids,
                     AdwComboRow *row)
{
  guint i = adw_combo_row_get_selected (row);

  return i < ids->len ? (gint64) GPOINTER_TO_SIZE (ids->pdata[i]) : 0;
}

AdwEntryRow *
kefu_settings_entry_row (const char *title,
                         const char *text,
                         const char *name)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_widget_set_name (GTK_WIDGET (row), name);
  return row;
}

/* Check rows -------------------------------------------------------------- */

struct _KefuSettingsCheckRow
{
  AdwActionRow    parent_instance;

  GtkCheckButton *check;
  char           *code;
  gint64          id;
};

G_DEFINE_FINAL_TYPE (KefuSettingsCheckRow, kefu_settings_check_row, ADW_TYPE_ACTION_ROW)

static void
kefu_settings_check_row_finalize (GObject *object)
{
  KefuSettingsCheckRow *self = KEFU_SETTINGS_CHECK_ROW (object);

  g_free (self->code);
  G_OBJECT_CLASS (kefu_settings_check_row_parent_class)->finalize (object);
}

static void
kefu_settings_check_row_class_init (KefuSettingsCheckRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_settings_check_row_finalize;
}

static void
kefu_settings_check_row_init (KefuSettingsCheckRow *self)
{
  self->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->check), GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), GTK_WIDGET (self->check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->check));
}

const char *
kefu_settings_check_row_get_code (KefuSettingsCheckRow *self)
{
  g_return_val_if_fail (KEFU_IS_SETTINGS_CHECK_ROW (self), NULL);
  return self->code;
}

gint64
kefu_settings_check_row_get_id (KefuSettingsCheckRow *self)
{
  g_return_val_if_fail (KEFU_IS_SETTINGS_CHECK_ROW (self), 0);
  return self->id;
}

gboolean
kefu_settings_check_row_get_active (KefuSettingsCheckRow *self)
{
  g_return_val_if_fail (KEFU_IS_SETTINGS_CHECK_ROW (self), FALSE);
  return gtk_check_button_get_active (self->check);
}

KefuSettingsCheckRow *
kefu_settings_add_check_row (GtkListBox *list,
                             const char *title,
                             const char *subtitle,
                             const char *code,
                             gint64      id,
                             gboolean    active,
                             const char *name)
{
  KefuSettingsCheckRow *row = g_object_new (KEFU_TYPE_SETTINGS_CHECK_ROW, NULL);

  row->code = g_strdup (code);
  row->id = id;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_active (row->check, active);
  gtk_widget_set_name (GTK_WIDGET (row->check), name);
  gtk_list_box_append (list, GTK_WIDGET (row));
  return row;
}

static gboolean
csv_has (const char *csv,
         const char *code)
{
  g_auto(GStrv) items = g_strsplit (csv != NULL ? csv : "", ",", -1);

  return g_strv_contains ((const char * const *) items, code);
}

void
kefu_settings_subtype_checks (GtkListBox  *list,
                              const char  *selected,
                              GPtrArray   *checks)
{
  guint n = 0;
  const KefuCode *codes = kefu_codes (KEFU_CODES_SUBTYPE, &n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("subtype-%s", codes[i].code);
      g_ptr_array_add (checks, kefu_settings_add_check_row (list, _(codes[i].label), NULL, codes[i].code, 0,
                                                            csv_has (selected, codes[i].code), name));
    }
}

char *
kefu_settings_checked_codes (GPtrArray *checks)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < checks->len; i++)
    if (kefu_settings_check_row_get_active (checks->pdata[i]))
      g_string_append_printf (s, "%s%s", s->len > 0 ? "," : "", kefu_settings_check_row_get_code (checks->pdata[i]));
  return g_string_free (s, FALSE);
}

GArray *
kefu_settings_checked_ids (GPtrArray *checks)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < checks->len; i++)
    if (kefu_settings_check_row_get_active (checks->pdata[i]))
      {
        gint64 id = kefu_settings_check_row_get_id (checks->pdata[i]);
        g_array_append_val (ids, id);
      }
  return ids;
}

char *
kefu_settings_subtype_labels (const char *csv,
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
