/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-people.c — kefu-cli people (profiles, the appraisal, goals,
 * radar sources, 360° reviews, the case library, internal trainers)
 */
#include "config.h"

#include "kefu-trainers.h"

#include "kefu-cli-private.h"


static void
print_people_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN people profile LOGIN [--quarter YYYY-Qn] [--json]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people appraisal --quarter YYYY-Qn|--year YYYY [--json]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people goal add LOGIN --kpi KPI --target N --deadline YYYY-MM-DD [--note TEXT]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people goal list [LOGIN] [--json]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people source list | people source set KIND KEY --family FAMILY [--weight W]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people review start LOGIN --quarter YYYY-Qn --peers LOGIN,LOGIN,…\n"
                          "       kefu-cli [--db FILE] --as LOGIN people review answer ROUND --scores N,N,N,N,N | people review show ROUND [--json]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people case from-ticket NUMBER [--type TYPE] [--risk red|yellow|blue] [--title T] [--lessons TEXT] [--save]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people case list\n"
                          "KPI is a key of “report kpi --json” (first_contact_resolution_rate…); rates are given in percent."));
  fprintf (out, "%s\n", _("       kefu-cli [--db FILE] --as LOGIN people trainer screen LOGIN --years N --lecture C,C,I,D [--satisfaction N] [--major-complaint yes|no]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people trainer evaluate LOGIN --year YYYY --results N --courses N --contribution N [--satisfaction N]\n"
                          "Internal trainers (内训师): the certification screen (the trial lecture's content, clarity, interaction, delivery, 0–100) "
                          "and the yearly evaluation; satisfaction, if not given, is measured from the cohorts' surveys."));
}

/* A percentage or a score, or "—" */
static char *
format_percent (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.1f", value);
}

static char *
local_day (gint64 unix_utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_utc);
  return g_date_time_format (dt, "%Y-%m-%d");
}

/* Which of a subcommand's options were given, one character each in the
 * order of its names[]: '+' given, '-' not given, '?' either:
 * options_are (values, "+-?") */
static gboolean
options_are (const char * const *values,
             const char         *pattern)
{
  for (guint i = 0; pattern[i] != '\0'; i++)
    if ((pattern[i] == '+' && values[i] == NULL) || (pattern[i] == '-' && values[i] != NULL))
      return FALSE;
  return TRUE;
}

/* A goal's figure as the user reads it: rates in percent */
static char *
format_goal_value (KefuKpi kpi,
                   double  value)
{
  return kefu_kpi_format (kpi, value);
}

static void
print_goals (GPtrArray *goals)
{
  if (goals->len == 0)
    {
      g_print ("%s\n", _("No goals."));
      return;
    }
  for (guint i = 0; i < goals->len; i++)
    {
      KefuGoal *g = goals->pdata[i];
      g_autofree char *baseline = format_goal_value (g->kpi, g->baseline);
      g_autofree char *target = format_goal_value (g->kpi, g->target);
      g_autofree char *current = format_goal_value (g->kpi, g->current);
      g_autofree char *deadline = local_day (g->deadline - 1);   /* by the end of that day */
      g_autofree char *progress = isnan (g->progress) ? g_strdup ("—") : g_strdup_printf ("%.0f%%", g->progress * 100);

      /* Translators: one SMART goal: id, person, KPI, baseline → target, the figure now, progress, deadline, state */
      g_print (_("#%lld %s (%s) %s: %s → %s, now %s, progress %s, deadline %s — %s%s\n"),
               (long long) g->id, g->name, g->login, _(kefu_kpi_info (g->kpi)->label), baseline, target, current, progress,
               deadline, g->state == KEFU_GOAL_OVERDUE ? "⚠ " : "", kefu_goal_state_label (g->state));
      if (g->note != NULL)
        g_print ("    %s\n", g->note);
    }
}

