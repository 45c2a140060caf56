/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-kpi.c — the supervisor's KPIs, defined once
 *
 * Every KPI is one SQL aggregate over the tickets created in [from, to),
 * read through the created_at index. What each figure means is written
 * once, in kefu_kpi_info(), and the dashboard's "How is this computed?"
 * popover shows exactly that text.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kefu-enums.h"
#include "kefu-kpi-private.h"
#include "kefu-query.h"


static const KefuKpiInfo infos[KEFU_N_KPIS] = {
  [KEFU_KPI_TICKETS] = { "tickets", N_("Tickets"),
    N_("Tickets created in the period, whatever became of them."),
    KEFU_KPI_FORMAT_COUNT, NAN, TRUE },
  [KEFU_KPI_MEAN_RESPONSE_MIN] = { "mean_response_min", N_("Mean response time"),
    N_("Wall-clock minutes from creation to the first response (a call or a dispatch), averaged over the tickets that have one."),
    KEFU_KPI_FORMAT_MINUTES, 15, FALSE },
  [KEFU_KPI_P90_RESPONSE_MIN] = { "p90_response_min", N_("Response time, P90"),
    N_("Nine in ten first responses came within this many minutes (nearest rank over the tickets that have one)."),
    KEFU_KPI_FORMAT_MINUTES, 30, FALSE },
  [KEFU_KPI_ON_TIME_RESPONSE_RATE] = { "on_time_response_rate", N_("On-time response"),
    N_("Share of tickets whose response clock met its target, over those with a target that were answered or are past due. "
       "Tickets imported without a policy are measured against today's policy for their kind, level and channel."),
    KEFU_KPI_FORMAT_RATE, 0.95, TRUE },
  [KEFU_KPI_ON_TIME_RESOLUTION_RATE] = { "on_time_resolution_rate", N_("On-time resolution"),
    N_("Share of tickets resolved by their resolution target, over those with a target that were resolved or are past due."),
    KEFU_KPI_FORMAT_RATE, 0.95, TRUE },
  [KEFU_KPI_COMPLAINT_CLOSURE_RATE] = { "complaint_closure_rate", N_("Complaint closure"),
    N_("Complaints closed (followed up and closed) divided by complaints created."),
    KEFU_KPI_FORMAT_RATE, 0.95, TRUE },
  [KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE] = { "first_contact_resolution_rate", N_("First-contact resolution"),
    N_("Resolved tickets that were never reopened divided by resolved tickets."),
    KEFU_KPI_FORMAT_RATE, 0.85, TRUE },
  [KEFU_KPI_REPEAT_COMPLAINT_RATE] = { "repeat_complaint_rate", N_("Repeat complaints"),
    N_("Complaints that were reopened, or followed within 30 days by another complaint of the same sub-type from the same unit, "
       "divided by complaints."),
    KEFU_KPI_FORMAT_RATE, 0.12, FALSE },
  [KEFU_KPI_SATISFACTION] = { "satisfaction", N_("Satisfaction"),
    N_("The mean of each ticket’s final follow-up rating (1–5) times 20, out of 100. Earlier ratings of a reopened "
       "ticket stay in its history but are not counted again; the reopened ticket counts once as a repeat."),
    KEFU_KPI_FORMAT_SCORE, 90, TRUE },
  [KEFU_KPI_SATISFIED_RATE] = { "satisfied_rate", N_("Satisfied owners"),
    N_("Ratings of 4 or 5 divided by all ratings."),
    KEFU_KPI_FORMAT_RATE, 0.90, TRUE },
  [KEFU_KPI_FOLLOW_UP_RATE] = { "follow_up_rate", N_("Follow-up calls"),
    N_("Resolved tickets whose owner was reached by a follow-up call divided by resolved tickets. Tickets closed as "
       "unreachable after three tries are counted apart: they are in neither number."),
    KEFU_KPI_FORMAT_RATE, 0.95, TRUE },
  [KEFU_KPI_BACKLOG] = { "backlog", N_("Backlog"),
    N_("Tickets still open (not resolved or cancelled) at the end of the period, or now if the period has not ended, by age."),
    KEFU_KPI_FORMAT_COUNT, NAN, FALSE },
};

const KefuKpiInfo *
kefu_kpi_info (KefuKpi kpi)
{
  g_return_val_if_fail (kpi < KEFU_N_KPIS, NULL);
  return &infos[kpi];
}

