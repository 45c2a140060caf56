/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-confirm.c — a question about one item of the Training view
 *
 * Publish, withdraw, start, delete, rate, name: the view asks, and its
 * response handler reads which paper, bank or cohort it asked about from
 * here, and any answers from the extra child (a typed form widget).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-training-confirm.h"

struct _KefuTrainingConfirm
{
  AdwMessageDialog parent_instance;

  gint64           item_id;

  /* kefu_training_confirm_set_op () */
  char            *response;
  KefuStore       *store;
  KefuTrainingItemOp op;
  char            *failed;
  char            *done;
};

G_DEFINE_FINAL_TYPE (KefuTrainingConfirm, kefu_training_confirm, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_ITEM_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
response_cb (KefuTrainingConfirm *self,
             const char          *response)
{
  g_autoptr(GError) error = NULL;

  if (self->op == NULL || g_strcmp0 (response, self->response) != 0)
    return;
  if (!self->op (self->store, self->item_id, &error))
    {
      kefu_training_show_error (gtk_window_get_transient_for (GTK_WINDOW (self)), self->failed, error->message);
      g_signal_emit (self, signals[DONE], 0, NULL, TRUE);
    }
  else
    g_signal_emit (self, signals[DONE], 0, self->done, TRUE);
}

static void
kefu_training_confirm_finalize (GObject *object)
{
  KefuTrainingConfirm *self = KEFU_TRAINING_CONFIRM (object);

  g_free (self->response);
  g_clear_object (&self->store);
  g_free (self->failed);
  g_free (self->done);
  G_OBJECT_CLASS (kefu_training_confirm_parent_class)->finalize (object);
}

static void
kefu_training_confirm_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KefuTrainingConfirm *self = KEFU_TRAINING_CONFIRM (object);

  switch (prop_id)
    {
    case PROP_ITEM_ID:
      g_value_set_int64 (value, self->item_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kefu_training_confirm_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KefuTrainingConfirm *self = KEFU_TRAINING_CONFIRM (object);

  switch (prop_id)
    {
    case PROP_ITEM_ID:
      self->item_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kefu_training_confirm_class_init (KefuTrainingConfirmClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kefu_training_confirm_finalize;
  object_class->get_property = kefu_training_confirm_get_property;
  object_class->set_property = kefu_training_confirm_set_property;
  properties[PROP_ITEM_ID] = g_param_spec_int64 ("item-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* after the operation's response: a toast's text or NULL, and whether
   * anything may have changed */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
kefu_training_confirm_init (KefuTrainingConfirm *self)
{
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

KefuTrainingConfirm *
kefu_training_confirm_new (GtkWindow  *parent,
                           const char *name,
                           const char *heading,
                           const char *body,
                           gint64      item_id)
{
  /* the properties adw_message_dialog_new () sets, and the item */
  return g_object_new (KEFU_TYPE_TRAINING_CONFIRM,
                       "transient-for", parent,
                       "name", name,
                       "heading", heading,
                       "body", body != NULL ? body : "",
                       "item-id", item_id,
                       NULL);
}

gint64
kefu_training_confirm_get_item_id (KefuTrainingConfirm *self)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_CONFIRM (self), 0);
  return self->item_id;
}

void
kefu_training_show_error (GtkWindow  *parent,
                          const char *heading,
                          const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, message);

  gtk_widget_set_name (dialog, "training-error");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
kefu_training_confirm_add_choice (KefuTrainingConfirm   *self,
                                  const char            *response,
                                  const char            *label,
                                  AdwResponseAppearance  appearance)
{
  g_return_if_fail (KEFU_IS_TRAINING_CONFIRM (self));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), response, appearance);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
}

void
kefu_training_confirm_set_op (KefuTrainingConfirm *self,
                              const char          *response,
                              KefuStore           *store,
                              KefuTrainingItemOp   op,
                              const char          *failed,
                              const char          *done)
{
  g_return_if_fail (KEFU_IS_TRAINING_CONFIRM (self));
  g_free (self->response);
  self->response = g_strdup (response);
  g_set_object (&self->store, store);
  self->op = op;
  g_free (self->failed);
  self->failed = g_strdup (failed);
  g_free (self->done);
  self->done = g_strdup (done);
}