static void
print_profile (KefuProfile *p)
{
  g_autofree char *from = local_day (p->from);
  g_autofree char *last = local_day (p->to - 1);
  g_autoptr(GString) passed = g_string_new (NULL);
  g_autoptr(GString) weak = g_string_new (NULL);

  g_print (_("Profile of %s (%s), %s: tickets from %s to %s\n"), p->name, p->login,
           kefu_code_label (KEFU_CODES_ROLE, p->role), from, last);
  g_print ("\n%s\n", _("Capability radar (0–100; each family is the weighted mean of its sources with data)"));
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    {
      g_autofree char *score = format_percent (p->radar[f].score);
      const char *label = kefu_capability_label (f);

      g_print ("  %s%*s %6s\n", label, MAX (20 - display_width (label), 0), "", score);
      for (guint i = 0; i < p->radar[f].sources->len; i++)
        {
          KefuCapabilitySource *s = p->radar[f].sources->pdata[i];
          g_autofree char *what = kefu_capability_source_label (s);
          g_autofree char *value = format_percent (s->value);

          /* Translators: one source of a capability score: its name, value, weight and how many items, tickets or ratings it rests on */
          g_print (_("      %s: %s (weight %g, n = %u)\n"), what, value, s->weight, s->n);
        }
    }
  for (guint i = 0; i < p->modules->len; i++)
    {
      KefuModuleResult *m = p->modules->pdata[i];
      GString *into = m->passed ? passed : weak;

      g_string_append_printf (into, "%s%s %.1f%%", into->len > 0 ? _(", ") : "",
                              kefu_code_label (KEFU_CODES_MODULE, m->module), m->percent);
    }
  g_print ("\n%s %s\n", _("Modules passed:"), passed->len > 0 ? passed->str : "—");
  g_print ("%s %s\n", _("Weak modules:"), weak->len > 0 ? weak->str : "—");
  g_print ("\n%s\n", _("Practical assessments:"));
  if (p->practicals->len == 0)
    g_print ("  —\n");
  for (guint i = 0; i < p->practicals->len; i++)
    {
      KefuPracticalResult *r = p->practicals->pdata[i];
      g_autofree char *day = local_day (r->held_at);
      g_autofree char *score = format_percent (r->mean);

      g_print ("  ");
      /* Translators: a practical assessment: date, scenario, score (result) */
      g_print (_("%s %s: %s (%s)"), day, r->scenario, score,
               r->n_raters == 0 ? _("not rated yet") : r->passed ? _("passed") : _("not passed"));
      g_print ("\n");
    }
  g_print ("\n%s\n", _("Ticket KPIs of the tickets they own:"));
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      g_autofree char *value = kefu_kpi_format (k, p->kpi->value[k]);
      const char *label = _(kefu_kpi_info (k)->label);

      g_print ("  %s%*s %12s\n", label, MAX (28 - display_width (label), 0), "", value);
    }
  g_print ("\n%s\n", _("Goals:"));
  print_goals (p->goals);
}

