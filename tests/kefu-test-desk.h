/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-desk.h — desk acts the core tests share */
#pragma once

#include "kefu-desk.h"
#include "kefu-query.h"
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
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT id FROM users WHERE login = 'xuqiang'", error);

  /* through the store: a file or a server (#20) */
  if (q == NULL || kefu_query_step (store, q, error) != KEFU_QUERY_ROW)
    return FALSE;
  kefu_store_set_actor (store, kefu_query_get_int (q, 0));
  ok = kefu_desk_move (store, id, "cancelled", reason, error);
  kefu_store_set_actor (store, desk);
  return ok;
}
