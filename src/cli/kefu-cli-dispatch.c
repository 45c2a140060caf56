/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-dispatch.c — kefu-cli dispatch: the rules, a ticket's
 * candidates and their scores, a dispatch run
 */
#include "config.h"

#include "kefu-cli-private.h"

static void
print_dispatch_usage (FILE *out)
{
  fprintf (out, "%s\n%s\n%s\n",
           _("Usage: kefu-cli [--db FILE] --as LOGIN dispatch run [--dry-run] [--now \"YYYY-MM-DD HH:MM\"]"),
           _("       kefu-cli [--db FILE] dispatch rules"),
           _("       kefu-cli [--db FILE] --as LOGIN dispatch score YYYY-MM"));
}

static int
dispatch_rules (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = kefu_dispatch_list_rules (store, &error);

  if (rules == NULL)
    return fail_with (error);
  for (guint i = 0; i < rules->len; i++)
    {
      KefuDispatchRule *r = rules->pdata[i];
      g_autofree char *what = kefu_dispatch_rule_describe (r);
      g_print ("%d\t%s\t%s%s\n", r->position, r->name, what, r->active ? "" : _(" (off)"));
    }
  if (rules->len == 0)
    g_print ("%s\n", _("No dispatch rules: every job waits for a dispatcher."));
  return 0;
}

static int
dispatch_score (KefuStore  *store,
                const char *month)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scores = kefu_dispatch_score_contractors (store, month, &error);

  if (scores == NULL)
    return fail_with (error);
  for (guint i = 0; i < scores->len; i++)
    {
      KefuContractorScore *s = scores->pdata[i];
      if (s->score < 0)
        g_print (_("%s\t%s\tno jobs\n"), s->month, s->team_name);
      else
        g_print ("%s\t%s\t%d\t%s\n", s->month, s->team_name, s->score,
                 s->reason != NULL ? s->reason : _("in good standing"));
    }
  if (scores->len == 0)
    g_print ("%s\n", _("No contractor teams."));
  return 0;
}

int
cmd_dispatch (const char  *db_path,
              int          argc,
              char       **argv)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GError) error = NULL;
  const char *what = argc > 1 ? argv[1] : NULL;
  gboolean dry_run = FALSE;
  gint64 now = 0;
  guint assigned = 0;

  if (what == NULL || g_str_equal (what, "--help"))
    {
      print_dispatch_usage (what != NULL ? stdout : stderr);
      return what != NULL ? 0 : 2;
    }
  if (!g_str_equal (what, "run") && !g_str_equal (what, "rules") && !g_str_equal (what, "score"))
    {
      print_dispatch_usage (stderr);
      return 2;
    }
  for (int i = g_str_equal (what, "score") ? 3 : 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--dry-run") && g_str_equal (what, "run"))
        dry_run = TRUE;
      else if (g_str_equal (argv[i], "--now") && g_str_equal (what, "run") && i + 1 < argc)
        {
          if (!parse_local_time (argv[++i], &now))
            {
              g_printerr (_("dispatch: --now takes a local time like “2025-01-24 17:55”, not “%s”.\n"), argv[i]);
              return 2;
            }
        }
      else if (g_str_equal (argv[i], "--as"))
        {
          g_printerr ("%s\n", _("dispatch: --as LOGIN goes before the command: kefu-cli --as LOGIN dispatch …"));
          return 2;
        }
      else
        {
          g_printerr (_("dispatch: unknown option “%s”.\n"), argv[i]);
          return 2;
        }
    }
  if (g_str_equal (what, "score") && argc < 3)
    {
      print_dispatch_usage (stderr);
      return 2;
    }

  if (g_str_equal (what, "rules"))
    {
      store = open_store_to_read (db_path);
      return store != NULL ? dispatch_rules (store) : 1;
    }
  /* assignments and suspensions are recorded under the dispatcher who ran them */
  store = open_store_as (db_path, "dispatch");
  if (store == NULL)
    return 1;
  if (g_str_equal (what, "score"))
    return dispatch_score (store, argv[2]);

  /* dispatching at another time than now: an administrator's, on the record */
  if (now > 0 && !dry_run && !kefu_auth_set_clock (store, now, &error))
    return fail_with (error);
  if (now > 0)
    kefu_store_set_now (store, now);
  decisions = kefu_dispatch_run (store, kefu_store_now (store), !dry_run, &error);
  if (decisions == NULL)
    return fail_with (error);
  for (guint i = 0; i < decisions->len; i++)
    {
      KefuDispatchDecision *d = decisions->pdata[i];
      gboolean chosen = d->outcome == KEFU_DISPATCH_ASSIGN || d->outcome == KEFU_DISPATCH_AWAITING_CHECK;

      g_print ("%s\t%s\t%s\t%s\n", d->number, chosen ? d->team_name : "-", chosen ? d->technician_name : "-", d->reason);
      /* (applied: a ticket another desk dispatched meanwhile is not counted) */
      assigned += dry_run ? d->outcome == KEFU_DISPATCH_ASSIGN : d->applied;
    }
  if (decisions->len == 0)
    g_print ("%s\n", _("The unassigned queue is empty."));
  else if (dry_run)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Dry run: %u job would be dispatched; nothing was changed.\n",
                             "Dry run: %u jobs would be dispatched; nothing was changed.\n", assigned), assigned);
  else
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u job dispatched.\n", "%u jobs dispatched.\n", assigned), assigned);
  return 0;
}