char *
kefu_kpi_format (KefuKpi kpi,
                 double  value)
{
  g_return_val_if_fail (kpi < KEFU_N_KPIS, NULL);
  if (isnan (value))
    return g_strdup ("—");
  switch (infos[kpi].format)
    {
    case KEFU_KPI_FORMAT_MINUTES:
      /* Translators: a duration in minutes, e.g. "42.5 min" */
      return g_strdup_printf (_("%.1f min"), value);
    case KEFU_KPI_FORMAT_RATE:
      return g_strdup_printf ("%.1f%%", value * 100);
    case KEFU_KPI_FORMAT_SCORE:
      return g_strdup_printf ("%.1f", value);
    case KEFU_KPI_FORMAT_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

static const char *dimension_keys[KEFU_KPI_N_DIMENSIONS] = { "kind", "channel", "level", "building", "subtype" };

const char *
kefu_kpi_dimension_key (KefuKpiDimension dim)
{
  g_return_val_if_fail (dim < KEFU_KPI_N_DIMENSIONS, NULL);
  return dimension_keys[dim];
}

const char *
kefu_kpi_age_label (guint age)
{
  static const char *labels[KEFU_KPI_N_AGES] = {
    N_("under 1 day"), N_("1–3 days"), N_("3–7 days"), N_("over 7 days"),
  };
  g_return_val_if_fail (age < KEFU_KPI_N_AGES, NULL);
  return _(labels[age]);
}

void
kefu_kpi_count_free (gpointer data)
{
  KefuKpiCount *c = data;

  g_free (c->key);
  g_free (c->label);
  g_free (c);
}

void
kefu_kpi_report_free (KefuKpiReport *report)
{
  if (report == NULL)
    return;
  for (guint d = 0; d < KEFU_KPI_N_DIMENSIONS; d++)
    g_clear_pointer (&report->by[d], g_ptr_array_unref);
  g_free (report);
}

/* The SQL of the dimension's column and the label source. */
const char *
kefu_kpi_dimension_column (KefuKpiDimension dim)
{
  switch (dim)
    {
    case KEFU_KPI_BY_KIND: return "t.kind";
    case KEFU_KPI_BY_CHANNEL: return "t.channel";
    case KEFU_KPI_BY_LEVEL: return "t.level";
    case KEFU_KPI_BY_BUILDING: return "t.building_id";
    case KEFU_KPI_BY_SUBTYPE: return "t.subtype";
    case KEFU_KPI_N_DIMENSIONS:
    default: g_return_val_if_reached (NULL);
    }
}

char *
kefu_kpi_dimension_label (KefuKpiDimension  dim,
                          const char       *key,
                          const char       *name)
{
  if (key == NULL)
    return g_strdup (_("Not recorded"));
  switch (dim)
    {
    case KEFU_KPI_BY_KIND: return g_strdup (kefu_code_label (KEFU_CODES_KIND, key));
    case KEFU_KPI_BY_CHANNEL: return g_strdup (kefu_code_label (KEFU_CODES_CHANNEL, key));
    case KEFU_KPI_BY_LEVEL: return g_strdup (kefu_code_label (KEFU_CODES_LEVEL, key));
    case KEFU_KPI_BY_SUBTYPE: return g_strdup (kefu_code_label (KEFU_CODES_SUBTYPE, key));
    case KEFU_KPI_BY_BUILDING: return g_strdup (name != NULL ? name : key);
    case KEFU_KPI_N_DIMENSIONS:
    default: g_return_val_if_reached (NULL);
    }
}

/* JSON written by hand: JSON-GLib 1.6 prints doubles with 17 digits
 * (0.32529999999999998); a report shows four decimals. */

static void
json_member (GString    *out,
             int         indent,
             gboolean   *first,
             const char *key)
{
  g_string_append_printf (out, "%s\n%*s", *first ? "" : ",", indent, "");
  *first = FALSE;
  kefu_json_append_string (out, key);
  g_string_append (out, ": ");
}

static void
json_number (GString *out,
             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.4f", value);
  /* 0.3253, 1, 458: no trailing zeros */
  if (strchr (buf, '.') != NULL)
    {
      char *end = buf + strlen (buf) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  g_string_append (out, buf);
}

char *
kefu_kpi_report_to_json (const KefuKpiReport *r)
{
  static const char *age_keys[KEFU_KPI_N_AGES] = { "under_1d", "1d_3d", "3d_7d", "over_7d" };
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (r->from);
  g_autoptr(GDateTime) to = g_date_time_new_from_unix_local (r->to);
  g_autofree char *from_text = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *to_text = g_date_time_format (to, "%Y-%m-%d");
  GString *out = g_string_new ("{");
  gboolean first = TRUE, inner, innermost;

  json_member (out, 2, &first, "from");
  kefu_json_append_string (out, from_text);
  json_member (out, 2, &first, "to");
  kefu_json_append_string (out, to_text);
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    if (k != KEFU_KPI_BACKLOG)
      {
        json_member (out, 2, &first, infos[k].key);
        json_number (out, r->value[k]);
      }
  json_member (out, 2, &first, "backlog");
  g_string_append_c (out, '{');
  inner = TRUE;
  json_member (out, 4, &inner, "total");
  json_number (out, r->value[KEFU_KPI_BACKLOG]);
  for (guint a = 0; a < KEFU_KPI_N_AGES; a++)
    {
      json_member (out, 4, &inner, age_keys[a]);
      json_number (out, r->backlog_by_age[a]);
    }
  g_string_append (out, "\n  }");
  json_member (out, 2, &first, "by");
  g_string_append_c (out, '{');
  inner = TRUE;
  for (KefuKpiDimension d = 0; d < KEFU_KPI_N_DIMENSIONS; d++)
    {
      json_member (out, 4, &inner, dimension_keys[d]);
      g_string_append_c (out, '{');
      innermost = TRUE;
      for (guint i = 0; i < r->by[d]->len; i++)
        {
          KefuKpiCount *c = r->by[d]->pdata[i];
          json_member (out, 6, &innermost, d == KEFU_KPI_BY_BUILDING || c->key == NULL ? c->label : c->key);
          json_number (out, c->count);
        }
      g_string_append (out, innermost ? "}" : "\n    }");
    }
  g_string_append (out, "\n  }\n}");
  return g_string_free (out, FALSE);
}

/* A KPI by its JSON key ("first_contact_resolution_rate"); -1 if none. */
int
kefu_kpi_from_key (const char *key)
{
  for (int k = 0; key != NULL && k < KEFU_N_KPIS; k++)
    if (g_str_equal (infos[k].key, key))
      return k;
  return -1;
}
