/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-training.c — kefu-cli questions (question banks: import,
 * export, list, key corrections) and kefu-cli exam (statistics, printing)
 *
 * These and kefu-cli training (kefu-cli-cohort.c, -practical.c,
 * -certificates.c) run on a server too (#20), as the connection's person:
 * open_store_as_person() for what writes, training_store_to_read() for
 * what reads; the server's grants decide what their role may do.
 */
#include "config.h"

#include "kefu-engine.h"
#include "kefu-exam-admin.h"

#include "kefu-cli-private.h"

KefuStore *
training_store_to_read (const char *db_path,
                        const char *command)
{
  if (kefu_engine_is_server_spec (db_path))
    return open_store_as_person (db_path, command);
  return open_store_to_read_as (db_path, command);
}

static void
print_questions_usage (FILE *out)
{
  fprintf (out, "%s\n%s\n",
           _("Usage: kefu-cli [--db FILE] --as LOGIN questions import FILE [--bank NAME] [--json]"),
           _("       kefu-cli [--db FILE] --as LOGIN questions export --bank NAME --format gift|csv --out FILE"));
  fprintf (out, "%s\n%s\n",
           _("       kefu-cli [--db FILE] --as LOGIN questions list --bank NAME [--search TEXT] [--type TYPE]"),
           _("       kefu-cli [--db FILE] --as LOGIN questions correct-key ID KEY --reason TEXT"));
}

static int
questions_import (KefuStore  *store,
                  const char *path,
                  const char *bank,
                  gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autoptr(KefuQuestionImport) import = NULL;

  if (bank == NULL)
    {
      char *dot;
      base = g_path_get_basename (path);
      dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
      bank = base;
    }
  import = kefu_questions_import_file (store, path, KEFU_QUESTION_FORMAT_AUTO, bank, &error);
  if (import == NULL)
    return fail_with (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "imported");
      json_builder_begin_object (b);
      for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
        {
          json_builder_set_member_name (b, kefu_question_type_code (t));
          json_builder_add_int_value (b, import->imported[t]);
        }
      json_builder_end_object (b);
      for (guint k = 0; k < 3; k++)
        {
          GArray *list = k == 0 ? import->skipped : k == 1 ? import->duplicates : import->notes;

          json_builder_set_member_name (b, k == 0 ? "skipped" : k == 1 ? "duplicates" : "notes");
          json_builder_begin_array (b);
          for (guint i = 0; i < list->len; i++)
            {
              KefuQuestionSkip *skip = &g_array_index (list, KefuQuestionSkip, i);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "line");
              json_builder_add_int_value (b, skip->line);
              json_builder_set_member_name (b, "reason");
              json_builder_add_string_value (b, skip->reason);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
      print_json (b);
      return import_status (kefu_question_import_total (import), import->skipped->len);
    }
  if (kefu_question_import_total (import) == 0 && import->skipped->len == 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Nothing was imported: the file’s only question is already in the bank.\n",
                          "Nothing was imported: all %u questions of the file are already in the bank.\n",
                          import->duplicates->len),
             import->duplicates->len);
  else if (kefu_question_import_total (import) == 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Nothing was imported: the file’s only question was skipped.\n",
                          "Nothing was imported: all %u questions of the file were skipped.\n", import->skipped->len),
             import->skipped->len);
  else
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u question into the bank “%s” (%s).\n",
                            "Imported %u questions into the bank “%s” (%s).\n", kefu_question_import_total (import)),
               kefu_question_import_total (import), bank, import->encoding);
      for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
        g_print ("  %-24s %u\n", kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (t)),
                 import->imported[t]);
    }
  if (import->skipped->len > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Skipped %u question:\n", "Skipped %u questions:\n", import->skipped->len),
             import->skipped->len);
  for (guint i = 0; i < import->skipped->len; i++)
    {
      KefuQuestionSkip *skip = &g_array_index (import->skipped, KefuQuestionSkip, i);
      g_print (_("  line %u: %s\n"), skip->line, skip->reason);
    }
  if (import->duplicates->len > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Not added again, already in the bank: %u question:\n",
                          "Not added again, already in the bank: %u questions:\n", import->duplicates->len),
             import->duplicates->len);
  for (guint i = 0; i < import->duplicates->len; i++)
    {
      KefuQuestionSkip *skip = &g_array_index (import->duplicates, KefuQuestionSkip, i);
      g_print (_("  line %u: %s\n"), skip->line, skip->reason);
    }
  if (import->notes->len > 0)
    g_print ("%s\n", _("To check:"));
  for (guint i = 0; i < import->notes->len; i++)
    {
      KefuQuestionSkip *skip = &g_array_index (import->notes, KefuQuestionSkip, i);
      g_print (_("  line %u: %s\n"), skip->line, skip->reason);
    }
  return import_status (kefu_question_import_total (import), import->skipped->len);
}

