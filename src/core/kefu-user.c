/* kefu-user.c — someone at the desk, and what their role allows */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-store-private.h"
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

/* The one place that says which role may do what. */
gboolean
kefu_role_can (const char     *role,
               KefuPermission  permission)
{
  static const struct { KefuPermission permission; const char *roles; } table[] = {
    { KEFU_PERMISSION_SEE_PHONE, "agent supervisor manager admin" },
    { KEFU_PERMISSION_DISPATCH, "dispatcher supervisor manager admin" },
    { KEFU_PERMISSION_VERIFY, "agent dispatcher supervisor manager" },
    { KEFU_PERMISSION_EDIT_SLA, "supervisor manager admin" },
    { KEFU_PERMISSION_MANAGE_USERS, "admin" },
    { KEFU_PERMISSION_TRAIN, "trainer supervisor admin" },
    { KEFU_PERMISSION_VIEW_REPORTS, "supervisor manager admin trainer" },
    { KEFU_PERMISSION_EXPORT_PERSONAL, "supervisor manager admin" },
    { KEFU_PERMISSION_VIEW_AUDIT, "supervisor admin" },
    { KEFU_PERMISSION_ERASE_OWNER, "manager admin" },
    { KEFU_PERMISSION_MANAGE_BACKUPS, "admin" },
  };

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

static const char *
refusal (KefuPermission permission)
{
  switch (permission)
    {
    case KEFU_PERMISSION_SEE_PHONE:
      return _("Your role may not see owners’ full phone numbers.");
    case KEFU_PERMISSION_EXPORT_PERSONAL:
      return _("Your role may not export owners’ names and phone numbers; export them masked.");
    case KEFU_PERMISSION_VIEW_AUDIT:
      return _("Only supervisors and administrators may read the audit log.");
    case KEFU_PERMISSION_ERASE_OWNER:
      return _("Only managers and administrators may erase an owner’s personal data.");
    case KEFU_PERMISSION_DISPATCH:
    case KEFU_PERMISSION_VERIFY:
    case KEFU_PERMISSION_EDIT_SLA:
    case KEFU_PERMISSION_MANAGE_USERS:
    case KEFU_PERMISSION_TRAIN:
    case KEFU_PERMISSION_VIEW_REPORTS:
    default:
      return _("Your role may not do this.");
    }
}

gboolean
kefu_user_check (KefuStore       *store,
                 gint64           user_id,
                 KefuPermission   permission,
                 GError         **error)
{
  KEFU_AUTO_STMT *stmt = NULL;
  int rc;

  if (user_id <= 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Nobody is signed in: every change must be recorded under a user."));
      return FALSE;
    }
  stmt = kefu_store_prepare (store, "SELECT role FROM users WHERE id = ? AND active", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kefu_store_set_error (store, rc, error);
      return FALSE;
    }
  if (rc == SQLITE_DONE || !kefu_role_can (kefu_column_text (stmt, 0), permission))
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION, refusal (permission));
      return FALSE;
    }
  return TRUE;
}
