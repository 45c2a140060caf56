struct _KefuDispatchBoard
{
  GtkWidget        parent_instance;

  KefuStore       *store;
  KefuBoard       *board;
  gint64           day_offset;     /* days from today */
  KefuLoader      *loading;
  guint            clock_timeout;
  GPtrArray       *badges;         /* the cards (KefuBoardCardWidget), for the countdown */
  GHashTable      *lanes;          /* technician id → GtkFlowBox (0: Unassigned) */
  GHashTable      *timelines;      /* technician id → KefuDayTimeline */
  GtkWidget       *axis;           /* KefuDayTimeline: the hours above the lanes */
  int              axis_from;      /* the part of the day drawn, in minutes */
  int              axis_to;
  GtkWidget       *no_match;       /* "No technician or team matches …", in the lanes */
  double           keep_scroll;    /* the lanes' scroll position to keep across a reload; < 0: none */
  guint            keep_scroll_timeout;
  gint64           moved_ticket;   /* the job of the last move saved */

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  KefuWaitBar     *wait_bar;
  GtkLabel        *day_label;
  GtkPopover      *day_popover;
  GtkCalendar     *calendar;
  GtkBox          *axis_box;
  GtkSwitch       *auto_switch;
  GtkSearchEntry  *filter_entry;
  GtkBox          *lanes_box;
  GtkSpinner      *spinner;
  GtkLabel        *summary_label;
};
