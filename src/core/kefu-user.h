/* kefu-user.h — someone at the desk */
#pragma once

#include <glib-object.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_USER (kefu_user_get_type ())
G_DECLARE_FINAL_TYPE (KefuUser, kefu_user, KEFU, USER, GObject)

typedef enum {
  KEFU_PERMISSION_SEE_PHONE,      /* reveal an owner's full phone number (audited) */
  KEFU_PERMISSION_DISPATCH,       /* assign tickets to teams and technicians */
  KEFU_PERMISSION_VERIFY,         /* second check of the five facts */
  KEFU_PERMISSION_EDIT_SLA,       /* SLA policies and calendars */
  KEFU_PERMISSION_MANAGE_USERS,
  KEFU_PERMISSION_TRAIN,          /* question banks, exams, assessments */
  KEFU_PERMISSION_VIEW_REPORTS,
  KEFU_PERMISSION_EXPORT_PERSONAL, /* exports with full names and phones (audited) */
  KEFU_PERMISSION_VIEW_AUDIT,     /* read the audit log */
  KEFU_PERMISSION_ERASE_OWNER,    /* carry out an owner's erasure request */
  KEFU_PERMISSION_MANAGE_BACKUPS, /* backup folder and space, restore */
} KefuPermission;

KefuUser   *kefu_user_new        (gint64          id,
                                  const char     *login,
                                  const char     *name,
                                  const char     *role,
                                  const char     *title);
gint64      kefu_user_get_id     (KefuUser       *self);
const char *kefu_user_get_login  (KefuUser       *self);
const char *kefu_user_get_name   (KefuUser       *self);
const char *kefu_user_get_role   (KefuUser       *self);
const char *kefu_user_get_title  (KefuUser       *self);
gboolean    kefu_user_can        (KefuUser       *self,
                                  KefuPermission  permission);
gboolean    kefu_role_can        (const char     *role,
                                  KefuPermission  permission);
/* The check the core makes before acting: @user_id (an active user) may
 * do it, else a KEFU_STORE_ERROR_PERMISSION error that says what. */
gboolean    kefu_user_check      (KefuStore      *store,
                                  gint64          user_id,
                                  KefuPermission  permission,
                                  GError        **error);

G_END_DECLS
