/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-settings-rows.h — rows and values the dispatch settings and their
 * dialogs share: times of day, code and choice combos, check lists */
#pragma once

#include <adwaita.h>

#include "kefu-enums.h"

G_BEGIN_DECLS

/* "08:00" → 480; "24:00" → 1440; -1 when it is not a time of day. */
int          kefu_settings_parse_time          (const char    *text);
char        *kefu_settings_format_time         (int            minute);
/* "08:00–12:00" */
char        *kefu_settings_format_span         (int            from_min,
                                                int            to_min);
/* Monday = 0 */
const char  *kefu_settings_weekday_name        (int            day);

/* @row lists @any then every code of @list by its label, @selected chosen. */
void         kefu_settings_fill_code_combo     (AdwComboRow   *row,
                                                KefuCodeList   list,
                                                const char    *any,
                                                const char    *selected);
/* The code chosen in a row filled by kefu_settings_fill_code_combo(), NULL for @any */
const char  *kefu_settings_code_at             (KefuCodeList   list,
                                                AdwComboRow   *row);
/* @row lists @any (unless NULL) then each KefuChoice of @choices by name,
 * @selected chosen; @ids gets each line's id (gint64 as pointers, 0 for @any). */
void         kefu_settings_fill_choice_combo   (AdwComboRow   *row,
                                                GListStore    *choices,
                                                const char    *any,
                                                gint64         selected,
                                                GPtrArray     *ids);
gint64       kefu_settings_id_at               (GPtrArray     *ids,
                                                AdwComboRow   *row);
AdwEntryRow *kefu_settings_entry_row           (const char    *title,
                                                const char    *text,
                                                const char    *name);

/* A row with a check box in front (named, for tests and keys); activating
 * the row toggles it. It stands for a code (a sub-type) or an id (a team,
 * a building). */
#define KEFU_TYPE_SETTINGS_CHECK_ROW (kefu_settings_check_row_get_type ())
G_DECLARE_FINAL_TYPE (KefuSettingsCheckRow, kefu_settings_check_row, KEFU, SETTINGS_CHECK_ROW, AdwActionRow)

const char  *kefu_settings_check_row_get_code   (KefuSettingsCheckRow *self);
gint64       kefu_settings_check_row_get_id     (KefuSettingsCheckRow *self);
gboolean     kefu_settings_check_row_get_active (KefuSettingsCheckRow *self);

/* A check row for @code or @id appended to @list, its check named @name. */
KefuSettingsCheckRow *kefu_settings_add_check_row (GtkListBox    *list,
                                                   const char    *title,
                                                   const char    *subtitle,
                                                   const char    *code,
                                                   gint64         id,
                                                   gboolean       active,
                                                   const char    *name);
/* Every sub-type by its name, ticked when in @selected (a comma list of
 * codes); @checks gets the rows. */
void         kefu_settings_subtype_checks      (GtkListBox    *list,
                                                const char    *selected,
                                                GPtrArray     *checks);
/* The ticked codes of @checks (KefuSettingsCheckRow) as a comma list */
char        *kefu_settings_checked_codes       (GPtrArray     *checks);
/* The ticked ids (gint64) of @checks (KefuSettingsCheckRow) */
GArray      *kefu_settings_checked_ids         (GPtrArray     *checks);
/* "水电 · 电梯", or @none */
char        *kefu_settings_subtype_labels      (const char    *csv,
                                                const char    *none);

G_END_DECLS
