/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-main.c — one libFuzzer target, KEFU_FUZZ_TARGET (see kefu-fuzz-targets.h)
 *
 * Built once per target with -fsanitize=fuzzer when meson is configured with
 * -Dfuzzing=true (build-aux/kefu fuzz, build-aux/kefu test).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "kefu-fuzz-targets.h"

int LLVMFuzzerInitialize    (int            *argc,
                             char         ***argv);
int LLVMFuzzerTestOneInput  (const uint8_t  *data,
                             size_t          size);

static const KefuFuzzTarget *target;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  target = kefu_fuzz_target_find (KEFU_FUZZ_TARGET);
  if (target == NULL)
    g_error ("no fuzz target %s", KEFU_FUZZ_TARGET);
  kefu_fuzz_setup ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  target->run (data, size);
  return 0;
}
