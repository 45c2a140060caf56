/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch.c — automatic dispatch's settings and the helpers every part
 * shares (the permission check, the audit entry)
 *
 * Dispatch is in parts, each in its own file (kefu-dispatch-private.h says
 * what they share): kefu-dispatch-rules.c, kefu-dispatch-roster.c (shifts,
 * technicians, teams), kefu-dispatch-engine.c, kefu-board.c,
 * kefu-dispatch-moves.c and kefu-dispatch-contractors.c.
 */
#include "config.h"

#include "kefu-dispatch-private.h"

gboolean
kefu_dispatch_may_dispatch (KefuStore  *store,
                            GError    **error)
{
  g_autoptr(KefuUser) user = NULL;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  user = kefu_desk_get_user (store, kefu_store_get_actor (store), NULL);
  if (!kefu_user_can (user, KEFU_PERMISSION_DISPATCH))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Only dispatchers, supervisors, managers and administrators may change how jobs are dispatched."));
      return FALSE;
    }
  return TRUE;
}

/* One audit-log entry by the acting user (kefu-audit.c), in the caller's transaction. */
gboolean
kefu_dispatch_audit (KefuStore   *store,
                     const char  *action,
                     const char  *table,
                     gint64       subject_id,
                     const char  *detail,
                     GError     **error)
{
  return kefu_audit_append (store, kefu_store_get_actor (store), action, table, subject_id, detail, error);
}

/* Settings ------------------------------------------------------------------ */

gboolean
kefu_dispatch_get_auto (KefuStore *store)
{
  g_autofree char *value = kefu_store_get_setting (store, "auto_dispatch");

  return g_strcmp0 (value, "0") != 0;
}

gboolean
kefu_dispatch_set_auto (KefuStore  *store,
                        gboolean    enabled,
                        GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  return kefu_transaction_end (tx,
                            kefu_store_set_setting (store, "auto_dispatch", enabled ? "1" : "0", error)
                            && kefu_dispatch_audit (store, enabled ? "auto_dispatch_on" : "auto_dispatch_off", "settings", 0, NULL, error),
                            error);
}

