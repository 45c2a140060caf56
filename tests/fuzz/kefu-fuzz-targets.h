/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-fuzz-targets.h — what each fuzz target does with one input
 *
 * Shared by the libFuzzer targets (fuzz-main.c, built with -Dfuzzing=true
 * into _build-fuzz/) and by test-fuzz-replay.c, which replays the seed
 * corpora and every input that once crashed (tests/fuzz/regressions/) in
 * the normal and the ASan builds.
 *
 * Each target feeds the bytes to one importer or parser of the core, as a
 * user's file or query would reach it, against a database created once per
 * process. An input may be refused with an error; it may not crash, trip a
 * sanitizer, log a GLib critical or warning, or leave the database failing
 * its checks. A broken rule aborts (g_error), which libFuzzer reports.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *name;    /* tickets-csv, owners-csv, … : also the corpus folder's name */
  void      (*run)     (const guint8 *data,
                        gsize         size);
} KefuFuzzTarget;

const KefuFuzzTarget *kefu_fuzz_targets     (guint      *n_targets);
const KefuFuzzTarget *kefu_fuzz_target_find (const char *name);

/* The database and scratch folder of this process; created at the first
 * input, removed at exit. */
void                  kefu_fuzz_setup       (void);

G_END_DECLS
