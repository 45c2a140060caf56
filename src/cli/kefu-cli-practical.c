/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-practical.c — training practical: practical assessments with
 * their panel (kefu-assessment.c)
 *
 *   criteria SCENARIO NAME=WEIGHT…   a scenario's own criteria (weights add up to 100)
 *   schedule SCENARIO TRAINEE [--at TIME] [--pass N] [--rater LOGIN]… [--external NAME=ROLE]…
 *   panel ID [--rater LOGIN]… [--external NAME=ROLE]…
 *   score ID --rater LOGIN | --external NAME  S1 S2 …  [--why TEXT]
 *   decide ID SCORE --why TEXT
 *   show ID
 *
 * A staff rater other than the --as user confirms their sheet with their
 * own PIN, read after the --as user's (the next line of standard input);
 * the --as user stays who is signed in. An external rater's sheet is
 * entered by the --as trainer, who vouches for it. On a server (#20) the
 * acting person is the connection's login (open_store_as_person()), and
 * a staff rater other than them scores on their own connection: people
 * there sign in with a password and have no PIN to confirm with.
 */
#include "config.h"

#include "kefu-assessment.h"
#include "kefu-cli-private.h"
#include "kefu-query.h"

static const char *
usage (void)
{
  return _("Usage: kefu-cli [--db FILE] --as LOGIN training practical criteria SCENARIO NAME=WEIGHT…\n"
           "       kefu-cli [--db FILE] --as LOGIN training practical schedule SCENARIO TRAINEE [--at TIME] [--pass N] "
           "[--rater LOGIN]… [--external NAME=ROLE]…\n"
           "       kefu-cli [--db FILE] --as LOGIN training practical panel ID [--rater LOGIN]… [--external NAME=ROLE]…\n"
           "       kefu-cli [--db FILE] --as LOGIN training practical score ID (--rater LOGIN | --external NAME) SCORE… "
           "[--why TEXT]\n"
           "       kefu-cli [--db FILE] --as LOGIN training practical decide ID SCORE --why TEXT\n"
           "       kefu-cli [--db FILE] --as LOGIN training practical show ID\n"
           "A staff rater other than the --as user types their own PIN next; an external rater’s scores are "
           "entered by the --as trainer.");
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 v;

  if (text == NULL || !parse_uint (text, G_MAXINT64, &v) || v == 0)
    {
      g_printerr (_("training practical: “%s” is not an assessment number.\n"), text != NULL ? text : "");
      return FALSE;
    }
  *id = (gint64) v;
  return TRUE;
}

static gboolean
parse_score (const char *text,
             double     *score)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !(v >= 0 && v <= 100))
    {
      g_printerr (_("training practical: a score is a number from 0 to 100, not “%s”.\n"), text);
      return FALSE;
    }
  *score = v;
  return TRUE;
}

/* On a server: whether the person's role may write @table (a practical's
 * criteria, panel, score history and decisions are granted to those who
 * train or rate: kefu-server-rights.sql). The server would refuse the
 * others in its own words, so this says it in Kefu's first, naming what
 * (@what) and the table. TRUE on a file. */
static gboolean
server_grants (KefuStore  *store,
               const char *table,
               const char *what)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = NULL;
  gboolean may = FALSE;

  if (!kefu_store_is_server (store))
    return TRUE;
  q = kefu_query_prepare (store, "SELECT has_table_privilege (CAST(?1 AS TEXT), 'INSERT')", &error);
  if (q != NULL)
    {
      kefu_query_bind_text (q, 1, table);
      if (kefu_query_step (store, q, &error) == KEFU_QUERY_ROW)
        may = kefu_query_get_int (q, 0) != 0;
    }
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  if (!may)
    /* Translators: the first %s is what is refused (“a practical’s criteria”), the second a table’s name */
    g_printerr (_("training practical: on this server your role may not write %s (the table “%s”): "
                  "trainers, supervisors, managers and administrators may.\n"), what, table);
  return may;
}

