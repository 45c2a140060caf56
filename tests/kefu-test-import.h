/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-import.h — the fixture the import and export tests share
 * (test-import.c, test-export.c): a new database and a second connection
 * of its own; on a SQLite file, or on the test cluster's server for a
 * case added with KEFU_TEST_ADD_ENGINES (kefu-test-engines.h). Include it
 * after kefu-test-util.h.
 */
#pragma once

#include <glib.h>

#include "kefu-choice.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-export.h"
#include "kefu-import-private.h"
#include "kefu-kpi.h"
#include "kefu-pinyin.h"
#include "kefu-safe-file.h"
#include "kefu-store-private.h"
#include "kefu-test-engines.h"
#include "kefu-test-util.h"

/* A fixed "now": Wednesday 2026-11-25 10:00 in Shenzhen (02:00 UTC). */
/* 2026-11-25 09:30 in Shenzhen */
#define NINE_THIRTY (TEST_NOW - 1800)

#define HEADER "number,created_at,channel,kind,subtype,level,building,unit,location,owner_name,owner_phone,description,status,agent\r\n"

typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;
  char        *db_path; /* the file, or the server's database */
  KefuStore   *other;   /* a second connection of its own: what an analyst sees */
} Fixture;

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_dir_setup (&f->dir, data);
  f->store = kefu_test_engine_open (&f->dir, data, NULL, &f->db_path);
  /* Imports refuse dates more than a day after now: now is fixed. */
  kefu_store_set_now (f->store, TEST_NOW);
  f->other = kefu_test_other_store_for (f->db_path);
}

static inline void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->other);
  g_clear_object (&f->store);
  kefu_test_engine_close (data, &f->db_path);
  kefu_test_dir_teardown (&f->dir, data);
}

static inline gint64
query_int (Fixture    *f,
           const char *sql)
{
  return kefu_test_row_int (f->other, sql);
}
