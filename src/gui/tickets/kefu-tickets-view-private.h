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
  KefuTicketDetail   *detail;

  gint64              reselect_id;   /* after a reload, select this ticket again */
  GPtrArray          *clock_labels;  /* bound badge labels, refreshed every 30 s */
  guint               clock_timeout;
  gint64              user_id;
  KefuSavedView       view;
  KefuLoader         *counting;

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
  int                 probed_column;  /* see header_sorter_changed_cb() */
  guint               fit_idle;       /* see fit_columns() */
};