/* kefu-cli questions import|export */
int
cmd_questions (const char  *db_path,
               int          argc,
               char       **argv)
{
  static const char *names[] = { "--bank", "--format", "--out", "--search", "--type", "--reason", NULL };
  const char *values[6] = { NULL, NULL, NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      print_questions_usage (stdout);
      return 0;
    }
  g_ptr_array_add (rest, argv[0]);
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else
        g_ptr_array_add (rest, argv[i]);
    }
  if (!take_options (rest->len, (char **) rest->pdata, "questions", names, values, args))
    return 2;

  if (args->len == 2 && g_str_equal (args->pdata[0], "import") && values[1] == NULL && values[2] == NULL)
    {
      store = open_store_as_person (db_path, "questions");
      if (store == NULL)
        return 1;
      return questions_import (store, args->pdata[1], values[0], json);
    }
  if (args->len == 1 && g_str_equal (args->pdata[0], "export") && values[0] != NULL && values[2] != NULL && !json)
    {
      KefuQuestionFormat format;
      gint64 bank;
      guint n = 0;

      if (g_strcmp0 (values[1], "gift") == 0)
        format = KEFU_QUESTION_FORMAT_GIFT;
      else if (g_strcmp0 (values[1], "csv") == 0)
        format = KEFU_QUESTION_FORMAT_CSV;
      else
        {
          g_printerr (_("questions: --format takes gift or csv, not “%s”.\n"), values[1] != NULL ? values[1] : "");
          return 2;
        }
      /* the file holds the answers: a trainer's, a supervisor's or an administrator's */
      store = training_store_to_read (db_path, "questions");
      if (store == NULL)
        return 1;
      bank = kefu_bank_find (store, values[0], &error);
      if (bank <= 0 || !kefu_questions_export_file (store, bank, format, values[2], &n, &error))
        return fail_with (error);
      g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u question to %s\n", "Exported %u questions to %s\n", n),
               n, values[2]);
      return 0;
    }
  if (args->len == 1 && g_str_equal (args->pdata[0], "list") && values[0] != NULL && !json)
    {
      KefuQuestionFilter filter = { values[3], -1, NULL, NULL, FALSE };
      KefuQuestionType type;
      g_autoptr(GPtrArray) list = NULL;
      gboolean keys;
      gint64 bank;

      if (values[4] != NULL)
        {
          if (!kefu_question_type_parse (values[4], &type))
            {
              g_printerr (_("questions: “%s” is not a question type.\n"), values[4]);
              return 2;
            }
          filter.type = type;
        }
      /* the list shows the keys to those who may read them (the
       * export's right); a server gives the others no keys to show */
      store = training_store_to_read (db_path, "questions");
      if (store == NULL)
        return 1;
      keys = kefu_auth_require (store, KEFU_PERMISSION_READ_ANSWER_KEYS, NULL);
      bank = kefu_bank_find (store, values[0], &error);
      if (bank <= 0 || (list = kefu_bank_search (store, bank, &filter, &error)) == NULL)
        return fail_with (error);
      for (guint i = 0; i < list->len; i++)
        {
          KefuQuestion *q = list->pdata[i];
          g_autofree char *key = keys ? kefu_question_key_text (q) : NULL;
          g_autofree char *stem = g_utf8_substring (q->stem, 0, MIN (g_utf8_strlen (q->stem, -1), 40));

          if (key != NULL)
            g_strdelimit (key, "\n", '/');
          g_print ("%6" G_GINT64_FORMAT "  %-15s  %-8s  %s\n", q->id, kefu_question_type_code (q->type),
                   key != NULL ? key : "—", stem);
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u question\n", "%u questions\n", list->len), list->len);
      return 0;
    }
  if (args->len == 3 && g_str_equal (args->pdata[0], "correct-key") && !json)
    {
      KefuKeyCorrection result;
      gint64 id = g_ascii_strtoll (args->pdata[1], NULL, 10);

      store = open_store_as_person (db_path, "questions");
      if (store == NULL)
        return 1;
      if (!kefu_question_correct_key (store, id, args->pdata[2], values[5], &result, &error))
        return fail_with (error);
      g_print (_("Key corrected: %u answers marked again, %u scores changed in %u attempts, %u of them now pass or no "
                 "longer pass.\n"), result.n_answers, result.n_changed, result.n_attempts, result.n_pass_changed);
      return 0;
    }
  print_questions_usage (stderr);
  return 2;
}

