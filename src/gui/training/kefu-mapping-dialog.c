/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-mapping-dialog.c — the trainer's mapping of question categories
 * (分类) to course modules
 *
 * What the mapping holds, in the body; then "[Category] → [module]": the
 * first choice, "no module", removes the category's mapping, the others
 * are the course modules (KEFU_CODES_MODULE). Imports from then on use it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-enums.h"
#include "kefu-mapping-dialog.h"
#include "kefu-questions.h"
#include "kefu-training-confirm.h"

struct _KefuMappingDialog
{
  AdwMessageDialog  parent_instance;

  KefuStore        *store;

  /* template */
  GtkEntry         *category_entry;
  GtkDropDown      *module_dropdown;
};

G_DEFINE_FINAL_TYPE (KefuMappingDialog, kefu_mapping_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
response_cb (KefuMappingDialog *self,
             const char        *response)
{
  guint n_codes, selected = gtk_drop_down_get_selected (self->module_dropdown);
  const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n_codes);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->category_entry))));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (!kefu_module_alias_set (self->store, text, selected >= 1 && selected <= n_codes ? codes[selected - 1].code : NULL,
                              &error))
    kefu_training_show_error (gtk_window_get_transient_for (GTK_WINDOW (self)), _("The Mapping Was Not Saved"),
                              error->message);
  else
    g_signal_emit (self, signals[DONE], 0, _("Imports from now on use the mapping."), FALSE);
}

static void
kefu_mapping_dialog_finalize (GObject *object)
{
  KefuMappingDialog *self = KEFU_MAPPING_DIALOG (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_mapping_dialog_parent_class)->finalize (object);
}

static void
kefu_mapping_dialog_class_init (KefuMappingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kefu_mapping_dialog_finalize;
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-mapping-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuMappingDialog, category_entry);
  gtk_widget_class_bind_template_child (widget_class, KefuMappingDialog, module_dropdown);
}

static void
kefu_mapping_dialog_init (KefuMappingDialog *self)
{
  g_autoptr(GtkStringList) modules = gtk_string_list_new (NULL);
  guint n_codes;
  const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n_codes);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (modules, _("no module (remove the mapping)"));
  for (guint i = 0; i < n_codes; i++)
    gtk_string_list_append (modules, kefu_code_label (KEFU_CODES_MODULE, codes[i].code));
  gtk_drop_down_set_model (self->module_dropdown, G_LIST_MODEL (modules));
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

KefuMappingDialog *
kefu_mapping_dialog_new (GtkWindow  *parent,
                         KefuStore  *store,
                         GError    **error)
{
  g_autoptr(GPtrArray) aliases = NULL;
  g_autofree char *text = NULL;
  KefuMappingDialog *self;
  GString *body;

  if ((aliases = kefu_module_aliases (store, error)) == NULL)
    return NULL;
  body = g_string_new (_("A question's category (分类) gives its course module: the module's own name, or this mapping."));
  g_string_append_c (body, '\n');
  for (guint i = 0; i < aliases->len; i++)
    {
      g_auto(GStrv) pair = g_strsplit (aliases->pdata[i], "=", 2);
      g_string_append_printf (body, "\n%s → %s", pair[0], kefu_code_label (KEFU_CODES_MODULE, pair[1]));
    }
  text = g_string_free (body, FALSE);
  self = g_object_new (KEFU_TYPE_MAPPING_DIALOG,
                       "transient-for", parent,
                       "heading", _("Categories and Modules"),
                       "body", text,
                       NULL);
  self->store = g_object_ref (store);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Close"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  return self;
}
