/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-module.h — libraries loaded only by the code that needs them (#21)
 *
 * A library that few commands use and that costs every process its
 * loading and relocation before main() (libpq with OpenSSL and Kerberos,
 * ICU, libical) is not linked into the programs. The code that calls it
 * is built as a module, kefu-NAME.so, which the store loads with GModule
 * the first time it is needed: the PostgreSQL engine on the first
 * connection to a server, ICU's transliterator on the first name put in
 * pinyin, libical on the first iCalendar file read.
 *
 * A module is found by its registered name, in the build tree when the
 * running program is one of the build tree's, otherwise in the install
 * directory (MODULEDIR). It exports one function, kefu_module_info(),
 * returning its table, whose first member is a KefuModuleInfo; the
 * table's type is the module's own (kefu-engine-private.h for "pg",
 * kefu-pinyin-private.h for "pinyin", kefu-calendar-private.h for
 * "ical"). Modules call the program's functions (their programs are
 * linked with --export-dynamic) and stay loaded until the process ends.
 */
#pragma once

#include <gmodule.h>

G_BEGIN_DECLS

/* Bumped whenever a module's table changes: a module from another build
 * is refused rather than called wrongly. */
#define KEFU_MODULE_ABI 1

typedef struct {
  guint       abi;    /* KEFU_MODULE_ABI when the module was built */
  const char *name;   /* the registered name, "pg" */
} KefuModuleInfo;

/* What each module exports (defined in the module's source) */
G_MODULE_EXPORT const KefuModuleInfo *kefu_module_info (void);

/* The table of the module registered as @name, loading it on the first
 * call (thread-safe); NULL with KEFU_STORE_ERROR_OPEN naming the module,
 * what it is for and where it was looked for. */
gconstpointer kefu_module_get  (const char  *name,
                                GError     **error);

/* The directory modules are loaded from by this process. */
const char   *kefu_module_dir  (void);
/* Whether the running program is one of the build tree's (it then loads
 * the build tree's modules and helper programs, never installed ones). */
gboolean      kefu_module_in_build_tree (void);

G_END_DECLS
