/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-progress.h — how long work reports how far it has got */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @fraction runs from 0 to 1; @message says what is being done now. */
typedef void (*KefuProgressFunc) (double      fraction,
                                  const char *message,
                                  gpointer    user_data);

G_END_DECLS