/* Adds the --rater and --external members named. */
static gboolean
add_members (KefuStore  *store,
             gint64      assessment,
             GPtrArray  *raters,
             GPtrArray  *externals)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < raters->len; i++)
    {
      gint64 user = user_id_of (store, raters->pdata[i]);

      if (user == 0)
        return FALSE;
      if (!kefu_assessment_add_rater (store, assessment, user, &error))
        {
          g_printerr ("%s\n", error->message);
          return FALSE;
        }
    }
  for (guint i = 0; i < externals->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (externals->pdata[i], "=", 2);

      if (g_strv_length (parts) != 2)
        {
          g_printerr (_("training practical: --external takes NAME=ROLE (such as 王某=业主代表), not “%s”.\n"),
                      (const char *) externals->pdata[i]);
          return FALSE;
        }
      if (kefu_assessment_add_external (store, assessment, parts[0], parts[1], &error) < 0)
        {
          g_printerr ("%s\n", error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Adds the members named inside the open transaction and commits it; on
 * failure rolls it back, says why and gives FALSE. */
static gboolean
commit_members (KefuStore  *store,
                gint64      assessment,
                GPtrArray  *raters,
                GPtrArray  *externals)
{
  g_autoptr(GError) error = NULL;

  if (!add_members (store, assessment, raters, externals))
    {
      kefu_store_rollback (store);
      return FALSE;
    }
  if (!kefu_store_commit (store, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

static gint64
external_named (KefuStore  *store,
                gint64      assessment,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) panel = kefu_assessment_panel (store, assessment, &error);

  if (panel == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 0;
    }
  for (guint i = 0; i < panel->len; i++)
    {
      KefuPanelMember *m = panel->pdata[i];
      if (m->external_id > 0 && g_strcmp0 (m->name, name) == 0)
        return m->external_id;
    }
  g_printerr (_("training practical: assessment %lld has no external rater “%s”.\n"), (long long) assessment, name);
  return 0;
}

static int
show (KefuStore *store,
      gint64     assessment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) criteria = kefu_assessment_criteria (store, assessment, &error);
  g_autoptr(GPtrArray) panel = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_auto(KefuAssessmentResult) result = { 0 };
  g_autofree char *status = NULL;

  if (criteria == NULL || (panel = kefu_assessment_panel (store, assessment, &error)) == NULL ||
      !kefu_assessment_result (store, assessment, &result, &error) ||
      (history = kefu_assessment_history (store, assessment, &error)) == NULL)
    return fail_with (error);
  g_print ("%s\n", _("Criteria:"));
  for (guint i = 0; i < criteria->len; i++)
    g_print ("  %s  %g\n", g_array_index (criteria, KefuCriterion, i).name, g_array_index (criteria, KefuCriterion, i).weight);
  g_print ("%s\n", _("Panel:"));
  for (guint i = 0; i < panel->len; i++)
    {
      KefuPanelMember *m = panel->pdata[i];
      g_print ("  %s (%s)  %s\n", m->name,
               m->user_id > 0 ? kefu_code_label (KEFU_CODES_ROLE, m->role) : m->role,
               /* Translators: how many criteria a rater scored */
               m->n_scored >= criteria->len ? _("scored") : _("not scored yet"));
    }
  g_print ("%s\n", _("Raters’ scores:"));
  for (guint i = 0; i < result.raters->len; i++)
    {
      KefuRaterScore *r = &g_array_index (result.raters, KefuRaterScore, i);
      g_print ("  %s  %.1f\n", r->name, r->score);
    }
  status = kefu_assessment_status (&result);
  g_print ("%s %s\n", _("Status:"), status);
  if (result.decided)
    g_print ("%s %s\n", _("Decision:"), result.decision_reason);
  g_print ("%s\n", _("History:"));
  for (guint i = 0; i < history->len; i++)
    {
      KefuPracticalChange *c = history->pdata[i];
      g_autofree char *when = local_time (c->changed_at);
      g_autofree char *old = isnan (c->old_score) ? g_strdup ("—") : g_strdup_printf ("%g", c->old_score);

      g_print ("  %s  %s · %s  %s → %g  (%s)%s%s\n", when, c->criterion, c->rater, old, c->new_score,
               c->changed_by_name != NULL ? c->changed_by_name : "?", c->reason != NULL ? "  " : "",
               c->reason != NULL ? c->reason : "");
    }
  return 0;
}

/* training practical … */
int
training_practical (const char  *db_path,
                    int          argc,
                    char       **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) raters = g_ptr_array_new ();
  g_autoptr(GPtrArray) externals = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *what = argc > 2 ? argv[2] : NULL;
  const char *at = NULL, *pass = NULL, *why = NULL;
  gboolean help = FALSE;
  gint64 id = 0;

  for (int i = 3; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--help"))
        help = TRUE;
      else if (g_str_equal (argv[i], "--rater") && i + 1 < argc)
        g_ptr_array_add (raters, argv[++i]);
      else if (g_str_equal (argv[i], "--external") && i + 1 < argc)
        g_ptr_array_add (externals, argv[++i]);
      else if (g_str_equal (argv[i], "--at") && i + 1 < argc)
        at = argv[++i];
      else if (g_str_equal (argv[i], "--pass") && i + 1 < argc)
        pass = argv[++i];
      else if (g_str_equal (argv[i], "--why") && i + 1 < argc)
        why = argv[++i];
      else if (g_str_has_prefix (argv[i], "--"))
        {
          g_printerr (_("training practical: unexpected “%s”.\n"), argv[i]);
          g_printerr ("%s\n", usage ());
          return 2;
        }
      else
        g_ptr_array_add (args, argv[i]);
    }
  if (help || g_strcmp0 (what, "--help") == 0)
    {
      g_print ("%s\n", usage ());
      return 0;
    }
  if (what == NULL)
    {
      g_printerr ("%s\n", usage ());
      return 2;
    }

  if (g_str_equal (what, "criteria"))
    {
      g_autofree KefuCriterionSpec *specs = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      if (args->len < 2)
        {
          g_printerr ("%s\n", usage ());
          return 2;
        }
      specs = g_new0 (KefuCriterionSpec, args->len - 1);
      for (guint i = 1; i < args->len; i++)
        {
          const char *arg = args->pdata[i];
          const char *eq = strrchr (arg, '=');
          char *end = NULL;

          specs[i - 1].weight = eq != NULL ? g_ascii_strtod (eq + 1, &end) : 0;
          if (eq == NULL || eq == arg || end == eq + 1 || *end != '\0')
            {
              g_printerr (_("training practical: a criterion is NAME=WEIGHT (such as 内容=40), not “%s”.\n"), arg);
              return 2;
            }
          g_ptr_array_add (names, g_strndup (arg, eq - arg));
          specs[i - 1].name = names->pdata[names->len - 1];
        }
      if ((store = open_store_as_person (db_path, "training")) == NULL ||
          !server_grants (store, "scenario_criteria", _("a practical’s criteria")))
        return 1;
      if (!kefu_assessment_define_criteria (store, args->pdata[0], specs, args->len - 1, &error))
        return fail_with (error);
      g_print (_("“%s” is scored on %u criteria from now on.\n"), (const char *) args->pdata[0], args->len - 1);
      return 0;
    }

  if (g_str_equal (what, "schedule"))
    {
      gint64 held_at = 0, trainee;
      double pass_mark = 0;

      if (args->len != 2)
        {
          g_printerr ("%s\n", usage ());
          return 2;
        }
      if (at != NULL && !parse_local_time (at, &held_at))
        {
          g_printerr (_("training practical: --at takes a local time “YYYY-MM-DD HH:MM”, not “%s”.\n"), at);
          return 2;
        }
      if (pass != NULL && !parse_score (pass, &pass_mark))
        return 2;
      if ((store = open_store_as_person (db_path, "training")) == NULL ||
          (trainee = user_id_of (store, args->pdata[1])) == 0 ||
          (raters->len > 0 && !server_grants (store, "assessment_panel", _("a practical’s panel"))) ||
          (externals->len > 0 && !server_grants (store, "assessment_external_raters", _("a practical’s panel"))))
        return 1;
      if (!kefu_store_begin (store, &error) ||
          (id = kefu_assessment_create (store, args->pdata[0], trainee, held_at, pass_mark, NULL, 0, &error)) < 0)
        {
          kefu_store_rollback (store);
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (!commit_members (store, id, raters, externals))
        return 1;
      g_print (_("Scheduled practical assessment %lld.\n"), (long long) id);
      return show (store, id);
    }

  if (args->len < 1 || !parse_id (args->pdata[0], &id))
    {
      g_printerr ("%s\n", usage ());
      return 2;
    }

  if (g_str_equal (what, "panel"))
    {
      if ((store = open_store_as_person (db_path, "training")) == NULL ||
          (raters->len > 0 && !server_grants (store, "assessment_panel", _("a practical’s panel"))) ||
          (externals->len > 0 && !server_grants (store, "assessment_external_raters", _("a practical’s panel"))))
        return 1;
      if (!kefu_store_begin (store, &error))
        return fail_with (error);
      if (!commit_members (store, id, raters, externals))
        return 1;
      return show (store, id);
    }

  if (g_str_equal (what, "score"))
    {
      g_autofree double *scores = NULL;
      gboolean ok;

      if (args->len < 2 || raters->len + externals->len != 1)
        {
          g_printerr ("%s\n", usage ());
          return 2;
        }
      scores = g_new0 (double, args->len - 1);
      for (guint i = 1; i < args->len; i++)
        if (!parse_score (args->pdata[i], &scores[i - 1]))
          return 2;
      if ((store = open_store_as_person (db_path, "training")) == NULL)
        return 1;
      if (raters->len == 1)
        {
          gint64 rater = user_id_of (store, raters->pdata[0]);

          if (rater == 0)
            return 1;
          if (rater != kefu_store_get_actor (store) && kefu_store_get_person (store) != NULL)
            {
              /* on a server a person has a password, no PIN: each staff
               * rater enters their own sheet on their own connection */
              g_printerr (_("training practical: on a server each staff rater enters their own scores, signed in as "
                            "themself: connect as “%s” (user=%s) to score for them. This connection is signed in as "
                            "“%s”.\n"), (const char *) raters->pdata[0], (const char *) raters->pdata[0],
                          kefu_store_get_person (store));
              return 1;
            }
          if (rater != kefu_store_get_actor (store))
            {
              g_autoptr(KefuUser) who = kefu_desk_find_user (store, raters->pdata[0], NULL);
              /* Translators: asked on the terminal; %s is the user's name, then login */
              g_autofree char *prompt = g_strdup_printf (_("PIN for %s (%s): "), kefu_user_get_name (who),
                                                         (const char *) raters->pdata[0]);
              g_autoptr(Secret) pin = read_secret (prompt);
              g_autoptr(KefuUser) confirmed = NULL;

              if (pin == NULL)
                {
                  g_printerr (_("No PIN was given for “%s”.\n"), (const char *) raters->pdata[0]);
                  return 1;
                }
              confirmed = kefu_auth_confirm (store, rater, pin, KEFU_PERMISSION_RATE_PRACTICAL, &error);
              if (confirmed == NULL)
                return fail_with (error);
            }
          if (!server_grants (store, "assessment_score_history", _("a practical’s score sheets")))
            return 1;
          ok = kefu_assessment_score (store, id, rater, scores, args->len - 1, why, &error);
        }
      else
        {
          gint64 external = external_named (store, id, externals->pdata[0]);

          if (external == 0 || !server_grants (store, "assessment_external_scores", _("a practical’s score sheets")))
            return 1;
          ok = kefu_assessment_score_external (store, id, external, scores, args->len - 1, why, &error);
        }
      if (!ok)
        return fail_with (error);
      return show (store, id);
    }

  if (g_str_equal (what, "decide"))
    {
      double score;

      if (args->len != 2 || why == NULL)
        {
          g_printerr ("%s\n", usage ());
          return 2;
        }
      if (!parse_score (args->pdata[1], &score))
        return 2;
      if ((store = open_store_as_person (db_path, "training")) == NULL ||
          !server_grants (store, "assessment_decisions", _("a practical’s decisions")))
        return 1;
      if (!kefu_assessment_decide (store, id, score, why, &error))
        return fail_with (error);
      return show (store, id);
    }

  if (g_str_equal (what, "show"))
    {
      if (args->len != 1)
        {
          g_printerr ("%s\n", usage ());
          return 2;
        }
      if ((store = training_store_to_read (db_path, "training")) == NULL)
        return 1;
      return show (store, id);
    }

  g_printerr (_("training practical: unknown command “%s”.\n"), what);
  g_printerr ("%s\n", usage ());
  return 2;
}
