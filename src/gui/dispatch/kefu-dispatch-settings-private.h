/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-settings-private.h — what the dispatch settings window
 * (kefu-dispatch-settings.c) shares with its dialogs (kefu-*-dialog.c)
 *
 * Every change goes through kefu_dispatch_settings_write(), which runs it
 * with kefu_write_run(): when another program holds the database's write
 * lock, a dialog stays open, read-only, with what was typed and its own
 * wait bar (Cancel, Escape or Stop Waiting stop the wait and leave it as it
 * is); a change made on the window itself (a switch, Move Up, Delete…)
 * waits under the window's bar. What is saved is taken when Save is
 * pressed; each save is one transaction of the core, so a save tried again
 * never saves twice. A refusal shows at once: in the dialog, or as a
 * high-priority toast.
 */
#pragma once

#include "kefu-dispatch.h"
#include "kefu-dispatch-settings.h"
#include "kefu-settings-dialog.h"

G_BEGIN_DECLS

typedef enum {
  WRITE_ADD_RULE,
  WRITE_UPDATE_RULE,
  WRITE_MOVE_RULE,
  WRITE_RULE_ACTIVE,
  WRITE_DELETE_RULE,
  WRITE_ADD_TEAM,
  WRITE_UPDATE_TEAM,
  WRITE_REINSTATE_TEAM,
  WRITE_DELETE_TEAM,
  WRITE_ADD_TECHNICIAN,
  WRITE_RENAME_TECHNICIAN,
  WRITE_UPDATE_TECHNICIAN,
  WRITE_TECHNICIAN_TEAMS,
  WRITE_TECHNICIAN_BUILDINGS,
  WRITE_TECHNICIAN_ACTIVE,
  WRITE_ADD_SHIFT,
  WRITE_REMOVE_SHIFT,
  WRITE_SWAP_SHIFT,
  WRITE_ADD_EXCEPTION,
  WRITE_REMOVE_EXCEPTION,
} WriteKind;

typedef enum {
  RELOAD_LATER,          /* after the signal that asked has returned */
  RELOAD_RULES,          /* the rules page, at once */
  RELOAD_TECHNICIANS,    /* the technicians page, at once */
} Reload;

typedef struct {
  KefuDispatchSettings *self;      /* not a reference: the wait bar is the window's or its dialog's */
  KefuSettingsDialog   *dialog;    /* NULL for a change made on the window */
  WriteKind             kind;
  Reload                reload;
  KefuDispatchRule      rule;      /* its strings owned */
  gint64                id;        /* the rule, team, technician, shift or exception */
  gint64                other;     /* the team, or the technician swapped with */
  int                   number;    /* the position, the weekday */
  int                   from, to;
  gboolean              flag;      /* active, contractor */
  char                 *text, *text2, *text3;
  GArray               *ids;       /* gint64 */
  gint64                expanded;  /* the technician whose expander stays open */
  gboolean              reload_stopped;   /* a switch: shown as saved when the wait is stopped */
  gboolean              reload_failed;    /* shown anew after a refusal (nothing typed there) */
} SettingsWrite;

/* A change of @kind; from a dialog when @dialog is not NULL. */
SettingsWrite *kefu_dispatch_settings_write_new     (KefuDispatchSettings *self,
                                                     WriteKind             kind,
                                                     KefuSettingsDialog   *dialog);
/* Saves @w now or once another program lets go of the database: under the
 * dialog's wait bar when it comes from a dialog, else under the window's;
 * a dialog closes once it is saved. @w may be gone when this returns. */
void           kefu_dispatch_settings_write         (KefuDispatchSettings *self,
                                                     SettingsWrite        *w);
KefuStore     *kefu_dispatch_settings_get_store     (KefuDispatchSettings *self);
/* A high-priority toast with @error's message when !@ok; returns @ok. */
gboolean       kefu_dispatch_settings_report        (KefuDispatchSettings *self,
                                                     gboolean              ok,
                                                     const GError         *error);
/* The technician's schedule as the core has it now; NULL (and a toast) when gone. */
KefuTechnicianSchedule *kefu_dispatch_settings_find_schedule (KefuDispatchSettings *self,
                                                              gint64                technician_id);
/* The date @days_ahead of the store's today, "YYYY-MM-DD" */
char          *kefu_dispatch_settings_date_ahead    (KefuDispatchSettings *self,
                                                     int                   days_ahead);

G_END_DECLS
