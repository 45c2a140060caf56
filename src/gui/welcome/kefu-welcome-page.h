/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-welcome-page.h — what a new, empty database opens on */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_WELCOME_PAGE (kefu_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (KefuWelcomePage, kefu_welcome_page, KEFU, WELCOME_PAGE, GtkWidget)

void kefu_welcome_page_set_store (KefuWelcomePage *self,
                                  KefuStore       *store);

G_END_DECLS