static int
people_profile (const char  *db_path,
                int          argc,
                char       **argv,
                gboolean     json)
{
  static const char *names[] = { "--quarter", NULL };
  const char *values[1] = { NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  gint64 from = 0, to = 0, id;

  if (!take_options (argc, argv, "people", names, values, args) || args->len != 1)
    {
      print_people_usage (stderr);
      return 2;
    }
  if (values[0] != NULL && !kefu_people_parse_quarter (values[0], &from, &to, &error))
    {
      g_printerr ("people: %s\n", error->message);
      return 2;
    }
  store = open_store_to_read_as (db_path, "people");
  if (store == NULL)
    return 1;
  if (values[0] == NULL)
    kefu_people_quarter_of (kefu_store_now (store), &from, &to);
  id = user_id_of (store, args->pdata[0]);
  if (id <= 0)
    return 1;
  profile = kefu_profile_load (store, id, from, to, &error);
  if (profile == NULL)
    return fail_with (error);
  if (json)
    {
      g_autofree char *text = kefu_profile_to_json (profile);
      g_print ("%s\n", text);
    }
  else
    print_profile (profile);
  return 0;
}

static int
people_appraisal (const char  *db_path,
                  int          argc,
                  char       **argv,
                  gboolean     json)
{
  static const char *names[] = { "--quarter", "--year", NULL };
  const char *values[2] = { NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  KefuGradeThresholds t;
  gint64 from = 0, to = 0;

  if (!take_options (argc, argv, "people", names, values, args) || args->len != 0 ||
      (values[0] == NULL) == (values[1] == NULL))
    {
      print_people_usage (stderr);
      return 2;
    }
  if (values[0] != NULL ? !kefu_people_parse_quarter (values[0], &from, &to, &error)
                        : !kefu_people_parse_year (values[1], &from, &to, &error))
    {
      g_printerr ("people: %s\n", error->message);
      return 2;
    }
  store = open_store_to_read_as (db_path, "people");
  if (store == NULL)
    return 1;
  list = kefu_appraisal_compute (store, from, to, &error);
  if (list == NULL)
    return fail_with (error);
  if (json)
    {
      g_autofree char *text = kefu_appraisals_to_json (list, from, to);
      g_print ("%s\n", text);
      return 0;
    }
  kefu_appraisal_get_thresholds (store, &t);
  g_print (_("Appraisal for %s: the mean of on-time response, on-time resolution, complaint closure, first-contact "
             "resolution, satisfaction and follow-up calls (those with data) over each agent’s own tickets.\n"),
           values[0] != NULL ? values[0] : values[1]);
  g_print (_("Grades: %s ≥ %g%%, %s ≥ %g%%, %s ≥ %g%%, %s below %g%%.\n"),
           kefu_grade_label (KEFU_GRADE_EXCELLENT), t.excellent, kefu_grade_label (KEFU_GRADE_GOOD), t.good,
           kefu_grade_label (KEFU_GRADE_FAIR), t.fair, kefu_grade_label (KEFU_GRADE_NEEDS_IMPROVEMENT),
           t.needs_improvement_below);
  for (guint i = 0; i < list->len; i++)
    {
      KefuAppraisal *a = list->pdata[i];
      g_autofree char *percent = isnan (a->percent) ? g_strdup ("—") : g_strdup_printf ("%.1f%%", a->percent);
      const char *grade = kefu_grade_label (a->grade);

      g_print ("  %s%*s %-12s %8s  %s%*s", a->name, MAX (10 - display_width (a->name), 0), "", a->login, percent,
               grade, MAX (10 - display_width (grade), 0), "");
      if (a->noted)
        /* Translators: after a grade of 一般 for a percentage between the two thresholds */
        g_print (_(" (between %g%% and %g%%: a band the standard leaves unnamed)"), t.needs_improvement_below, t.fair);
      g_print ("\n");
    }
  return 0;
}

static int
people_goal (const char  *db_path,
             int          argc,
             char       **argv,
             gboolean     json)
{
  static const char *names[] = { "--kpi", "--target", "--deadline", "--note", NULL };
  const char *values[4] = { NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *what;

  if (!take_options (argc, argv, "people", names, values, args))
    return 2;
  what = args->len > 0 ? args->pdata[0] : "";
  if (g_str_equal (what, "list") && args->len <= 2 && options_are (values, "----"))
    {
      g_autoptr(GPtrArray) goals = NULL;
      gint64 id = 0;

      store = open_store_to_read_as (db_path, "people");
      if (store == NULL)
        return 1;
      if (args->len == 2 && (id = user_id_of (store, args->pdata[1])) <= 0)
        return 1;
      goals = kefu_goal_list (store, id, &error);
      if (goals == NULL)
        return fail_with (error);
      if (json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "goals");
          kefu_people_goals_json (b, goals);
          json_builder_end_object (b);
          print_json (b);
        }
      else
        print_goals (goals);
      return 0;
    }
  if (g_str_equal (what, "add") && args->len == 2 && options_are (values, "+++?"))
    {
      int kpi = kefu_kpi_from_key (values[0]);
      char *end = NULL;
      double target = g_ascii_strtod (values[1], &end);
      gint64 day = 0, deadline, id, user;

      if (kpi < 0 || !kefu_goal_kpi_allowed (kpi))
        {
          g_printerr (_("people: “%s” is not a KPI a goal can have (use a key of “report kpi --json” such as "
                        "first_contact_resolution_rate, satisfaction or mean_response_min).\n"), values[0]);
          return 2;
        }
      if (end == values[1] || *end != '\0' || isnan (target))
        {
          g_printerr (_("people: --target takes a number, not “%s”.\n"), values[1]);
          return 2;
        }
      if (!kefu_export_parse_date (values[2], &day))
        {
          g_printerr (_("people: --deadline takes a day like “2026-12-31”, not “%s”.\n"), values[2]);
          return 2;
        }
      {
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (day);
        g_autoptr(GDateTime) next = g_date_time_add_days (dt, 1);
        deadline = g_date_time_to_unix (next);   /* by the end of that day */
      }
      if (kefu_kpi_info (kpi)->format == KEFU_KPI_FORMAT_RATE)
        target /= 100;
      store = open_store_as (db_path, "people");
      if (store == NULL)
        return 1;
      user = user_id_of (store, args->pdata[1]);
      if (user <= 0)
        return 1;
      id = kefu_goal_add (store, user, kpi, target, deadline, values[3], &error);
      if (id <= 0)
        return fail_with (error);
      g_print (_("Goal #%lld set.\n"), (long long) id);
      return 0;
    }
  print_people_usage (stderr);
  return 2;
}

static int
people_source (const char  *db_path,
               int          argc,
               char       **argv)
{
  static const char *names[] = { "--family", "--weight", NULL };
  const char *values[2] = { NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *what;

  if (!take_options (argc, argv, "people", names, values, args))
    return 2;
  what = args->len > 0 ? args->pdata[0] : "";
  if (g_str_equal (what, "list") && args->len == 1 && options_are (values, "--"))
    {
      g_autoptr(GPtrArray) sources = NULL;

      store = open_store_to_read (db_path);
      if (store == NULL)
        return 1;
      sources = kefu_capability_sources (store, &error);
      if (sources == NULL)
        return fail_with (error);
      for (guint i = 0; i < sources->len; i++)
        {
          KefuCapabilitySource *s = sources->pdata[i];
          g_autofree char *label = kefu_capability_source_label (s);
          const char *family = kefu_capability_label (s->family);

          g_print ("  %s%*s %-10s %-32s %g  %s\n", family, MAX (16 - display_width (family), 0), "", s->kind, s->key,
                   s->weight, label);
        }
      return 0;
    }
  if (g_str_equal (what, "set") && args->len == 3 && options_are (values, "+?"))
    {
      char *end = NULL;
      double weight = values[1] != NULL ? g_ascii_strtod (values[1], &end) : 1;

      if (values[1] != NULL && (end == values[1] || *end != '\0'))
        {
          g_printerr (_("people: --weight takes a number, not “%s”.\n"), values[1]);
          return 2;
        }
      store = open_store_as (db_path, "people");
      if (store == NULL)
        return 1;
      if (!kefu_capability_source_set (store, args->pdata[1], args->pdata[2], values[0], weight, &error))
        return fail_with (error);
      g_print (_("The radar’s %s “%s” now counts for %s, weight %g.\n"), (const char *) args->pdata[1],
               (const char *) args->pdata[2], kefu_capability_label (kefu_capability_from_code (values[0])), weight);
      return 0;
    }
  print_people_usage (stderr);
  return 2;
}

static int
people_review (const char  *db_path,
               int          argc,
               char       **argv,
               gboolean     json)
{
  static const char *names[] = { "--quarter", "--peers", "--scores", NULL };
  const char *values[3] = { NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *what;
  guint64 round = 0;

  if (!take_options (argc, argv, "people", names, values, args))
    return 2;
  what = args->len > 0 ? args->pdata[0] : "";
  if ((g_str_equal (what, "answer") || g_str_equal (what, "show")) && args->len == 2 &&
      (!parse_uint (args->pdata[1], G_MAXINT64, &round) || round == 0))
    {
      g_printerr (_("people: “%s” is not a review round’s number.\n"), (const char *) args->pdata[1]);
      return 2;
    }
  if (g_str_equal (what, "start") && args->len == 2 && options_are (values, "++-"))
    {
      g_auto(GStrv) logins = g_strsplit (values[1], ",", -1);
      g_autoptr(GArray) peers = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 from, to, user, id;

      if (!kefu_people_parse_quarter (values[0], &from, &to, &error))
        {
          g_printerr ("people: %s\n", error->message);
          return 2;
        }
      store = open_store_as (db_path, "people");
      if (store == NULL || (user = user_id_of (store, args->pdata[1])) <= 0)
        return 1;
      for (guint i = 0; logins[i] != NULL; i++)
        {
          gint64 peer = user_id_of (store, g_strstrip (logins[i]));
          if (peer <= 0)
            return 1;
          g_array_append_val (peers, peer);
        }
      id = kefu_review_start (store, user, from, to, (const gint64 *) peers->data, peers->len, &error);
      if (id <= 0)
        return fail_with (error);
      g_print (_("360° review #%lld started; %u peers asked.\n"), (long long) id, peers->len);
      return 0;
    }
  if (g_str_equal (what, "answer") && args->len == 2 && options_are (values, "--+"))
    {
      g_auto(GStrv) parts = g_strsplit (values[2], ",", -1);
      double scores[KEFU_N_REVIEW_ITEMS];

      if (g_strv_length (parts) != KEFU_N_REVIEW_ITEMS)
        {
          g_printerr (_("people: --scores takes five scores 0–100, comma-separated: 工作成果, 团队管理, 沟通, 应急处理, 服务质量.\n"));
          return 2;
        }
      for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
        {
          char *end = NULL;
          scores[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
          if (end == parts[i] || *end != '\0')
            {
              g_printerr (_("people: --scores takes numbers, not “%s”.\n"), parts[i]);
              return 2;
            }
        }
      store = open_store_as (db_path, "people");
      if (store == NULL)
        return 1;
      if (!kefu_review_answer (store, round, scores, &error))
        return fail_with (error);
      g_print (_("Answer saved.\n"));
      return 0;
    }
  if (g_str_equal (what, "show") && args->len == 2 && options_are (values, "---"))
    {
      g_autoptr(KefuReviewResult) r = NULL;

      store = open_store_to_read_as (db_path, "people");
      if (store == NULL)
        return 1;
      r = kefu_review_result (store, round, &error);
      if (r == NULL)
        return fail_with (error);
      if (json)
        {
          g_autofree char *text = kefu_review_result_to_json (r);
          g_print ("%s\n", text);
          return 0;
        }
      g_print (_("360° review #%lld of %s: %u of %u peers answered%s\n"), (long long) r->round_id, r->name,
               r->peers_answered, r->peers_asked,
               r->peers_shown ? "" : _(" (peers' scores are shown from 3 answers on)"));
      {
        const char *heads[] = { "", _("Self"), _("Supervisor"), _("Peers") };

        for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
          g_print ("%*s%s", MAX ((c == 0 ? 20 : 12) - display_width (heads[c]), 0), "", heads[c]);
        g_print ("\n");
      }
      for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
        {
          g_autofree char *a = format_percent (r->self[i]);
          g_autofree char *b = format_percent (r->supervisor[i]);
          g_autofree char *c = format_percent (r->peers[i]);
          const char *cells[] = { a, b, c };
          const char *label = kefu_review_item_label (i);

          g_print ("  %s%*s", label, MAX (18 - display_width (label), 0), "");
          for (guint k = 0; k < G_N_ELEMENTS (cells); k++)
            g_print ("%*s%s", MAX (12 - display_width (cells[k]), 0), "", cells[k]);
          g_print ("\n");
        }
      {
        g_autofree char *owners = format_percent (r->owners);
        g_print (_("  Owners' satisfaction from follow-ups: %s (%u ratings)\n"), owners, r->owner_ratings);
      }
      return 0;
    }
  print_people_usage (stderr);
  return 2;
}

static void
print_case (const KefuCase *c)
{
  g_print ("%s\n", c->title);
  g_print (_("Type: %s · risk: %s\n"), kefu_case_type_label (c->type), kefu_risk_label (c->risk));
  g_print ("\n%s\n%s\n", _("What happened:"), c->happened != NULL ? c->happened : "—");
  g_print ("\n%s\n%s\n", _("How it was handled:"), c->handling != NULL && *c->handling != '\0' ? c->handling : "—");
  g_print ("\n%s\n%s\n", _("Result:"), c->result != NULL ? c->result : "—");
  g_print ("\n%s\n%s\n", _("Lessons:"), c->lessons != NULL ? c->lessons : "—");
}

/* people case from-ticket NUMBER [--save …] | people case list */
static int
people_case (const char  *db_path,
             int          argc,
             char       **argv)
{
  static const char *names[] = { "--type", "--risk", "--lessons", "--title", NULL };
  const char *values[4] = { NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean save = FALSE;
  const char *what;

  for (int i = 0; i < argc; i++)
    if (g_str_equal (argv[i], "--save"))
      save = TRUE;
    else
      g_ptr_array_add (rest, argv[i]);
  if (!take_options (rest->len, (char **) rest->pdata, "people", names, values, args))
    return 2;
  what = args->len > 0 ? args->pdata[0] : "";
  if (g_str_equal (what, "list") && args->len == 1 && !save)
    {
      g_autoptr(GPtrArray) list = NULL;

      store = open_store_to_read_as (db_path, "people");
      if (store == NULL)
        return 1;
      list = kefu_case_list (store, &error);
      if (list == NULL)
        return fail_with (error);
      for (guint i = 0; i < list->len; i++)
        {
          KefuCase *c = list->pdata[i];
          g_print ("#%lld [%s] %s — %s\n", (long long) c->id, kefu_risk_label (c->risk), c->title,
                   kefu_case_type_label (c->type));
        }
      if (list->len == 0)
        g_print ("%s\n", _("No cases yet."));
      return 0;
    }
  if (g_str_equal (what, "from-ticket") && args->len == 2)
    {
      g_autoptr(KefuCase) c = NULL;
      gint64 ticket;
      int type = values[0] != NULL ? kefu_case_type_from_code (values[0]) : 0;
      int risk = values[1] != NULL ? kefu_risk_from_code (values[1]) : 0;

      if (type < 0 || risk < 0)
        {
          g_printerr (_("people: --type is public_opinion, legal, operational or service; --risk is red, yellow or blue.\n"));
          return 2;
        }
      store = open_store_as (db_path, "people");
      if (store == NULL)
        return 1;
      ticket = kefu_desk_find_ticket (store, args->pdata[1]);
      if (ticket <= 0)
        {
          g_printerr (_("There is no ticket “%s”.\n"), (const char *) args->pdata[1]);
          return 1;
        }
      c = kefu_case_draft_from_ticket (store, ticket, &error);
      if (c == NULL)
        return fail_with (error);
      if (values[0] != NULL)
        c->type = type;
      if (values[1] != NULL)
        c->risk = risk;
      if (values[2] != NULL)
        c->lessons = g_strdup (values[2]);
      if (values[3] != NULL)
        {
          g_free (c->title);
          c->title = g_strdup (values[3]);
        }
      print_case (c);
      if (!save)
        {
          g_print ("\n%s\n", _("A draft, personal data removed; nothing saved. Add --save to keep it in the case library."));
          return 0;
        }
      c->id = kefu_case_save (store, c, &error);
      if (c->id <= 0)
        return fail_with (error);
      g_print ("\n");
      g_print (_("Saved as case #%lld.\n"), (long long) c->id);
      return 0;
    }
  print_people_usage (stderr);
  return 2;
}

/* people trainer screen|evaluate: internal trainers (kefu-trainers.h) */
static gboolean
figure_of (const char  *option,
           const char  *text,
           double      *value)
{
  char *end = NULL;

  *value = text != NULL ? g_ascii_strtod (text, &end) : NAN;
  if (text == NULL || end == text || *end != '\0' || isnan (*value))
    {
      g_printerr (_("people: %s takes a number, not “%s”.\n"), option, text != NULL ? text : "");
      return FALSE;
    }
  return TRUE;
}

/* A trainer's satisfaction from the cohorts' surveys in [from, to), unless
 * --satisfaction gave it (@satisfaction not NaN); @year names the span
 * (NULL: the last twelve months). FALSE after saying why not. */
static gboolean
measure_satisfaction (KefuStore   *store,
                      gint64       id,
                      const char  *login,
                      gint64       from,
                      gint64       to,
                      const char  *year,
                      double      *satisfaction)
{
  g_autoptr(GError) error = NULL;
  guint n;

  if (!isnan (*satisfaction))
    return TRUE;
  if (!kefu_trainer_satisfaction (store, id, from, to, satisfaction, &n, &error))
    {
      fail_with (error);
      return FALSE;
    }
  if (n == 0)
    {
      if (year != NULL)
        g_printerr (_("people: no survey rated %s as trainer in %s: give --satisfaction.\n"), login, year);
      else
        g_printerr (_("people: no survey rated %s as trainer in the last twelve months: give --satisfaction.\n"),
                    login);
      return FALSE;
    }
  return TRUE;
}

static int
people_trainer (const char  *db_path,
                int          argc,
                char       **argv)
{
  static const char *names[] = { "--years", "--lecture", "--satisfaction", "--major-complaint", "--year", "--results",
                                 "--courses", "--contribution", NULL };
  const char *values[8] = { NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean screen;
  gint64 id, from = 0, to = 0;
  double satisfaction = NAN;

  if (!take_options (argc, argv, "people", names, values, args) || args->len != 2 ||
      (!g_str_equal (args->pdata[0], "screen") && !g_str_equal (args->pdata[0], "evaluate")))
    {
      print_people_usage (stderr);
      return 2;
    }
  screen = g_str_equal (args->pdata[0], "screen");
  if (values[2] != NULL && !figure_of ("--satisfaction", values[2], &satisfaction))
    return 2;
  if (screen)
    {
      g_autoptr(GDateTime) now = NULL;
      KefuTrainerCandidate c = { 0 };
      g_auto(GStrv) parts = g_strsplit (values[1] != NULL ? values[1] : "", ",", -1);
      g_autoptr(KefuTrainerScreen) result = NULL;

      if (!figure_of ("--years", values[0], &c.years))
        return 2;
      if (g_strv_length (parts) != KEFU_N_LECTURE_CRITERIA)
        {
          g_printerr (_("people: --lecture takes four scores, content, clarity, interaction and delivery, like "
                        "“85,80,78,90”.\n"));
          return 2;
        }
      for (guint i = 0; i < KEFU_N_LECTURE_CRITERIA; i++)
        if (!figure_of ("--lecture", parts[i], &c.lecture[i]))
          return 2;
      if (values[3] != NULL && !g_str_equal (values[3], "yes") && !g_str_equal (values[3], "no"))
        {
          g_printerr (_("people: --major-complaint takes yes or no, not “%s”.\n"), values[3]);
          return 2;
        }
      c.major_complaint = g_strcmp0 (values[3], "yes") == 0;
      store = open_store_to_read_as (db_path, "people");
      if (store == NULL)
        return 1;
      id = user_id_of (store, args->pdata[1]);
      if (id <= 0)
        return 1;
      if (isnan (satisfaction))
        {
          /* the twelve months before now */
          now = g_date_time_new_from_unix_local (kefu_store_now (store));
          {
            g_autoptr(GDateTime) year_ago = g_date_time_add_years (now, -1);
            from = g_date_time_to_unix (year_ago);
          }
          to = kefu_store_now (store) + 1;
        }
      if (!measure_satisfaction (store, id, args->pdata[1], from, to, NULL, &satisfaction))
        return 1;
      c.satisfaction = satisfaction;
      result = kefu_trainer_screen (&c, &error);
      if (result == NULL)
        {
          g_printerr ("people: %s\n", error->message);
          return 2;
        }
      g_print (_("Trainees’ satisfaction: %.1f\nTrial lecture: %.1f\n"), c.satisfaction, result->lecture);
      g_print ("%s\n", result->passed ? _("Meets every condition of the internal trainer certification.")
                                      : _("Does not meet the internal trainer certification:"));
      for (guint i = 0; i < result->unmet->len; i++)
        g_print ("  %s\n", (const char *) result->unmet->pdata[i]);
      return 0;
    }
  else
    {
      KefuTrainerYear y = { 0 };
      KefuGradeThresholds t;
      gboolean noted;
      double score;

      if (!kefu_people_parse_year (values[4], &from, &to, &error))
        {
          g_printerr ("people: %s\n", error->message);
          return 2;
        }
      if (!figure_of ("--results", values[5], &y.results) || !figure_of ("--courses", values[6], &y.courses) ||
          !figure_of ("--contribution", values[7], &y.contribution))
        return 2;
      store = open_store_to_read_as (db_path, "people");
      if (store == NULL)
        return 1;
      id = user_id_of (store, args->pdata[1]);
      if (id <= 0)
        return 1;
      if (!measure_satisfaction (store, id, args->pdata[1], from, to, values[4], &satisfaction))
        return 1;
      y.satisfaction = satisfaction;
      score = kefu_trainer_evaluate (&y, &error);
      if (isnan (score))
        {
          g_printerr ("people: %s\n", error->message);
          return 2;
        }
      kefu_appraisal_get_thresholds (store, &t);
      g_print (_("Satisfaction %.1f × 40%% + results applied %.1f × 30%% + new courses %.1f × 20%% + contribution "
                 "%.1f × 10%% = %.1f\n"), y.satisfaction, y.results, y.courses, y.contribution, score);
      g_print (_("Grade: %s\n"), kefu_grade_label (kefu_grade_for (&t, score, &noted)));
      return 0;
    }
}

/* kefu-cli --as LOGIN people profile|appraisal|goal|source */
int
cmd_people (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  gboolean json = FALSE;
  const char *what = argc > 1 ? argv[1] : "";

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--help"))
        {
          print_people_usage (stdout);
          return 0;
        }
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else
        g_ptr_array_add (rest, argv[i]);
    }
  /* rest[0] is the subcommand; the helpers take it as their argv[0] */
  if (g_str_equal (what, "profile"))
    return people_profile (db_path, rest->len, (char **) rest->pdata, json);
  if (g_str_equal (what, "appraisal"))
    return people_appraisal (db_path, rest->len, (char **) rest->pdata, json);
  if (g_str_equal (what, "goal"))
    return people_goal (db_path, rest->len, (char **) rest->pdata, json);
  if (g_str_equal (what, "case") && !json)
    return people_case (db_path, rest->len, (char **) rest->pdata);
  if (g_str_equal (what, "review"))
    return people_review (db_path, rest->len, (char **) rest->pdata, json);
  if (g_str_equal (what, "source") && !json)
    return people_source (db_path, rest->len, (char **) rest->pdata);
  if (g_str_equal (what, "trainer") && !json)
    return people_trainer (db_path, (int) rest->len, (char **) rest->pdata);
  print_people_usage (stderr);
  return 2;
}
