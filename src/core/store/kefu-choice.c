/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-choice.c — one named row to pick from a list */
#include "config.h"

#include "kefu-choice.h"

struct _KefuChoice
{
  GObject  parent_instance;
  gint64   id;
  char    *name;
  char    *detail;
  gint64   building_id;
  gint64   unit_id;
};

G_DEFINE_FINAL_TYPE (KefuChoice, kefu_choice, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
kefu_choice_finalize (GObject *object)
{
  KefuChoice *self = (KefuChoice *)object;

  g_free (self->name);
  g_free (self->detail);
  G_OBJECT_CLASS (kefu_choice_parent_class)->finalize (object);
}

static void
kefu_choice_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, KEFU_CHOICE (object)->name); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kefu_choice_class_init (KefuChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kefu_choice_finalize;
  object_class->get_property = kefu_choice_get_property;
  /* "name" lets a GtkDropDown show and search the rows by expression. */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kefu_choice_init (KefuChoice *self)
{
}

KefuChoice *
kefu_choice_new (gint64      id,
                 const char *name,
                 const char *detail)
{
  KefuChoice *self = g_object_new (KEFU_TYPE_CHOICE, NULL);

  self->id = id;
  self->name = g_strdup (name);
  self->detail = g_strdup (detail);
  return self;
}

gint64 kefu_choice_get_id (KefuChoice *self) { return self->id; }
const char *kefu_choice_get_name (KefuChoice *self) { return self->name; }
const char *kefu_choice_get_detail (KefuChoice *self) { return self->detail; }
gint64 kefu_choice_get_unit_id (KefuChoice *self) { return self->unit_id; }
gint64 kefu_choice_get_building_id (KefuChoice *self) { return self->building_id; }

void
kefu_choice_set_place (KefuChoice *self,
                       gint64      building_id,
                       gint64      unit_id)
{
  self->building_id = building_id;
  self->unit_id = unit_id;
}