static void
print_stats (KefuExamStats *stats,
             gboolean       json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "exam_id");
      json_builder_add_int_value (b, stats->exam_id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, stats->name);
      json_builder_set_member_name (b, "attempts");
      json_builder_add_int_value (b, stats->n_attempts);
      json_builder_set_member_name (b, "passed");
      json_builder_add_int_value (b, stats->n_passed);
      json_number_or_null (b, "pass_mark", stats->pass_mark);
      json_number_or_null (b, "pass_rate", stats->pass_rate);
      json_number_or_null (b, "mean_percent", stats->mean_percent);
      json_number_or_null (b, "sd_percent", stats->sd_percent);
      json_builder_set_member_name (b, "distribution");
      json_builder_begin_array (b);
      for (guint i = 0; i < KEFU_STATS_N_BINS; i++)
        json_builder_add_int_value (b, stats->bins[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "questions");
      json_builder_begin_array (b);
      for (guint i = 0; i < stats->items->len; i++)
        {
          KefuItemStat *it = stats->items->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "position");
          json_builder_add_int_value (b, it->position);
          json_builder_set_member_name (b, "question_id");
          json_builder_add_int_value (b, it->question_id);
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, kefu_question_type_code (it->type));
          json_builder_set_member_name (b, "attempts");
          json_builder_add_int_value (b, it->n);
          json_number_or_null (b, "facility", it->facility);
          json_number_or_null (b, "discrimination", it->discrimination);
          json_builder_set_member_name (b, "flags");
          json_builder_begin_array (b);
          if (it->too_easy)
            json_builder_add_string_value (b, "too_easy");
          if (it->too_hard)
            json_builder_add_string_value (b, "too_hard");
          if (it->poor_discrimination)
            json_builder_add_string_value (b, "poor_discrimination");
          json_builder_end_array (b);
          json_builder_set_member_name (b, "stem");
          json_builder_add_string_value (b, it->stem);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return;
    }

  g_print (_("Paper “%s”: %u graded attempts, %u passed (%.0f%%, pass mark %.0f), mean %.1f%%\n"),
           stats->name, stats->n_attempts, stats->n_passed, 100 * stats->pass_rate, stats->pass_mark,
           stats->mean_percent);
  g_print ("%s\n", _("Score distribution:"));
  for (guint i = 0; i < KEFU_STATS_N_BINS; i++)
    {
      g_autofree char *bar = g_strnfill (stats->bins[i], '#');
      g_print ("  %3u–%3u%%  %4u  %s\n", i * 10, (i + 1) * 10, stats->bins[i], bar);
    }
  g_print ("%s\n", _("Questions (facility: share of the points scored; discrimination: correlation with the rest of the paper):"));
  for (guint i = 0; i < stats->items->len; i++)
    {
      KefuItemStat *it = stats->items->pdata[i];
      g_autoptr(GString) flags = g_string_new (NULL);
      g_autofree char *stem = g_utf8_substring (it->stem, 0, MIN (g_utf8_strlen (it->stem, -1), 30));
      g_autofree char *disc = isnan (it->discrimination) ? g_strdup ("—")
                                                          : g_strdup_printf ("%.2f", it->discrimination);

      if (it->too_easy)
        g_string_append_printf (flags, "%s ", _("too easy"));
      if (it->too_hard)
        g_string_append_printf (flags, "%s ", _("too hard"));
      if (it->poor_discrimination)
        g_string_append_printf (flags, "%s ", _("discriminates poorly"));
      g_print ("  %3u  %5.2f  %6s  %s%s%s\n", it->position, it->facility, disc, flags->str,
               flags->len > 0 ? "· " : "", stem);
    }
}

