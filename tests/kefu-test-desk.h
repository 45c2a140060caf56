/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-desk.h — desk acts the core tests share */
#pragma once

#include "kefu-desk.h"
#include "kefu-test-util.h"

/* A cancellation is a supervisor's (kefu-auth.h; a supervisor's PIN typed
 * in place at an agent's desk is tested in test-auth): the desk's user
 * stays who they were. */
static inline gboolean
kefu_test_cancel_ticket (KefuStore   *store,
                         gint64       id,
                         const char  *reason,
                         GError     **error)
{
  gint64 desk = kefu_store_get_actor (store);
  gboolean ok;

  kefu_store_set_actor (store, kefu_test_scalar (kefu_store_get_path (store),
                                                 "SELECT id FROM users WHERE login = 'xuqiang'"));
  ok = kefu_desk_move (store, id, "cancelled", reason, error);
  kefu_store_set_actor (store, desk);
  return ok;
}
