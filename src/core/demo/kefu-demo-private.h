/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-demo-private.h — what the sample center's generator files share
 *
 * kefu-demo.c runs the load (places, people, teams, then the steps below,
 * and takes out a load that failed); kefu-demo-tickets.c writes the year
 * of tickets; kefu-demo-training.c the cohorts, exams and practicals.
 */
#pragma once

#include "kefu-batch-private.h"
#include "kefu-demo.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

G_BEGIN_DECLS

#define N_BUILDINGS 12
#define UNITS_PER_FLOOR 4
#define DAY (24 * 3600)

typedef struct {
  KefuStore    *store;
  GRand        *rand;
  gint64        now;
  GCancellable *cancellable;
  KefuProgressFunc progress;
  gpointer      progress_data;
  GError      **error;

  gint64        estate_id;
  gint64        building_ids[N_BUILDINGS];
  GArray       *unit_ids;       /* gint64 */
  GArray       *unit_building;  /* int: index into building_ids */
  GPtrArray    *unit_names;     /* "3栋502" */
  GArray       *owner_ids;      /* gint64 */
  GArray       *owner_unit;     /* guint: index into unit_ids */
  GPtrArray    *owner_phones;
  GArray       *owner_elderly;  /* gboolean */
  GArray       *agents;         /* gint64 user ids */
  GArray       *dispatchers;
  gint64        trainer_id, supervisor_id, manager_id;
  GArray       *agent_trainees;
  struct { gint64 id; GArray *techs; } teams[7];
  KefuBatch     batch;
  KefuBulkLoad  load;           /* the tickets of the open batch */
  /* repeated reports, linked as the tickets are written (a file's load:
   * kefu_demo_link_repeats) */
  gboolean      links_made;
  guint         n_link_updates; /* the tickets the linking UPDATE touched */
  gint64        last_link_update;
} Demo;

enum { TEAM_PLUMBING, TEAM_SPECIAL, TEAM_CLEANING, TEAM_GREEN, TEAM_SECURITY, TEAM_ENGINEERING, TEAM_CONTRACTOR };

/* kefu_query_run in the generator's context, leaving the query unbound */
static inline gboolean
step_done (Demo         *d,
           KefuQuery *stmt)
{
  gboolean ok = kefu_query_run (d->store, stmt, d->error);

  kefu_query_reset (stmt);
  return ok;
}

static inline gint64
last_id (Demo *d)
{
  return kefu_query_last_id (d->store);
}

static inline KefuQuery *
prep (Demo       *d,
      const char *sql)
{
  return kefu_query_prepare (d->store, sql, d->error);
}

/* kefu-demo-tickets.c */
gboolean  kefu_demo_make_tickets_in_bulk (Demo  *d,
                                          guint  n);
gboolean  kefu_demo_link_repeats         (Demo  *d);
gboolean  kefu_demo_start_clocks         (Demo  *d);
/* kefu-demo-training.c */
gboolean  kefu_demo_make_training        (Demo  *d);

G_END_DECLS
