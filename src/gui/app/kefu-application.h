/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-application.h — the desktop program */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KEFU_TYPE_APPLICATION (kefu_application_get_type ())
G_DECLARE_FINAL_TYPE (KefuApplication, kefu_application, KEFU, APPLICATION, AdwApplication)

KefuApplication *kefu_application_new          (void);
GSettings       *kefu_application_get_settings (KefuApplication *self);
void             kefu_ensure_resources         (void);
void             kefu_load_style               (void);

G_END_DECLS
