/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-user.c — someone at the desk, and what their role allows */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-user.h"

struct _KefuUser
{
  GObject  parent_instance;
  gint64   id;
  char    *login;
  char    *name;
  char    *role;
  char    *title;
};

G_DEFINE_FINAL_TYPE (KefuUser, kefu_user, G_TYPE_OBJECT)

enum { PROP_0, PROP_ID, PROP_NAME, PROP_ROLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
kefu_user_finalize (GObject *object)
{
  KefuUser *self = (KefuUser *)object;

  g_free (self->login);
  g_free (self->name);
  g_free (self->role);
  g_free (self->title);
  G_OBJECT_CLASS (kefu_user_parent_class)->finalize (object);
}

static void
kefu_user_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KefuUser *self = KEFU_USER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_ROLE: g_value_set_string (value, self->role); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kefu_user_class_init (KefuUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kefu_user_finalize;
  object_class->get_property = kefu_user_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kefu_user_init (KefuUser *self)
{
}

KefuUser *
kefu_user_new (gint64      id,
               const char *login,
               const char *name,
               const char *role,
               const char *title)
{
  KefuUser *self = g_object_new (KEFU_TYPE_USER, NULL);

  self->id = id;
  self->login = g_strdup (login);
  self->name = g_strdup (name);
  self->role = g_strdup (role);
  self->title = g_strdup (title);
  return self;
}

gint64 kefu_user_get_id (KefuUser *self) { return self->id; }
const char *kefu_user_get_login (KefuUser *self) { return self->login; }
const char *kefu_user_get_name (KefuUser *self) { return self->name; }
const char *kefu_user_get_role (KefuUser *self) { return self->role; }
const char *kefu_user_get_title (KefuUser *self) { return self->title; }

/* The one place that says which role may do what. The core checks these
 * itself (kefu_auth_require() and friends), so no screen and no kefu-cli
 * command can go around them; the README's "Privacy and security" shows
 * the same table. */
static const struct { KefuPermission permission; const char *roles; } table[] = {
  { KEFU_PERMISSION_SEE_PHONE, "agent supervisor manager admin" },
  { KEFU_PERMISSION_DISPATCH, "dispatcher supervisor manager admin" },
  { KEFU_PERMISSION_VERIFY, "agent dispatcher supervisor manager" },
  { KEFU_PERMISSION_EDIT_SLA, "supervisor manager admin" },
  { KEFU_PERMISSION_MANAGE_USERS, "admin" },
  { KEFU_PERMISSION_TRAIN, "trainer supervisor admin" },
  { KEFU_PERMISSION_VIEW_REPORTS, "supervisor manager admin trainer" },
  { KEFU_PERMISSION_MANAGE_BACKUPS, "admin" },
  { KEFU_PERMISSION_EXPORT_PERSONAL, "supervisor manager admin" },
  { KEFU_PERMISSION_READ_ANSWER_KEYS, "trainer supervisor admin" },
  { KEFU_PERMISSION_SEE_TRAINING_RESULTS, "trainer supervisor manager admin" },
  { KEFU_PERMISSION_CANCEL_TICKETS, "supervisor manager admin" },
  { KEFU_PERMISSION_GRADE, "trainer supervisor" },
  { KEFU_PERMISSION_RATE_PRACTICAL, "trainer supervisor manager" },
  { KEFU_PERMISSION_VIEW_AUDIT, "supervisor admin" },
  { KEFU_PERMISSION_ERASE_OWNER, "manager admin" },
  { KEFU_PERMISSION_SET_CLOCK, "admin" },
  { KEFU_PERMISSION_DEVELOP_PEOPLE, "supervisor trainer manager" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (table) == KEFU_N_PERMISSIONS);

gboolean
kefu_role_can (const char     *role,
               KefuPermission  permission)
{

  if (role == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].permission == permission)
      {
        g_auto(GStrv) roles = g_strsplit (table[i].roles, " ", -1);
        return g_strv_contains ((const char * const *) roles, role);
      }
  return FALSE;
}

gboolean
kefu_user_can (KefuUser       *self,
               KefuPermission  permission)
{
  return self != NULL && kefu_role_can (self->role, permission);
}

/* What the core says when the acting user's role lacks @permission. */
const char *
kefu_permission_refusal (KefuPermission permission)
{
  switch (permission)
    {
    case KEFU_PERMISSION_SEE_PHONE:
      return _("Your role may not see owners’ full phone numbers.");
    case KEFU_PERMISSION_DISPATCH:
      return _("Only dispatchers, supervisors, managers and administrators may change how jobs are dispatched.");
    case KEFU_PERMISSION_VERIFY:
      return _("Your role may not verify tickets.");
    case KEFU_PERMISSION_EDIT_SLA:
      return _("Only supervisors, managers and administrators may change the service center’s settings.");
    case KEFU_PERMISSION_MANAGE_USERS:
      return _("Only an administrator may manage users.");
    case KEFU_PERMISSION_TRAIN:
      return _("Only trainers, supervisors and administrators may change question banks and papers.");
    case KEFU_PERMISSION_VIEW_REPORTS:
      return _("Your role may not see the service center’s reports.");
    case KEFU_PERMISSION_MANAGE_BACKUPS:
      return _("Only administrators may change where and how much is backed up.");
    case KEFU_PERMISSION_EXPORT_PERSONAL:
      return _("Your role may not export owners’ personal data (names, phone numbers, addresses).");
    case KEFU_PERMISSION_READ_ANSWER_KEYS:
      return _("Only trainers, supervisors and administrators may read the answer keys.");
    case KEFU_PERMISSION_SEE_TRAINING_RESULTS:
      return _("Your role may not see other people’s training results.");
    case KEFU_PERMISSION_CANCEL_TICKETS:
      return _("A cancellation must be made or approved by a supervisor, a manager or an administrator.");
    case KEFU_PERMISSION_GRADE:
      return _("Only trainers and supervisors may grade answers.");
    case KEFU_PERMISSION_RATE_PRACTICAL:
      return _("Only trainers, supervisors and managers may rate a practical assessment.");
    case KEFU_PERMISSION_VIEW_AUDIT:
      return _("Only supervisors and administrators may read the audit log.");
    case KEFU_PERMISSION_ERASE_OWNER:
      return _("Only managers and administrators may erase an owner’s personal data.");
    case KEFU_PERMISSION_SET_CLOCK:
      return _("Only an administrator may run a command that writes at another time than now (--now).");
    case KEFU_PERMISSION_DEVELOP_PEOPLE:
      return _("Only supervisors, trainers and managers may see other people’s profiles and appraisals or set their goals.");
    case KEFU_N_PERMISSIONS:
    default:
      break;
    }
  g_return_val_if_reached (NULL);
}
