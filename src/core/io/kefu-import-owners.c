/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import-owners.c — one owner row: the owner (matched by phone,
 * else by name in the unit), the unit, tags and preferred channel
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-importer-private.h"

/* Owners ----------------------------------------------------------------- */

gboolean
kefu_import_owner_row (Importer  *im,
                       Row       *row,
                       GString   *phone_buf,
                       GError   **error)
{
  const char *const *v = row->v;
  const char *phone, *relation, *channel;
  gint64 estate, building, unit;
  Owner *owner;

  kefu_import_row_require (row, OWNER_NAME);
  kefu_import_row_require (row, OWNER_BUILDING);
  kefu_import_row_require (row, OWNER_UNIT);
  phone = kefu_import_row_phone (row, OWNER_PHONE, phone_buf);
  relation = kefu_import_row_code (row, OWNER_RELATION, RELATION_LIST);
  channel = kefu_import_row_code (row, OWNER_PREFERRED_CHANNEL, KEFU_CODES_CHANNEL);
  if (row->bad)
    return TRUE;
  if (relation == NULL)
    relation = "owner";

  if ((estate = kefu_importer_ensure_estate (im, v[OWNER_ESTATE], error)) == 0 ||
      (building = kefu_importer_ensure_building (im, estate, v[OWNER_BUILDING], error)) == 0 ||
      (unit = kefu_importer_ensure_unit (im, building, v[OWNER_UNIT], error)) == 0)
    return FALSE;

  if (!kefu_importer_find_owner (im, v[OWNER_NAME], phone, unit, &owner, error))
    return FALSE;
  if (owner == NULL)
    {
      if ((owner = kefu_importer_create_owner (im, v[OWNER_NAME], phone, channel, error)) == NULL)
        return FALSE;
    }
  else
    {
      im->report->n_matched++;
      if (!g_str_equal (owner->name, v[OWNER_NAME]))
        kefu_import_report_add (im->report, row->line, kefu_import_column_name (row->h, OWNER_PHONE), KEFU_IMPORT_SEVERITY_WARNING,
                                g_strdup_printf (_("“%s” is already the phone number of “%s”; the row was added to that owner."),
                                     phone, owner->name));
      if (channel != NULL)
        {
          KefuQuery *stmt = kefu_query_prepare (im->store,
              "UPDATE owners SET preferred_channel = ?1 WHERE id = ?2", error);
          if (stmt == NULL)
            return FALSE;
          kefu_query_bind_text (stmt, 1, channel);
          kefu_query_bind_int (stmt, 2, owner->id);
          if (!kefu_importer_step (im, stmt, error))
            return FALSE;
        }
    }
  if (!kefu_importer_link_owner_unit (im, owner, unit, relation, error))
    return FALSE;

  if (*v[OWNER_TAGS] != '\0')
    {
      g_auto(GStrv) tags = g_regex_split_simple ("[;；、，,]", v[OWNER_TAGS], 0, 0);
      KefuQuery *stmt = kefu_query_prepare (im->store,
          "INSERT OR IGNORE INTO owner_tags (owner_id, tag) VALUES (?1, ?2)", error);

      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; tags[i] != NULL; i++)
        {
          const char *tag = kefu_import_strip (tags[i]);
          if (*tag == '\0')
            continue;
          kefu_query_bind_int (stmt, 1, owner->id);
          kefu_query_bind_text (stmt, 2, tag);
          if (!kefu_importer_step (im, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}
