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

/* --profile-signed-in: signs in as the sample's first user with its
 * published PIN before the window is shown, so that KEFU_PROFILE's first
 * frame is the ticket list's (with its first page). FALSE (said why)
 * if @window's database is not a sample. */
gboolean kefu_profile_sign_in (KefuWindow *window);

/* Signs in the first user, scrolls the ticket list from top to bottom in
 * steps of more than a page, then from the top a few rows a frame, under
 * the frame clock; prints for each the percentiles of each frame's work
 * and of the intervals between frames, the share of frames within
 * 16.7 ms, and the renderer, then quits @app. */
void kefu_profile_scroll      (KefuWindow   *window,
                               GApplication *app);

/* The floor the ticket list is compared with: signs in the same way,
 * reads the text of every row of the list into memory, then scrolls in
 * the same two ways a bare GtkColumnView of the list's shown columns
 * over that text, shown in the list's place (the list is hidden). */
void kefu_profile_scroll_floor (KefuWindow   *window,
                                GApplication *app);

G_END_DECLS
