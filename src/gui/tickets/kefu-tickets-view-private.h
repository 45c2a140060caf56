/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-tickets-view-private.h — what the tickets view's files share: the
 * view's fields, and the functions each calls in the others
 * (kefu-tickets-view.c: the list, search and filters; kefu-tickets-columns.c:
 * the column view's columns, cells and clocks; kefu-tickets-user-views.c: the
 * views list, saved user views and their dialogs) */
#pragma once

#include <adwaita.h>

#include "kefu-desk.h"
#include "kefu-loader.h"
#include "kefu-ticket-detail.h"
#include "kefu-tickets-view.h"
#include "kefu-user-views.h"

G_BEGIN_DECLS

struct _KefuTicketsView
{
  GtkWidget           parent_instance;

  KefuStore          *store;
  KefuTicketList     *list;
  GtkSingleSelection *selection;

  /* template */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkLabel           *count_label;
  GtkSpinner         *spinner;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  AdwBin             *detail_bin;
  KefuTicketDetail   *detail;        /* NULL until a ticket is first shown (ensure_detail in kefu-tickets-view.c) */
  KefuUser           *user;          /* the signed-in user, for the pane when it is built */

  gint64              reselect_id;   /* after a reload, select this ticket again */
  gboolean            reselecting;   /* reselect_cb is selecting: not the user */
  double              keep_scroll;   /* a refresh (another desk's change): the scroll at the rows' swap, */
  gboolean            keeping_scroll;/* restored after each swap of the rows when TRUE */
  guint               refreshes;     /* refreshes so far (for tests) */
  GPtrArray          *clock_items;   /* GtkListItem of the badges, refreshed every 30 s */
  guint               clock_timeout;
  gint64              user_id;
  KefuSavedView       view;
  KefuLoader         *counting;
  guint               count_tick;     /* waiting for the list's first page to be drawn */
  guint               count_frames;   /* frames begun since it came */
  gboolean            drawn;          /* the list's first page has been on screen */

  GtkListBox         *views_list;
  GtkWidget          *save_view_button;
  GPtrArray          *user_views;     /* KefuUserView: the signed-in user's, the rows after the built-in ones */
  GPtrArray          *user_counts;    /* GtkLabel: each one's count */
  gint64              user_view_id;   /* the user view chosen; 0: a built-in one */
  gboolean            restoring;      /* the controls are being set from a user view: one query after */
  gboolean            rebuilding;     /* the user views' rows are being made again */
  GtkWidget          *dropped_label;  /* what a user view left out (a building deleted…) */
  GtkMenuButton      *filter_button;
  GtkLabel           *view_counts[KEFU_N_VIEWS];
  GtkDropDown        *kind_filter;
  GtkDropDown        *level_filter;
  GtkDropDown        *channel_filter;
  GtkDropDown        *building_filter;
  GtkDropDown        *team_filter;
  GtkDropDown        *agent_filter;
  gboolean            choices_filled;   /* the three above: read when the filters are first shown */
  GtkDropDown        *sort_filter;
  GtkWidget          *filter_chips;   /* one chip per filter set, in every view it narrows */
  GtkCheckButton     *descriptions_toggle;
  GtkEntry           *from_filter;
  GtkEntry           *to_filter;

  /* a chart's mark on the dashboard: its tickets, until "Show All Tickets" */
  GtkRevealer        *drill_revealer;
  GtkLabel           *drill_label;
  KefuTicketQuery     drill;
  gboolean            drilling;

  const char         *header_sort;    /* the clicked column's sort key, or NULL */
  gboolean            header_ascending;
  int                 probed_column;  /* see kefu_tickets_view_header_sorter_changed_cb() */
  guint               fit_idle;       /* see fit_columns() */
};

void kefu_tickets_view_add_columns (KefuTicketsView *self);
void kefu_tickets_view_add_views_shortcuts (KefuTicketsView *self);
void kefu_tickets_view_apply_query (KefuTicketsView *self);
void kefu_tickets_view_build_views (KefuTicketsView *self);
void kefu_tickets_view_clock_item_gone_cb (gpointer data, GObject *item);
void kefu_tickets_view_delete_view_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
KefuUserView *kefu_tickets_view_find_user_view (KefuTicketsView *self, gint64 id, guint *index);
void kefu_tickets_view_header_sorter_changed_cb (GtkSorter *sorter, GtkSorterChange change, KefuTicketsView *self);
void kefu_tickets_view_queue_fit_columns (KefuTicketsView *self);
void kefu_tickets_view_rebuild_user_views (KefuTicketsView *self, gint64 keep_id);
gboolean kefu_tickets_view_refresh_clocks_cb (gpointer data);
void kefu_tickets_view_rename_view_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kefu_tickets_view_save_view_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kefu_tickets_view_show_dropped (KefuTicketsView *self, const char *dropped);
void kefu_tickets_view_update_view_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kefu_tickets_view_update_view_counts (KefuTicketsView *self);
KefuUserView *kefu_tickets_view_user_view_from_controls (KefuTicketsView *self);
void kefu_tickets_view_views_header_cb (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data);

G_END_DECLS
