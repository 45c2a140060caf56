/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-settings-dialog.h — the frame of the dispatch settings' small dialogs
 *
 * A modal window over the dispatch settings with Cancel and Save in its
 * header bar, a boxed list of rows (a subclass's template adds its rows as
 * <child type="row">), an error line and a wait bar: a save that meets
 * another program's write lock waits there with the form read-only, and
 * Cancel, Escape or the close button then stop the wait instead of closing.
 * Save calls the class's save().
 */
#pragma once

#include <adwaita.h>

#include "kefu-dispatch-settings.h"
#include "kefu-write.h"

G_BEGIN_DECLS

#define KEFU_TYPE_SETTINGS_DIALOG (kefu_settings_dialog_get_type ())
G_DECLARE_DERIVABLE_TYPE (KefuSettingsDialog, kefu_settings_dialog, KEFU, SETTINGS_DIALOG, GtkWindow)

struct _KefuSettingsDialogClass
{
  GtkWindowClass parent_class;

  /* Save was pressed: check what was typed and save it (see
   * kefu_dispatch_settings_write()). */
  void (*save) (KefuSettingsDialog *self);
};

/* Puts the dialog over @settings with @title. */
void                  kefu_settings_dialog_set_settings  (KefuSettingsDialog   *self,
                                                          KefuDispatchSettings *settings,
                                                          const char           *title);
KefuDispatchSettings *kefu_settings_dialog_get_settings  (KefuSettingsDialog   *self);
/* The boxed list holding the rows */
GtkListBox           *kefu_settings_dialog_get_list      (KefuSettingsDialog   *self);
GtkWidget            *kefu_settings_dialog_get_save      (KefuSettingsDialog   *self);
KefuWaitBar          *kefu_settings_dialog_get_wait_bar  (KefuSettingsDialog   *self);
/* Shows @text as the dialog's error line; the window grows to show it. */
void                  kefu_settings_dialog_show_error    (KefuSettingsDialog   *self,
                                                          const char           *text);
void                  kefu_settings_dialog_hide_error    (KefuSettingsDialog   *self);
/* A second boxed list under @heading, after @after in the dialog's box. */
GtkListBox           *kefu_settings_dialog_add_section   (KefuSettingsDialog   *self,
                                                          GtkWidget            *after,
                                                          const char           *heading);
/* A dim note after @after in the dialog's box */
void                  kefu_settings_dialog_add_note      (KefuSettingsDialog   *self,
                                                          GtkWidget            *after,
                                                          const char           *text);

G_END_DECLS
