/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-cohort.c — kefu-cli training cohorts|report|checkpoints|observe
 * (a course's runs, their four-level evaluation and follow-up)
 */
#include "config.h"

#include "kefu-cli-private.h"

/* training: cohorts and their four-level report */
static void
print_padded (const char *text,
              int         width)
{
  g_print ("%s%*s", text, MAX (width - display_width (text), 0), "");
}

static void
print_notes (GPtrArray *notes)
{
  for (guint i = 0; i < notes->len; i++)
    /* Translators: a note under a figure the data is too thin for */
    g_print (_("  Note: %s\n"), (const char *) notes->pdata[i]);
}

static void
print_figure_row (const char                 *indent,
                  const KefuCohortFigureInfo *info,
                  const KefuCohortFigure     *f)
{
  g_autofree char *before = kefu_cohort_figure_format (info, f->before);
  g_autofree char *after = kefu_cohort_figure_format (info, f->after);
  g_autofree char *change = kefu_cohort_figure_change (info, f);
  g_autofree char *target = kefu_cohort_figure_format (info, info->target);

  g_print ("%s", indent);
  print_padded (_(info->label), 28);
  print_padded (before, 12);
  print_padded (after, 12);
  print_padded (change, 22);
  /* Translators: how many tickets (or ratings, complaints) a figure rests on, before and after */
  g_print (_("%lld / %lld cases; target %s%s\n"), (long long) f->n_before, (long long) f->n_after,
           info->higher_is_better ? "≥ " : "≤ ", target);
}

static char *
format_day (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  return g_date_time_format (dt, "%Y-%m-%d");
}

static void
print_cohort_report (const KefuCohortReport *r)
{
  g_autofree char *starts = format_day (r->starts_at);
  g_autofree char *ends = format_day (r->ends_at - 1);
  g_autofree char *now = format_day (r->now);
  g_autofree char *until = format_day (r->learning_until - 1);
  g_autofree char *b3 = format_day (r->behaviour_before_from);
  g_autofree char *a3 = format_day (r->behaviour_after_to - 1);
  g_autofree char *b4 = format_day (r->results_before_from);
  g_autofree char *a4 = format_day (r->results_after_to - 1);

  g_print (_("Cohort %lld: %s — course %s\n"), (long long) r->id, r->name, r->course);
  g_print (_("%s to %s · %s · staff group %s · trainer %s · as of %s\n"), starts, ends,
           kefu_cohort_state_label (r->state), r->group != NULL ? r->group : "—", r->trainer != NULL ? r->trainer : "—", now);
  if (isnan (r->attendance_rate))
    g_print (_("Attendance: %u members, %u sessions, %.1f hours; not taken\n"), r->n_members, r->n_sessions, r->planned_hours);
  else
    g_print (_("Attendance: %u members, %u sessions, %.1f hours; %.1f%% attended (target ≥ %.0f%%)\n"), r->n_members,
             r->n_sessions, r->planned_hours, r->attendance_rate * 100, KEFU_COHORT_ATTENDANCE_TARGET * 100);
  print_notes (r->notes[0]);

  g_print ("\n");
  if (r->responses > 0)
    {
      g_print (_("1 Reaction: mean %.2f of 5 (target ≥ %.1f), %u answers, %.0f%% of the members\n"), r->reaction_mean,
               KEFU_COHORT_REACTION_TARGET, r->responses, r->response_rate * 100);
      for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
        {
          g_print ("  ");
          print_padded (kefu_survey_item_label (i), 28);
          g_print ("%.2f\n", r->item_mean[i]);
        }
    }
  else
    g_print ("%s\n", _("1 Reaction: no answers"));
  print_notes (r->notes[1]);

  g_print ("\n");
  {
    g_autofree char *exam = isnan (r->exam_mean) ? g_strdup ("—") : g_strdup_printf ("%.1f", r->exam_mean);
    g_autofree char *practical = isnan (r->practical_mean) ? g_strdup ("—") : g_strdup_printf ("%.1f", r->practical_mean);
    g_print (_("2 Learning (results up to %s): exam %u of %u passed (≥ %.0f), mean %s; practical %u of %u passed (≥ %.0f), mean %s\n"),
             until, r->exam_passed, r->exam_taken, KEFU_COHORT_EXAM_PASS, exam,
             r->practical_passed, r->practical_taken, KEFU_COHORT_PRACTICAL_PASS, practical);
  }
  print_notes (r->notes[2]);

  g_print ("\n");
  g_print (_("3 Behaviour: the trainees’ own tickets, from %s to the start and from the end to %s\n"), b3, a3);
  g_print ("  ");
  print_padded (_("All trainees"), 28);
  print_padded (_("Before"), 12);
  print_padded (_("After"), 12);
  print_padded (_("Change"), 22);
  g_print ("\n");
  for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
    print_figure_row ("  ", kefu_behaviour_info (f), &r->behaviour[f]);
  for (guint i = 0; i < r->trainees->len; i++)
    {
      const KefuCohortTrainee *t = r->trainees->pdata[i];
      g_autofree char *exam = isnan (t->exam_percent) ? g_strdup ("—") : g_strdup_printf ("%.1f", t->exam_percent);
      g_autofree char *practical = isnan (t->practical_score) ? g_strdup ("—") : g_strdup_printf ("%.1f", t->practical_score);

      g_print (_("  %s (%s): %.1f hours, exam %s, practical %s, survey %s\n"), t->name, kefu_tier_label (t->tier), t->hours,
               exam, practical, t->answered_survey ? _("answered") : _("not answered"));
      for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
        print_figure_row ("    ", kefu_behaviour_info (f), &t->behaviour[f]);
    }
  print_notes (r->notes[3]);

  g_print ("\n");
  g_print (_("4 Results: from %s to the start and from the end to %s\n"), b4, a4);
  for (guint i = 0; i < r->results->len; i++)
    {
      const KefuCohortResults *res = r->results->pdata[i];
      g_print (_("  %s: %lld tickets before, %lld after\n"), res->scope,
               (long long) res->tickets_before, (long long) res->tickets_after);
      for (KefuResultFigure f = 0; f < KEFU_RESULT_N; f++)
        print_figure_row ("    ", kefu_result_info (f), &res->figures[f]);
    }
  if (isnan (r->roi))
    g_print (_("  Return: costs %.0f yuan, savings %.0f yuan; no ratio without costs (target 1:%.0f)\n"), r->costs,
             r->savings, KEFU_COHORT_ROI_TARGET);
  else
    g_print (_("  Return: costs %.0f yuan, savings %.0f yuan, 1:%.1f (target 1:%.0f)\n"), r->costs, r->savings, r->roi,
             KEFU_COHORT_ROI_TARGET);
  print_notes (r->notes[4]);
}

static double
number_option (const char *value,
               const char *option,
               gboolean   *ok)
{
  char *end = NULL;
  double v;

  if (value == NULL)
    return NAN;
  v = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0')
    {
      g_printerr (_("training: %s takes a number, not “%s”.\n"), option, value);
      *ok = FALSE;
    }
  return v;
}

/* training checkpoints COHORT, training observe COHORT LOGIN … (kefu-cohort-plan.c) */
static int
training_follow_up (const char  *db_path,
                    int          argc,
                    char       **argv)
{
  static const char *names[] = { "--week", "--phrases", "--handling", "--cooperation", "--note", NULL };
  const char *values[G_N_ELEMENTS (names)] = { NULL };
  const char *usage = _("Usage: kefu-cli [--db FILE] --as LOGIN training checkpoints COHORT\n"
                        "       kefu-cli [--db FILE] --as LOGIN training observe COHORT LOGIN --week N --phrases PERCENT "
                        "[--handling MIN] --cooperation 1-5 [--note TEXT]");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean observe = g_str_equal (argv[1], "observe");
  gboolean ok = TRUE;
  double week, phrases, handling, cooperation;
  gint64 cohort;

  if (!take_options (argc - 1, argv + 1, "training", names, values, args))
    return 2;
  week = number_option (values[0], "--week", &ok);
  phrases = number_option (values[1], "--phrases", &ok);
  handling = number_option (values[2], "--handling", &ok);
  cooperation = number_option (values[3], "--cooperation", &ok);
  if (!ok || args->len != (observe ? 2u : 1u) ||
      (observe && (isnan (week) || isnan (phrases) || isnan (cooperation))) ||
      (!observe && (values[0] || values[1] || values[2] || values[3] || values[4])))
    {
      g_printerr ("%s\n", usage);
      return 2;
    }
  store = observe ? open_store_as_person (db_path, "training") : training_store_to_read (db_path, "training");
  if (store == NULL)
    return 1;
  cohort = kefu_cohort_find (store, args->pdata[0], &error);
  if (cohort <= 0)
    return fail_with (error);
  if (observe)
    {
      g_autoptr(KefuUser) trainee = kefu_desk_find_user (store, args->pdata[1], NULL);

      if (trainee == NULL)
        {
          g_printerr (_("training: there is no user “%s”.\n"), (const char *) args->pdata[1]);
          return 1;
        }
      if (week != floor (week) || week < 1 || cooperation != floor (cooperation) ||
          kefu_cohort_observe (store, cohort, kefu_user_get_id (trainee), (guint) week, phrases, handling,
                               (int) cooperation, values[4], &error) <= 0)
        {
          g_printerr ("%s\n", error != NULL ? error->message : _("training: --week and --cooperation are whole numbers."));
          return 1;
        }
      g_print (_("Week %u of %s observed: standard phrases %.0f%%, cooperation %d of 5.\n"), (guint) week,
               kefu_user_get_name (trainee), phrases, (int) cooperation);
      return 0;
    }
  {
    g_autoptr(GPtrArray) list = kefu_cohort_checkpoints (store, cohort, &error);

    if (list == NULL)
      return fail_with (error);
    if (list->len == 0)
      g_print ("%s\n", _("The course has not ended: its checkpoints come when it does."));
    for (guint i = 0; i < list->len; i++)
      {
        KefuCohortCheckpoint *k = list->pdata[i];
        g_autofree char *due = kefu_format_time (k->due_at, "%Y-%m-%d");
        const char *state = k->state == KEFU_CHECKPOINT_DONE ? _("done") : k->state == KEFU_CHECKPOINT_DUE ? _("due")
                                                                                                            : _("upcoming");
        g_print ("%s  %s  %s%s%s\n", due, kefu_checkpoint_title (k->months), state, k->note != NULL ? " · " : "",
                 k->note != NULL ? k->note : "");
      }
  }
  return 0;
}

int
cmd_training (const char  *db_path,
              int          argc,
              char       **argv)
{
  const char *usage_list = _("Usage: kefu-cli [--db FILE] training cohorts [--json]");
  const char *usage_report = _("       kefu-cli [--db FILE] --as LOGIN training report COHORT [--json] [--out FILE.xlsx|pdf]   COHORT is its number or name");
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *what = argc > 1 ? argv[1] : NULL;
  const char *cohort = NULL;
  const char *out = NULL;
  gboolean json = FALSE;

  if (g_strcmp0 (what, "checkpoints") == 0 || g_strcmp0 (what, "observe") == 0)
    return training_follow_up (db_path, argc, argv);
  if (g_strcmp0 (what, "practical") == 0)
    return training_practical (db_path, argc, argv);
  if (g_strcmp0 (what, "certificates") == 0 || g_strcmp0 (what, "certify") == 0 ||
      g_strcmp0 (what, "certificate") == 0)
    return training_certificates (db_path, argc, argv);
  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (g_str_equal (argv[i], "--out") && i + 1 < argc && g_strcmp0 (what, "report") == 0)
        out = argv[++i];
      else if (g_str_equal (argv[i], "--help"))
        what = "--help";
      else if (g_str_has_prefix (argv[i], "--") || cohort != NULL || g_strcmp0 (what, "report") != 0)
        {
          g_printerr (_("training: unexpected “%s”.\n"), argv[i]);
          return 2;
        }
      else
        cohort = argv[i];
    }
  if (g_strcmp0 (what, "--help") == 0)
    {
      g_print ("%s\n%s\n", usage_list, usage_report);
      return 0;
    }
  if (g_strcmp0 (what, "cohorts") == 0)
    {
      g_autoptr(GPtrArray) list = NULL;

      /* names of courses and groups, dates and counts: nobody's results */
      store = open_store_to_read (db_path);
      if (store == NULL)
        return 1;
      list = kefu_cohorts (store, &error);
      if (list == NULL)
        return fail_with (error);
      if (json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();

          json_builder_begin_array (b);
          for (guint i = 0; i < list->len; i++)
            {
              const KefuCohortSummary *c = list->pdata[i];
              g_autofree char *starts = format_day (c->starts_at);
              g_autofree char *ends = format_day (c->ends_at - 1);

              json_builder_begin_object (b);
              json_builder_set_member_name (b, "id");
              json_builder_add_int_value (b, c->id);
              json_builder_set_member_name (b, "name");
              json_builder_add_string_value (b, c->name);
              json_builder_set_member_name (b, "course");
              json_builder_add_string_value (b, c->course);
              json_builder_set_member_name (b, "layer");
              json_builder_add_string_value (b, c->layer);
              json_builder_set_member_name (b, "starts");
              json_builder_add_string_value (b, starts);
              json_builder_set_member_name (b, "ends");
              json_builder_add_string_value (b, ends);
              json_builder_set_member_name (b, "state");
              json_builder_add_string_value (b, kefu_cohort_state_code (c->state));
              json_string_or_null (b, "group", c->group);
              json_builder_set_member_name (b, "members");
              json_builder_add_int_value (b, c->n_members);
              json_builder_set_member_name (b, "sessions");
              json_builder_add_int_value (b, c->n_sessions);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          print_json (b);
          return 0;
        }
      for (guint i = 0; i < list->len; i++)
        {
          const KefuCohortSummary *c = list->pdata[i];
          g_autofree char *starts = format_day (c->starts_at);
          g_autofree char *ends = format_day (c->ends_at - 1);

          g_print ("%4" G_GINT64_FORMAT "  %s – %s  ", c->id, starts, ends);
          print_padded (kefu_cohort_state_label (c->state), 10);
          print_padded (c->name, 36);
          /* Translators: the members of a cohort */
          g_print (_("%u members"), c->n_members);
          g_print ("  %s\n", c->group != NULL ? c->group : "");
        }
      if (list->len == 0)
        g_print ("%s\n", _("No cohorts yet."));
      return 0;
    }
  if (g_strcmp0 (what, "report") == 0 && cohort != NULL)
    {
      g_autoptr(KefuCohortReport) report = NULL;
      gint64 id;

      /* each trainee's results and tickets: for those whose role may see others' */
      store = training_store_to_read (db_path, "training");
      if (store == NULL)
        return 1;
      id = kefu_cohort_find (store, cohort, &error);
      if (id > 0)
        report = kefu_cohort_report (store, id, &error);
      if (report == NULL || (out != NULL && !kefu_cohort_report_write (report, out, &error)))
        return fail_with (error);
      if (out != NULL)
        g_print (_("Wrote the report of cohort %lld to “%s”.\n"), (long long) id, out);
      else if (json)
        {
          g_autofree char *text = kefu_cohort_report_to_json (report);
          g_print ("%s\n", text);
        }
      else
        print_cohort_report (report);
      return 0;
    }
  g_printerr ("%s\n%s\n", usage_list, usage_report);
  return 2;
}