/* kefu-cli exam stats EXAM [--json] [--out FILE.csv|xlsx] */
int
cmd_exam (const char  *db_path,
          int          argc,
          char       **argv)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuExamStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  const char *exam = NULL;
  const char *out = NULL;
  gboolean json = FALSE;
  gint64 id;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      g_print ("%s\n%s\n%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN exam stats EXAM [--json] [--out FILE.csv|xlsx]   "
                                   "EXAM is the paper's id or name"),
               _("       kefu-cli [--db FILE] --as LOGIN exam print EXAM --out FILE.pdf [--versions A,B]"),
               _("       kefu-cli [--db FILE] --as LOGIN exam void ATTEMPT --reason TEXT | exam withdraw EXAM"));
      return 0;
    }
  if (argc > 1 && (g_str_equal (argv[1], "void") || g_str_equal (argv[1], "withdraw")))
    {
      static const char *names[] = { "--reason", NULL };
      const char *values[1] = { NULL };
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      gboolean voiding = g_str_equal (argv[1], "void");
      gboolean ok;

      if (!take_options (argc - 1, argv + 1, "exam", names, values, args) || args->len != 1 ||
          (voiding && values[0] == NULL))
        {
          g_printerr ("%s\n", _("       kefu-cli [--db FILE] --as LOGIN exam void ATTEMPT --reason TEXT | exam withdraw EXAM"));
          return 2;
        }
      store = open_store_as_person (db_path, "exam");
      if (store == NULL)
        return 1;
      if (voiding)
        ok = kefu_attempt_void (store, g_ascii_strtoll (args->pdata[0], NULL, 10), values[0], &error);
      else
        ok = (id = kefu_exam_find (store, args->pdata[0], &error)) > 0 && kefu_exam_withdraw (store, id, &error);
      if (!ok)
        return fail_with (error);
      g_print ("%s\n", voiding ? _("The attempt was voided.") : _("The paper was withdrawn."));
      return 0;
    }
  if (argc > 1 && g_str_equal (argv[1], "print"))
    {
      static const char *names[] = { "--out", "--versions", NULL };
      const char *values[2] = { NULL, NULL };
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_auto(GStrv) labels = NULL;

      if (!take_options (argc - 1, argv + 1, "exam", names, values, args) || args->len != 1 || values[0] == NULL)
        {
          g_printerr ("%s\n", _("       kefu-cli [--db FILE] --as LOGIN exam print EXAM --out FILE.pdf [--versions A,B]"));
          return 2;
        }
      labels = g_strsplit (values[1] != NULL ? values[1] : "A,B", ",", -1);
      store = open_store_as_person (db_path, "exam");
      if (store == NULL)
        return 1;
      id = kefu_exam_find (store, args->pdata[0], &error);
      if (id <= 0 || !kefu_exam_print_versions (store, id, (const char * const *) labels, values[0], &error))
        return fail_with (error);
      g_print (_("Wrote versions %s of the paper to “%s”.\n"), values[1] != NULL ? values[1] : "A,B", values[0]);
      return 0;
    }
  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (g_str_equal (argv[i], "--out") && i + 1 < argc)
        out = argv[++i];
      else if (g_str_has_prefix (argv[i], "--") || exam != NULL)
        {
          g_printerr (_("exam: unexpected “%s”.\n"), argv[i]);
          return 2;
        }
      else
        exam = argv[i];
    }
  if (argc < 2 || !g_str_equal (argv[1], "stats") || exam == NULL)
    {
      g_printerr ("%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN exam stats EXAM [--json] [--out FILE.csv|xlsx]   "
                             "EXAM is the paper's id or name"));
      return 2;
    }
  /* everyone's scores: for those whose role may see others' results */
  store = training_store_to_read (db_path, "exam");
  if (store == NULL)
    return 1;
  id = kefu_exam_find (store, exam, &error);
  if (id > 0)
    stats = kefu_exam_stats (store, id, &error);
  if (stats == NULL)
    return fail_with (error);
  if (out != NULL)
    {
      /* the figures with each choice's analysis, for a spreadsheet */
      if (!kefu_exam_stats_export (store, id, out, &error))
        return fail_with (error);
      g_print (_("Wrote the item statistics of “%s” to “%s”.\n"), stats->name, out);
      return 0;
    }
  print_stats (stats, json);
  return 0;
}
