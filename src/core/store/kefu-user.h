/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-user.h — someone at the desk */
#pragma once

#include <glib-object.h>

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
  KEFU_PERMISSION_MANAGE_BACKUPS,       /* backup folder and space, restore */
  KEFU_PERMISSION_EXPORT_PERSONAL,      /* export tickets with owners' names, phones and addresses */
  KEFU_PERMISSION_READ_ANSWER_KEYS,     /* questions export, exam print: papers with their answers */
  KEFU_PERMISSION_SEE_TRAINING_RESULTS, /* other people's attempts, scores and paper statistics */
  KEFU_PERMISSION_CANCEL_TICKETS,       /* cancel, or approve an agent's cancellation */
  KEFU_PERMISSION_GRADE,                /* grade written answers */
  KEFU_PERMISSION_RATE_PRACTICAL,       /* score a practical assessment as a rater */
  KEFU_PERMISSION_VIEW_AUDIT,           /* read the audit log */
  KEFU_PERMISSION_ERASE_OWNER,          /* carry out an owner's erasure request */
  KEFU_PERMISSION_SET_CLOCK,            /* run a command that writes at another time (kefu-cli --now) */
  KEFU_PERMISSION_DEVELOP_PEOPLE,       /* others' profiles and appraisals (audited), their goals */
  KEFU_N_PERMISSIONS
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
const char *kefu_permission_refusal (KefuPermission permission);

G_END_DECLS
