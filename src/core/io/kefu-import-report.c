/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import-report.c — KefuImportReport: what an import found, row by
 * row
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-importer-private.h"

/* The report ------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (KefuImportReport, kefu_import_report, G_TYPE_OBJECT)

static void
clear_problem (gpointer data)
{
  KefuImportProblem *p = data;
  g_free ((char *) p->column);
  g_free ((char *) p->message);
}

static void
kefu_import_report_finalize (GObject *object)
{
  KefuImportReport *self = (KefuImportReport *) object;

  g_clear_pointer (&self->problems, g_array_unref);
  G_OBJECT_CLASS (kefu_import_report_parent_class)->finalize (object);
}

static void
kefu_import_report_class_init (KefuImportReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_import_report_finalize;
}

static void
kefu_import_report_init (KefuImportReport *self)
{
  self->problems = g_array_new (FALSE, TRUE, sizeof (KefuImportProblem));
  g_array_set_clear_func (self->problems, clear_problem);
  self->encoding = "UTF-8";
}

KefuImportOutcome
kefu_import_report_get_outcome (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), KEFU_IMPORT_OUTCOME_REFUSED);
  return self->outcome;
}

/* "UTF-8" or "GB18030": what the file turned out to be */
const char *
kefu_import_report_get_encoding (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), NULL);
  return self->encoding;
}

/* Data rows read (blank lines not counted). */
guint
kefu_import_report_get_n_rows (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_rows;
}

/* Rows without errors: imported, or importable in a dry run. */
guint
kefu_import_report_get_n_good (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_good;
}

/* Rows with at least one error. */
guint
kefu_import_report_get_n_bad (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_bad;
}

/* Rows now in the database (0 unless the outcome is IMPORTED). */
guint
kefu_import_report_get_n_imported (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_imported;
}

/* Bad rows left out of a committed import (skip_bad). */
guint
kefu_import_report_get_n_skipped (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_skipped;
}

/* Owner imports: rows that matched an owner already in the database. */
guint
kefu_import_report_get_n_matched (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_matched;
}

guint
kefu_import_report_get_n_created (KefuImportReport  *self,
                                  KefuImportCreated  what)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  g_return_val_if_fail (what < KEFU_IMPORT_N_CREATED, 0);
  return self->created[what];
}

guint
kefu_import_report_get_n_problems (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->problems->len;
}

/* Problems in file order: the header's first, then row by row. The
 * returned struct is the report's; it lives as long as the report. */
const KefuImportProblem *
kefu_import_report_get_problem (KefuImportReport *self,
                                guint             index)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);
  return &g_array_index (self->problems, KefuImportProblem, index);
}

/* "Line 12, column “级别”: “5” is not a level (use 1, 2 or 3)" */
char *
kefu_import_problem_format (const KefuImportProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  if (problem->column != NULL)
    return g_strdup_printf (_("Line %u, column “%s”: %s"), problem->line, problem->column, problem->message);
  return g_strdup_printf (_("Line %u: %s"), problem->line, problem->message);
}

void
kefu_import_report_add (KefuImportReport   *self,
                        guint               line,
                        const char         *column,
                        KefuImportSeverity  severity,
                        char               *message)   /* taken */
{
  KefuImportProblem p = { line, g_strdup (column), message, severity };
  g_array_append_val (self->problems, p);
}
