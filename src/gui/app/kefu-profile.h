/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-profile.h — KEFU_PROFILE=1 and kefu --profile-scroll: the GUI's own numbers */
#pragma once

#include "kefu-window.h"

G_BEGIN_DECLS

/* With KEFU_PROFILE=1, prints the time from process start to the first
 * frame @window shows. */
void kefu_profile_first_frame (KefuWindow *window);

/* --profile-first-frame-floor: a bare AdwApplicationWindow of 1200×800
 * with an AdwStatusPage instead of Kefu's window; prints the time from
 * process start to its first frame, as KEFU_PROFILE does for Kefu's, and
 * quits: the floor Kefu's first frame is compared with. */
void kefu_profile_first_frame_floor (GtkApplication *app);

/* With KEFU_PROFILE=1, prints when @what happened (a step of start-up). */
void kefu_profile_mark        (const char *what);

/* Signs in the first user, scrolls the ticket list from top to bottom in
 * large steps under the frame clock, prints the percentiles of each
 * frame's work and of the intervals between frames and the renderer, then
 * quits @app. */
void kefu_profile_scroll      (KefuWindow   *window,
                               GApplication *app);

/* The same scroll over a bare GtkColumnView of nine label columns and a
 * million in-memory rows, in a window like @like (which is closed): the
 * floor the ticket list is compared with. */
void kefu_profile_scroll_floor (GtkWindow    *like,
                                GApplication *app);

G_END_DECLS
