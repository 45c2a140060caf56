/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket-detail.c — one ticket's fields, milestones and timeline
 *
 * The owner's phone number is masked (138****5678), and so are mobile
 * numbers inside the description and the timeline; a user whose role may
 * see it can reveal the contact's number (Ctrl+Shift+P in the list), for a
 * minute: the core writes each reveal to the audit log, with the reason
 * asked for when the ticket is not the user's own.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-gui-util.h"

#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-ticket-seen.h"
#include "kefu-owner-window.h"
#include "kefu-certificate.h"
#include "kefu-pin-dialog.h"
#include "kefu-privacy.h"
#include "kefu-safe-file.h"
#include "kefu-sla.h"
#include "kefu-ticket-detail.h"
#include "kefu-ticket-seen.h"
#include "kefu-ticket-dialogs.h"
#include "kefu-write.h"

struct _KefuTicketDetail
{
  GtkWidget     parent_instance;

  KefuStore    *store;
  KefuUser     *user;
  KefuTicket   *ticket;
  GListStore   *events;
  gboolean      cancel_approved;   /* a supervisor's PIN just approved ticket.cancel */

  /* template */
  GtkStack     *stack;
  GtkScrolledWindow *scroller;
  GtkLabel     *number_label;
  GtkLabel     *status_label;
  GtkLabel     *level_label;
  GtkLabel     *description_label;
  GtkLabel     *kind_value;
  GtkLabel     *channel_value;
  GtkLabel     *location_value;
  GtkLabel     *owner_value;
  GtkButton    *reveal_button;
  GtkLabel     *agent_value;
  GtkLabel     *assignee_value;
  AdwActionRow *reason_row;
  GtkLabel     *reason_value;
  AdwActionRow *satisfaction_row;
  GtkLabel     *satisfaction_value;
  GtkListBox   *milestones_list;
  GtkListBox   *timeline_list;
  GtkWidget    *actions_box;
  KefuWaitBar  *wait_bar;
  GtkWidget    *action_buttons[16];
  GtkWidget    *attachments_group;
  GtkListBox   *attachments_list;
  GtkWidget    *sla_group;
  GtkListBox   *sla_list;

  /* a revealed number, shown until it masks itself again */
  char         *revealed_phone;
  gint64        revealed_ticket;
  guint         remask_id;
};

/* How long a revealed number stays on screen. */
static guint reveal_seconds = 60;

static char *certification_gate (KefuTicketDetail *self,
                                 gint64            creator);

void
kefu_ticket_detail_set_reveal_seconds (guint seconds)
{
  reveal_seconds = seconds;
}

enum { TICKET_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The lifecycle's steps as buttons: shown when the ticket's status is one
 * of @when. Mnemonics make each one a key press (Alt+letter). */
static const struct {
  const char *action;
  const char *target;
  const char *label;
  const char *when;
  gboolean    suggested;
} steps[] = {
  /* level 1: the plan comes first, before the second check */
  { "ticket.start-plan", NULL, N_("Start Emergency _Plan"), "new dispatched accepted on_site reopened", TRUE },
  { "ticket.verify", NULL, N_("_Verify"), "new reopened", TRUE },
  { "ticket.dispatch", NULL, N_("_Dispatch…"), "new reopened", TRUE },
  { "ticket.move", "accepted", N_("_Accepted"), "dispatched", TRUE },
  { "ticket.move", "on_site", N_("On _Site"), "accepted", TRUE },
  { "ticket.resolve", NULL, N_("_Resolved…"), "on_site new reopened", FALSE },
  { "ticket.follow-up", NULL, N_("_Follow-up Call…"), "resolved", TRUE },
  { "ticket.resume", NULL, N_("Res_ume"), "on_hold", TRUE },
  { "ticket.dispatch", NULL, N_("Reassi_gn…"), "dispatched accepted", FALSE },
  { "ticket.hold", NULL, N_("_Hold…"), "new dispatched accepted on_site reopened", FALSE },
  { "ticket.call", NULL, N_("Log _Call…"), "new dispatched accepted on_site on_hold resolved reopened closed", FALSE },
  { "ticket.note", NULL, N_("Add _Note…"), "new dispatched accepted on_site on_hold resolved reopened closed cancelled", FALSE },
  { "ticket.attach", NULL, N_("Attach F_ile…"), "new dispatched accepted on_site on_hold resolved reopened closed", FALSE },
  { "ticket.reopen", NULL, N_("Re_open…"), "closed", FALSE },
  { "ticket.cancel", NULL, N_("Cancel _Ticket…"), "new dispatched accepted on_site on_hold reopened", FALSE },
  /* level 2: the incident's review report, due within 24 hours */
  { "ticket.review", NULL, N_("File Review Re_port…"), "new dispatched accepted on_site on_hold resolved reopened closed", FALSE },
};
G_STATIC_ASSERT (G_N_ELEMENTS (steps) <= 16);

G_DEFINE_FINAL_TYPE (KefuTicketDetail, kefu_ticket_detail, GTK_TYPE_WIDGET)

static GtkWidget *
create_event_row_cb (gpointer item,
                     gpointer user_data)
{
  KefuTicketEvent *event = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = kefu_ticket_event_describe (event);
  g_autofree char *when = kefu_format_time (kefu_ticket_event_get_at (event), "%Y-%m-%d %H:%M");
  const char *who = kefu_ticket_event_get_user_name (event);
  g_autofree char *body = kefu_mask_phones_in_text (kefu_ticket_event_get_body (event));
  g_autoptr(GString) subtitle = g_string_new (when);

  if (who != NULL)
    g_string_append_printf (subtitle, " · %s", who);
  if (body != NULL)
    g_string_append_printf (subtitle, "\n%s", body);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL && *text != '\0' ? text : "—");
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_owner (KefuTicketDetail *self,
            const char       *phone)
{
  const char *name = kefu_ticket_get_owner_name (self->ticket);
  g_autofree char *text = NULL;

  if (phone != NULL && *phone != '\0')
    /* Translators: owner name and phone, e.g. "王芳 138****5678" */
    text = g_strdup_printf (_("%s  %s"), name != NULL ? name : "", phone);
  else
    text = g_strdup (name);
  set_label (self->owner_value, text);
}

static void
forget_revealed (KefuTicketDetail *self)
{
  g_clear_handle_id (&self->remask_id, g_source_remove);
  g_clear_pointer (&self->revealed_phone, g_free);
  self->revealed_ticket = 0;
}

static void update (KefuTicketDetail *self);

static gboolean
remask_cb (gpointer data)
{
  KefuTicketDetail *self = data;

  self->remask_id = 0;
  forget_revealed (self);
  update (self);
  return G_SOURCE_REMOVE;
}

static void
update (KefuTicketDetail *self)
{
  KefuTicket *t = self->ticket;
  g_autofree char *masked = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *level = NULL;
  g_autofree char *assignee = NULL;
  g_autoptr(GError) error = NULL;
  const char *status;
  const char *reason;

  if (t == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "ticket");

  status = kefu_ticket_get_status (t);
  gtk_label_set_text (self->number_label, kefu_ticket_get_number (t));
  gtk_label_set_text (self->status_label, kefu_code_label (KEFU_CODES_STATUS, status));
  kefu_show_status_class (GTK_WIDGET (self->status_label), status);

  level = g_strdup_printf ("%d", kefu_ticket_get_level (t));
  gtk_label_set_text (self->level_label, kefu_code_label (KEFU_CODES_LEVEL, level));
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "level-1");
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "level-2");
  if (kefu_ticket_get_level (t) < 3)
    gtk_widget_add_css_class (GTK_WIDGET (self->level_label), kefu_ticket_get_level (t) == 1 ? "level-1" : "level-2");

  {
    g_autofree char *description = kefu_mask_phones_in_text (kefu_ticket_get_description (t));
    gtk_label_set_text (self->description_label, description);
  }

  if (kefu_ticket_get_subtype (t) != NULL)
    kind = g_strdup_printf (_("%s · %s"), kefu_code_label (KEFU_CODES_KIND, kefu_ticket_get_kind (t)),
                            kefu_code_label (KEFU_CODES_SUBTYPE, kefu_ticket_get_subtype (t)));
  else
    kind = g_strdup (kefu_code_label (KEFU_CODES_KIND, kefu_ticket_get_kind (t)));
  set_label (self->kind_value, kind);
  set_label (self->channel_value, kefu_code_label (KEFU_CODES_CHANNEL, kefu_ticket_get_channel (t)));
  set_label (self->location_value, kefu_ticket_get_location (t));

  /* a number revealed for this ticket stays until its minute is up */
  if (self->revealed_phone != NULL && self->revealed_ticket == kefu_ticket_get_id (t))
    show_owner (self, self->revealed_phone);
  else
    {
      forget_revealed (self);
      masked = kefu_mask_phone (kefu_ticket_get_contact_phone (t));
      show_owner (self, masked);
    }
  /* a role that may not see it asks someone who may, in place */
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button),
                          kefu_ticket_get_contact_phone (t) != NULL && self->revealed_phone == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.show-owner", kefu_ticket_get_owner_id (t) > 0);

  set_label (self->agent_value, kefu_ticket_get_agent_name (t));
  if (kefu_ticket_get_technician_name (t) != NULL)
    assignee = g_strdup_printf (_("%s · %s"), kefu_ticket_get_team_name (t), kefu_ticket_get_technician_name (t));
  else
    assignee = g_strdup (kefu_ticket_get_team_name (t));
  set_label (self->assignee_value, assignee);

  reason = kefu_ticket_get_hold_reason (t) != NULL && g_str_equal (status, "on_hold")
           ? kefu_ticket_get_hold_reason (t) : kefu_ticket_get_cancel_reason (t);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), reason != NULL);
  set_label (self->reason_value, reason);

  {
    gint64 retry_at = 0;
    gboolean unreachable = FALSE;
    guint tries = self->store != NULL ? kefu_desk_get_follow_up_tries (self->store, kefu_ticket_get_id (t), &retry_at, &unreachable) : 0;
    g_autoptr(GArray) ratings = self->store != NULL ? kefu_desk_list_ratings (self->store, kefu_ticket_get_id (t), NULL) : NULL;
    GString *s = g_string_new (NULL);

    if (kefu_ticket_get_satisfaction (t) > 0)
      {
        for (int i = 1; i <= 5; i++)
          g_string_append (s, i <= kefu_ticket_get_satisfaction (t) ? "★" : "☆");
        if (kefu_ticket_get_followup_comment (t) != NULL)
          g_string_append_printf (s, "  %s", kefu_ticket_get_followup_comment (t));
        /* a reopened ticket's earlier ratings are kept: the final one counts */
        if (ratings != NULL && ratings->len > 1)
          {
            g_autoptr(GString) earlier = g_string_new (NULL);
            g_autofree char *text = NULL;

            for (guint i = 0; i + 1 < ratings->len; i++)
              g_string_append_printf (earlier, "%s%d", i > 0 ? _(", ") : "", g_array_index (ratings, int, i));
            text = g_strdup_printf (_("earlier ratings: %s"), earlier->str);
            g_string_append_printf (s, "\n%s", text);
          }
      }
    if (unreachable)
      {
        if (s->len > 0)
          g_string_append_c (s, '\n');
        g_string_append_printf (s, _("Closed as unreachable after %u tries"), tries);
      }
    else if (tries > 0 && g_str_equal (status, "resolved"))
      {
        g_autofree char *when = kefu_format_time (retry_at, "%Y-%m-%d %H:%M");

        if (s->len > 0)
          g_string_append_c (s, '\n');
        g_string_append_printf (s, _("Not reached (%u of %u tries); next try from %s"), tries, KEFU_FOLLOW_UP_TRIES, when);
      }
    gtk_widget_set_visible (GTK_WIDGET (self->satisfaction_row), s->len > 0);
    set_label (self->satisfaction_value, s->str);
    g_string_free (s, TRUE);
  }

  /* Only this status's steps are in the flow box: GTK 4.8's flow box
   * measures hidden children wrongly, so they are taken out, not hidden. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (self->actions_box)) != NULL)
      {
        /* The button leaves its wrapper first: GTK keeps the wrapper of a
         * button that is being clicked, or of the focused one a key went
         * through, alive until the event ends, and a button still inside
         * it cannot be put in a new one (gtk_widget_set_parent) — it was
         * lost until the ticket was chosen again. */
        gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), NULL);
        gtk_flow_box_remove (GTK_FLOW_BOX (self->actions_box), child);
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_auto(GStrv) when = g_strsplit (steps[i].when, " ", -1);
      gboolean visible = g_strv_contains ((const char * const *) when, status);

      if (g_str_equal (steps[i].action, "ticket.verify"))
        visible &= kefu_ticket_get_level (t) < 3 && !kefu_ticket_get_verified (t);
      if (g_str_equal (steps[i].action, "ticket.start-plan"))
        visible &= kefu_ticket_get_level (t) == 1 && kefu_ticket_get_plan_started_at (t) <= 0;
      if (g_str_equal (steps[i].action, "ticket.review"))
        visible &= kefu_ticket_get_level (t) == 2 && kefu_ticket_get_review_filed_at (t) <= 0;
      /* An urgent ticket is dispatched only after its second check. */
      if (g_str_equal (steps[i].action, "ticket.dispatch") && steps[i].suggested)
        visible &= kefu_ticket_get_level (t) == 3 || kefu_ticket_get_verified (t);
      if (visible)
        gtk_flow_box_append (GTK_FLOW_BOX (self->actions_box), self->action_buttons[i]);
    }

  /* each service-level clock: target, due moment, met, running or late */
  clear_list (self->sla_list);
  {
    static const KefuTicketMilestone ends[KEFU_N_CLOCKS] = {
      [KEFU_CLOCK_RESPONSE] = KEFU_TICKET_FIRST_RESPONSE, [KEFU_CLOCK_ONSITE] = KEFU_TICKET_ARRIVED,
      [KEFU_CLOCK_RESOLUTION] = KEFU_TICKET_RESOLVED, [KEFU_CLOCK_FOLLOWUP] = KEFU_TICKET_FOLLOWED_UP,
    };
    G_STATIC_ASSERT (KEFU_CLOCK_REVIEW == KEFU_N_CLOCKS - 1);
    gint64 now = kefu_store_now (self->store);
    guint shown = 0;

    for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
      {
        gint64 due_at = kefu_ticket_get_due (t, k);
        gint64 end = k == KEFU_CLOCK_UPDATE ? 0
                     : k == KEFU_CLOCK_REVIEW ? kefu_ticket_get_review_filed_at (t)
                     : kefu_ticket_get_milestone (t, ends[k]);
        g_autofree char *due_text = NULL;
        g_autofree char *span = NULL;
        g_autofree char *state = NULL;
        g_autofree char *subtitle = NULL;
        GtkWidget *row, *badge;
        const char *css;

        if (due_at <= 0)
          continue;
        /* the progress-update clock runs in rounds until the ticket is resolved */
        if (k == KEFU_CLOCK_UPDATE && kefu_ticket_get_milestone (t, KEFU_TICKET_RESOLVED) > 0)
          continue;
        due_text = kefu_format_time (due_at, "%Y-%m-%d %H:%M");
        if (end > 0)
          {
            span = kefu_format_duration (end - due_at);
            state = end <= due_at ? g_strdup (_("Met")) : g_strdup_printf (_("Missed by %s"), span);
            css = end <= due_at ? "sla-ok" : "sla-breached";
          }
        else if (g_str_equal (status, "cancelled") || (g_str_equal (status, "closed") && k != KEFU_CLOCK_REVIEW))
          continue;
        else
          {
            span = kefu_format_duration (due_at - now);
            state = now < due_at ? g_strdup_printf (_("%s left"), span) : g_strdup_printf (_("%s late"), span);
            css = now < due_at ? (g_str_equal (status, "on_hold") ? "status-on_hold" : "sla-ok") : "sla-breached";
          }
        /* Translators: a service-level clock's due moment */
        subtitle = g_strdup_printf (_("Due %s"), due_text);
        row = adw_action_row_new ();
        {
          /* the clock's name is lower case for use in sentences; a title starts with a capital */
          g_autofree char *title = g_strdup (kefu_clock_label (k));
          title[0] = g_ascii_toupper (title[0]);
          /* level 1 answers by starting its emergency plan */
          if (k == KEFU_CLOCK_RESPONSE && kefu_ticket_get_level (t) == 1)
            {
              g_free (title);
              title = g_strdup (_("Start of the emergency plan"));
            }
          /* an entrapment's first response is talking to those trapped,
           * and its updates go to them every 5 minutes */
          else if (k == KEFU_CLOCK_RESPONSE && kefu_sla_is_entrapment (kefu_ticket_get_level (t), kefu_ticket_get_description (t)))
            {
              g_free (title);
              title = g_strdup (_("Talk to those trapped"));
            }
          else if (k == KEFU_CLOCK_UPDATE && kefu_sla_is_entrapment (kefu_ticket_get_level (t), kefu_ticket_get_description (t)))
            {
              g_free (title);
              title = g_strdup (_("Updates to those trapped"));
            }
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        }
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        badge = gtk_label_new (state);
        gtk_widget_add_css_class (badge, "status-badge");
        gtk_widget_add_css_class (badge, css);
        gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
        gtk_list_box_append (self->sla_list, row);
        shown++;
      }
    if (kefu_ticket_get_paused_seconds (t) > 0 || g_str_equal (status, "on_hold"))
      {
        GtkWidget *row = adw_action_row_new ();
        g_autofree char *paused = kefu_format_duration (kefu_ticket_get_paused_seconds (t));

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Time on hold"));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                     g_str_equal (status, "on_hold") ? _("On hold now: the clocks stand still")
                                                                     : _("Credited back to the clocks, in working time"));
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (kefu_ticket_get_paused_seconds (t) > 0 ? paused : "—"));
        gtk_list_box_append (self->sla_list, row);
        shown++;
      }
    /* a new hire's urgent ticket: who must make its second check */
    {
      g_autofree char *gate = kefu_ticket_get_level (t) >= 1 && kefu_ticket_get_level (t) <= 2 && !kefu_ticket_get_verified (t)
                              ? certification_gate (self, kefu_desk_get_creator (self->store, kefu_ticket_get_id (t))) : NULL;

      if (gate != NULL)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Second check by a certified agent"));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), gate);
          gtk_widget_set_name (row, "certification-gate");
          gtk_list_box_prepend (self->sla_list, row);
          shown++;
        }
    }
    gtk_widget_set_visible (self->sla_group, shown > 0);
  }

  clear_list (self->milestones_list);
  for (KefuTicketMilestone m = 0; m < KEFU_TICKET_N_MILESTONES; m++)
    {
      gint64 at = kefu_ticket_get_milestone (t, m);
      GtkWidget *row, *value;
      g_autofree char *when = NULL;

      if (at <= 0)
        continue;
      when = kefu_format_time (at, "%Y-%m-%d %H:%M");
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kefu_ticket_milestone_label (m));
      value = gtk_label_new (when);
      gtk_widget_add_css_class (value, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      gtk_list_box_append (self->milestones_list, row);
    }

  g_clear_object (&self->events);
  if (self->store != NULL)
    self->events = kefu_desk_list_events (self->store, kefu_ticket_get_id (t), &error);
  if (self->events == NULL)
    {
      self->events = g_list_store_new (KEFU_TYPE_TICKET_EVENT);
      if (error != NULL)
        g_warning ("Cannot read the timeline of %s: %s", kefu_ticket_get_number (t), error->message);
    }
  gtk_list_box_bind_model (self->timeline_list, G_LIST_MODEL (self->events), create_event_row_cb, NULL, NULL);

  clear_list (self->attachments_list);
  {
    g_autoptr(GListStore) files = self->store != NULL
      ? kefu_desk_list_attachments (self->store, kefu_ticket_get_id (t), NULL) : NULL;
    guint n = files != NULL ? g_list_model_get_n_items (G_LIST_MODEL (files)) : 0;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (files), i);
        GtkWidget *row = adw_action_row_new ();
        GtkWidget *save = gtk_button_new_from_icon_name ("document-save-symbolic");

        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kefu_choice_get_name (c));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kefu_choice_get_detail (c));
        gtk_widget_add_css_class (save, "flat");
        gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (save, _("Save a copy…"));
        gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "ticket.save-attachment");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (save), "x", kefu_choice_get_id (c));
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), save);
        gtk_list_box_append (self->attachments_list, row);
      }
    gtk_widget_set_visible (self->attachments_group, n > 0);
  }
}

/* Shows the number revealed for ticket @id (if it is still the one shown)
 * until its minute is up. */
static void
show_revealed (KefuTicketDetail *self,
               gint64            id,
               const char       *phone)
{
  if (self->ticket == NULL || kefu_ticket_get_id (self->ticket) != id || phone == NULL)
    return;
  forget_revealed (self);
  self->revealed_phone = g_strdup (phone);
  self->revealed_ticket = id;
  self->remask_id = g_timeout_add_seconds (reveal_seconds, remask_cb, self);
  update (self);
}

typedef struct {
  KefuTicketDetail *self;
  KefuUser         *by;     /* the signed-in user, or whoever just confirmed */
  gint64            id;
  char             *phone;
} Reveal;

static void
reveal_free (gpointer data)
{
  Reveal *r = data;

  g_object_unref (r->self);
  g_clear_object (&r->by);
  g_free (r->phone);
  g_free (r);
}

/* The core checks the right and writes the audit entry (one transaction:
 * a save that met another program's lock is tried again, kefu-write.h). */
static gboolean
reveal_save_cb (KefuStore   *store,
                const char  *reason,
                gpointer     data,
                GError     **error)
{
  Reveal *r = data;

  g_clear_pointer (&r->phone, g_free);
  return kefu_desk_reveal_phone (store, r->by, r->id, reason, &r->phone, error);
}

static void
reveal_saved_cb (gpointer data)
{
  Reveal *r = data;

  show_revealed (r->self, r->id, r->phone);
}

static gboolean
reveal_write_cb (KefuStore  *store,
                 gpointer    data,
                 GError    **error)
{
  return reveal_save_cb (store, NULL, data, error);
}

static void
reveal_done_cb (KefuWriteOutcome  outcome,
                const GError     *error,
                gpointer          data)
{
  Reveal *r = data;

  if (outcome == KEFU_WRITE_DONE)
    show_revealed (r->self, r->id, r->phone);
  else if (outcome == KEFU_WRITE_FAILED)
    gtk_widget_activate_action (GTK_WIDGET (r->self), "win.toast", "s", error->message);
}

/* @by: the signed-in user, or whoever just confirmed with their PIN */
static void
reveal_phone (KefuTicketDetail *self,
              KefuUser         *by)
{
  g_autofree char *body = NULL;
  Reveal *r;

  if (self->ticket == NULL || self->store == NULL || by == NULL ||
      kefu_ticket_get_contact_phone (self->ticket) == NULL || kefu_wait_bar_is_waiting (self->wait_bar))
    return;
  r = g_new0 (Reveal, 1);
  r->self = g_object_ref (self);
  r->by = g_object_ref (by);
  r->id = kefu_ticket_get_id (self->ticket);
  if (!kefu_desk_reveal_needs_reason (self->ticket, by))
    {
      kefu_write_run (self->store, self->wait_bar, reveal_write_cb, reveal_done_cb, r, reveal_free);
      return;
    }
  /* outside the user's own tickets: why (kept in the audit log) */
  body = g_strdup_printf (_("Ticket %s was taken by someone else. Why do you need the owner’s number? "
                            "Your reason is kept in the audit log; the number masks itself again after a minute."),
                          kefu_ticket_get_number (self->ticket));
  kefu_ask_text (GTK_WIDGET (self), self->store, _("Reveal the Phone Number?"), body, _("_Reveal"), FALSE,
                 reveal_save_cb, reveal_saved_cb, r, reveal_free);
}

static void
reveal_confirmed_cb (KefuUser *person,
                     gpointer  data)
{
  if (person != NULL)
    reveal_phone (data, person);
}

static void
reveal_phone_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KefuTicketDetail *self = KEFU_TICKET_DETAIL (widget);

  if (self->ticket == NULL || self->store == NULL)
    return;
  if (kefu_user_can (self->user, KEFU_PERMISSION_SEE_PHONE))
    {
      reveal_phone (self, self->user);
      return;
    }
  kefu_pin_dialog_ask (widget, self->store, KEFU_PERMISSION_SEE_PHONE, 0, 0, _("Reveal the Phone Number"),
                       _("Your role may not see owners’ full phone numbers: someone whose role may, types their PIN. "
                         "The reveal is recorded under their name."),
                       reveal_confirmed_cb, g_object_ref (self), g_object_unref);
}

/* After a step: show the ticket as it is now, and tell the list. */
static void
step_done (KefuTicketDetail *self,
           gboolean          ok,
           GError           *error)
{
  gint64 id;
  g_autoptr(KefuTicket) fresh = NULL;
  g_autoptr(GError) reload_error = NULL;

  if (!ok)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                                  error != NULL ? error->message : "");
      return;
    }
  if (self->ticket == NULL)
    return;
  id = kefu_ticket_get_id (self->ticket);
  fresh = kefu_desk_get_ticket (self->store, id, &reload_error);
  if (fresh != NULL)
    {
      g_set_object (&self->ticket, fresh);
      update (self);
    }
  g_signal_emit (self, signals[TICKET_CHANGED], 0, id);
}

static gint64
current_id (KefuTicketDetail *self)
{
  return self->ticket != NULL ? kefu_ticket_get_id (self->ticket) : 0;
}

typedef enum {
  STEP_MOVE, STEP_VERIFY, STEP_RESUME, STEP_ATTACH, STEP_START_PLAN, STEP_REVIEW,
  TEXT_HOLD, TEXT_CANCEL, TEXT_REOPEN, TEXT_NOTE, TEXT_CALL,
  STEP_DISPATCH, STEP_FOLLOW_UP, STEP_RESOLVE,
} Step;

/* A step on one ticket, saved now or once another program lets go of the
 * database (kefu-write.h). */
typedef struct {
  KefuTicketDetail *self;
  gint64            id;
  Step              step;
  char             *to;        /* STEP_MOVE */
  char             *name;      /* STEP_ATTACH */
  char             *mime;
  GBytes           *bytes;
  gboolean          borrowed;  /* @self not referenced: the pane's own wait bar holds the step */
  gint64            version;   /* the ticket's version the user saw (kefu-ticket-seen.h) */
} Pending;

static Pending *
pending_new (KefuTicketDetail *self,
             Step              step)
{
  Pending *p = g_new0 (Pending, 1);

  p->self = g_object_ref (self);
  p->id = current_id (self);
  p->step = step;
  p->version = self->ticket != NULL ? kefu_ticket_get_version (self->ticket) : 0;
  return p;
}

static void
pending_free (gpointer data)
{
  Pending *p = data;

  if (!p->borrowed)
    g_object_unref (p->self);
  g_free (p->to);
  g_free (p->name);
  g_free (p->mime);
  g_clear_pointer (&p->bytes, g_bytes_unref);
  g_free (p);
}

/* The ticket is saved: show it anew if it is still the one shown, and
 * tell the list either way. */
static void
pending_saved_cb (gpointer data)
{
  Pending *p = data;

  if (p->self->ticket != NULL && current_id (p->self) == p->id && p->self->store != NULL)
    step_done (p->self, TRUE, NULL);
  else
    g_signal_emit (p->self, signals[TICKET_CHANGED], 0, p->id);
}

/* A step is saved on the version of the ticket its user saw: when another
 * desk changed the ticket meanwhile, the step is refused naming who
 * changed what and when (kefu-ticket-seen.h); the pane and the list then
 * show theirs, the dialog keeps what was typed, and saving again applies
 * it to what is shown now. */
static gboolean
seen_end (KefuStore  *store,
          Pending    *p,
          gboolean    ok,
          GError    **error)
{
  kefu_store_expect_version (store, 0, 0);
  if (!ok && error != NULL && g_error_matches (*error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_STALE))
    {
      p->version = kefu_ticket_read_version (store, p->id, NULL);
      pending_saved_cb (p);
    }
  return ok;
}
#define SEEN(call) (kefu_store_expect_version (store, p->id, p->version), seen_end (store, p, (call), error))

/* The steps saved from the pane itself (no dialog): the step buttons
 * wait with the pane's wait bar. */
static gboolean
pane_write_cb (KefuStore  *store,
               gpointer    data,
               GError    **error)
{
  Pending *p = data;

  switch (p->step)
    {
    case STEP_VERIFY: return SEEN (kefu_desk_verify (store, p->id, error));
    case STEP_RESUME: return SEEN (kefu_desk_resume (store, p->id, error));
    case STEP_START_PLAN: return SEEN (kefu_desk_start_plan (store, p->id, error));
    case STEP_ATTACH: return kefu_desk_add_attachment (store, p->id, p->name, p->mime, p->bytes, error) > 0;
    case STEP_MOVE:
    default:          return SEEN (kefu_desk_move (store, p->id, p->to, NULL, error));
    }
}

/* The plan is started: what the desk does now (119/120, security, the family). */
static void
show_plan_checklist (KefuTicketDetail *self)
{
  const char * const *plan = kefu_emergency_plan_steps ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; plan[i] != NULL; i++)
    g_string_append_printf (body, "%s%u. %s", i ? "\n" : "", i + 1, _(plan[i]));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Emergency Plan Started"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_name (dialog, "kefu-plan-checklist");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pane_done_cb (KefuWriteOutcome  outcome,
              const GError     *error,
              gpointer          data)
{
  Pending *p = data;

  gtk_widget_set_sensitive (p->self->actions_box, TRUE);
  if (outcome == KEFU_WRITE_DONE && p->step == STEP_START_PLAN)
    show_plan_checklist (p->self);
  if (outcome == KEFU_WRITE_DONE)
    pending_saved_cb (p);
  else if (outcome == KEFU_WRITE_FAILED)
    gtk_widget_activate_action (GTK_WIDGET (p->self), "win.toast", "s", error->message);
}

static void
run_pane_step (KefuTicketDetail *self,
               Pending          *p)
{
  /* the wait bar belongs to the pane: it ends the step before the pane goes */
  g_object_unref (p->self);
  p->borrowed = TRUE;
  gtk_widget_set_sensitive (self->actions_box, FALSE);
  kefu_write_run (self->store, self->wait_bar, pane_write_cb, pane_done_cb, p, pending_free);
}

/* A colleague has typed their PIN: the check is theirs. */
static void
verify_confirmed_cb (KefuUser *person,
                     gpointer  data)
{
  Pending *p = data;
  KefuTicketDetail *self = p->self;

  if (person == NULL || self->ticket == NULL || current_id (self) != p->id || kefu_wait_bar_is_waiting (self->wait_bar))
    {
      pending_free (p);
      return;
    }
  run_pane_step (self, p);
}

/* When the certification gate applies to the ticket shown (urgent, not
 * checked yet, and logged by a new hire not yet certified, or the desk's
 * own user is one): why, and who may check; NULL otherwise. */
static char *
certification_gate (KefuTicketDetail *self,
                    gint64            creator)
{
  KefuTicket *t = self->ticket;
  gint64 me = self->user != NULL ? kefu_user_get_id (self->user) : 0;
  g_autoptr(GArray) certified = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *who = NULL;
  g_autofree char *why = NULL;

  if (t == NULL || kefu_ticket_get_level (t) < 1 || kefu_ticket_get_level (t) > 2 || kefu_ticket_get_verified (t))
    return NULL;
  if (creator > 0 && kefu_certification_pending (self->store, creator))
    {
      g_autoptr(KefuUser) u = kefu_desk_get_user (self->store, creator, NULL);
      who = g_strdup (u != NULL ? kefu_user_get_name (u) : "?");
      why = g_strdup_printf (_("%s is a new hire, not yet certified: this urgent ticket is checked by a certified agent."), who);
    }
  else if (me > 0 && kefu_certification_pending (self->store, me))
    why = g_strdup (_("You are a new hire, not yet certified: a certified agent makes the second check of an urgent ticket."));
  else
    return NULL;
  certified = kefu_certified_people (self->store, NULL);
  for (guint i = 0; certified != NULL && i < certified->len; i++)
    {
      gint64 id = g_array_index (certified, gint64, i);
      g_autoptr(KefuUser) u = NULL;

      if (id == creator)
        continue;
      u = kefu_desk_get_user (self->store, id, NULL);
      if (u == NULL)
        continue;
      if (names->len > 0)
        /* Translators: between the names of a list */
        g_string_append (names, _(", "));
      g_string_append (names, kefu_user_get_name (u));
    }
  if (names->len == 0)
    return g_strdup_printf ("%s %s", why, _("Nobody holds a valid certificate yet."));
  /* Translators: the reason, then the names of those who may check */
  return g_strdup_printf (_("%s Certified: %s."), why, names->str);
}

/* The steps that need no answer: ticket.move (accepted, on site,
 * resolved), ticket.verify and ticket.resume. */
static void
plain_step_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KefuTicketDetail *self = KEFU_TICKET_DETAIL (widget);
  Pending *p;

  if (self->ticket == NULL || kefu_wait_bar_is_waiting (self->wait_bar))
    return;
  if (g_str_equal (action_name, "ticket.verify"))
    {
      gint64 creator = kefu_desk_get_creator (self->store, current_id (self));

      gint64 me = kefu_user_get_id (self->user);
      g_autofree char *gate = certification_gate (self, creator);

      p = pending_new (self, STEP_VERIFY);
      /* the agent who logged it, or a role that may not check, or one not
       * certified when the gate applies: a colleague's PIN, in place */
      if (!kefu_user_can (self->user, KEFU_PERMISSION_VERIFY) || creator == me ||
          (gate != NULL && !kefu_certificate_holds (self->store, me)))
        {
          KefuPinDialog *dialog;

          dialog = kefu_pin_dialog_ask (widget, self->store, KEFU_PERMISSION_VERIFY, creator, 0, _("Second Check"),
                                        gate != NULL ? gate
                                        : _("An urgent ticket is checked by a second person before it is dispatched: a colleague "
                                            "reads the address, unit, need, urgency and contact back and types their PIN."),
                                        verify_confirmed_cb, p, NULL);
          if (gate != NULL)
            {
              g_autoptr(GArray) certified = kefu_certified_people (self->store, NULL);
              kefu_pin_dialog_keep_only (dialog, certified,
                                         _("Nobody holds a valid certificate yet: a trainer issues one to an agent who "
                                           "passed the exam and the practical."));
            }
          return;
        }
    }
  else if (g_str_equal (action_name, "ticket.resume"))
    p = pending_new (self, STEP_RESUME);
  else if (g_str_equal (action_name, "ticket.start-plan"))
    p = pending_new (self, STEP_START_PLAN);
  else
    {
      p = pending_new (self, STEP_MOVE);
      p->to = g_variant_dup_string (parameter, NULL);
    }
  run_pane_step (self, p);
}

static gboolean
text_save_cb (KefuStore   *store,
              const char  *text,
              gpointer     user_data,
              GError     **error)
{
  Pending *p = user_data;

  switch (p->step)
    {
    case TEXT_HOLD: return SEEN (kefu_desk_move (store, p->id, "on_hold", text, error));
    case TEXT_CANCEL: return SEEN (kefu_desk_move (store, p->id, "cancelled", text, error));
    case TEXT_REOPEN: return SEEN (kefu_desk_move (store, p->id, "reopened", text, error));
    case TEXT_NOTE: return kefu_desk_add_note (store, p->id, text, error);
    case TEXT_CALL: return SEEN (kefu_desk_log_call (store, p->id, text, error));
    default: g_assert_not_reached ();
    }
  return FALSE;
}

static void text_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

/* The supervisor has typed their PIN: now the reason (the cancellation is theirs). */
static void
cancel_confirmed_cb (KefuUser *person,
                     gpointer  data)
{
  KefuTicketDetail *self = data;

  if (person == NULL || self->ticket == NULL)
    return;
  self->cancel_approved = TRUE;
  text_action (GTK_WIDGET (self), "ticket.cancel", NULL);
}

static void
text_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuTicketDetail *self = KEFU_TICKET_DETAIL (widget);
  static const struct { const char *action; Step step; const char *heading, *body, *accept; gboolean phrases; } asks[] = {
    { "ticket.hold", TEXT_HOLD, N_("Put the Ticket on Hold"), N_("Its service-level clocks pause until it is resumed. Why is it waiting?"), N_("_Hold"), FALSE },
    { "ticket.cancel", TEXT_CANCEL, N_("Cancel the Ticket?"), N_("A cancelled ticket cannot be reopened. Say why it is cancelled."), N_("Ca_ncel Ticket"), FALSE },
    { "ticket.reopen", TEXT_REOPEN, N_("Reopen the Ticket"), N_("It will count as a repeat. What did the owner report?"), N_("Re_open"), FALSE },
    { "ticket.note", TEXT_NOTE, N_("Add a Note"), NULL, N_("_Add Note"), TRUE },
    { "ticket.call", TEXT_CALL, N_("Log a Call"), N_("What was said, and what was promised?"), N_("_Log Call"), TRUE },
  };

  if (self->ticket == NULL)
    return;
  /* a cancellation the desk's user may not make alone: a supervisor
   * approves it in place with their PIN, then the reason is asked */
  if (g_str_equal (action_name, "ticket.cancel") && !kefu_user_can (self->user, KEFU_PERMISSION_CANCEL_TICKETS) &&
      !self->cancel_approved)
    {
      kefu_pin_dialog_ask (widget, self->store, KEFU_PERMISSION_CANCEL_TICKETS, 0, 0, _("Approve the Cancellation"),
                           _("A supervisor, a manager or an administrator approves a cancellation: they type their "
                             "PIN, and the reason is asked next."),
                           cancel_confirmed_cb, g_object_ref (self), g_object_unref);
      return;
    }
  self->cancel_approved = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (asks); i++)
    if (g_str_equal (asks[i].action, action_name))
      {
        GtkWidget *dialog = kefu_ask_text (widget, self->store, _(asks[i].heading), asks[i].body ? _(asks[i].body) : NULL,
                                           _(asks[i].accept), asks[i].phrases, text_save_cb, pending_saved_cb,
                                           pending_new (self, asks[i].step), pending_free);
        if (asks[i].step == TEXT_CANCEL)
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept", ADW_RESPONSE_DESTRUCTIVE);
        return;
      }
}

static gboolean
dispatch_save_cb (KefuStore  *store,
                  gint64      team_id,
                  gint64      technician_id,
                  gpointer    user_data,
                  GError    **error)
{
  Pending *p = user_data;

  return SEEN (kefu_desk_dispatch (store, p->id, team_id, technician_id, NULL, error));
}

static void
dispatch_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KefuTicketDetail *self = KEFU_TICKET_DETAIL (widget);
  g_autofree char *heading = NULL;

  if (self->ticket == NULL)
    return;
  heading = g_strdup_printf (_("Dispatch %s"), kefu_ticket_get_number (self->ticket));
  kefu_ask_dispatch (widget, self->store, kefu_ticket_get_id (self->ticket), heading, dispatch_save_cb, pending_saved_cb,
                     pending_new (self, STEP_DISPATCH), pending_free);
}

static gboolean
follow_up_save_cb (KefuStore   *store,
                   int          rating,
                   gboolean     solved,
                   const char  *comment,
                   gpointer     user_data,
                   GError     **error)
{
  Pending *p = user_data;

  if (rating == 0)
    return SEEN (kefu_desk_follow_up_unreachable (store, p->id, comment, error));
  return SEEN (kefu_desk_follow_up (store, p->id, rating, solved, comment, error));
}

static gboolean
resolve_save_cb (KefuStore        *store,
                 const char       *work_done,
                 const char       *materials,
                 const KefuPhoto  *photos,
                 guint             n_photos,
                 gpointer          user_data,
                 GError          **error)
{
  Pending *p = user_data;

  return SEEN (kefu_desk_resolve (store, p->id, work_done, materials, photos, n_photos, error));
}

/* Resolving asks what was done, with what, and for photos. */
static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KefuTicketDetail *self = KEFU_TICKET_DETAIL (widget);
  g_autofree char *heading = NULL;

  if (self->ticket == NULL)
    return;
  heading = g_strdup_printf (_("Resolve %s"), kefu_ticket_get_number (self->ticket));
  kefu_ask_resolve (widget, self->store, heading, resolve_save_cb, pending_saved_cb,
                    pending_new (self, STEP_RESOLVE), pending_free);
}

static void
follow_up_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KefuTicketDetail *self = KEFU_TICKET_DETAIL (widget);
  g_autofree char *heading = NULL;

  if (self->ticket == NULL)
    return;
  heading = g_strdup_printf (_("Follow-up Call for %s"), kefu_ticket_get_number (self->ticket));
  kefu_ask_follow_up (widget, self->store, heading, follow_up_save_cb, pending_saved_cb,
                      pending_new (self, STEP_FOLLOW_UP), pending_free);
}

static gboolean
review_save_cb (KefuStore   *store,
                const char  *cause,
                const char  *actions,
                const char  *prevention,
                gpointer     user_data,
                GError     **error)
{
  Pending *p = user_data;

  return SEEN (kefu_desk_file_review (store, p->id, cause, actions, prevention, error));
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuTicketDetail *self = KEFU_TICKET_DETAIL (widget);
  g_autofree char *heading = NULL;

  if (self->ticket == NULL)
    return;
  heading = g_strdup_printf (_("Incident Review Report for %s"), kefu_ticket_get_number (self->ticket));
  kefu_ask_review (widget, self->store, heading, review_save_cb, pending_saved_cb,
                   pending_new (self, STEP_REVIEW), pending_free);
}

static void
attach_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  Pending *p = user_data;

  if (response == GTK_RESPONSE_ACCEPT && p->self->store != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;
      g_autofree char *type = NULL;

      p->bytes = g_file_load_bytes (file, NULL, NULL, &error);
      p->name = g_file_get_basename (file);
      type = g_content_type_guess (p->name, NULL, 0, NULL);
      p->mime = g_content_type_get_mime_type (type);
      if (p->bytes == NULL)
        step_done (p->self, FALSE, error);
      else if (!kefu_wait_bar_is_waiting (p->self->wait_bar))
        {
          run_pane_step (p->self, g_steal_pointer (&p));
          gtk_native_dialog_destroy (chooser);
          return;
        }
    }
  gtk_native_dialog_destroy (chooser);
  pending_free (p);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuTicketDetail *self = KEFU_TICKET_DETAIL (widget);
  GtkFileChooserNative *chooser;

  if (self->ticket == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Attach a Photo or File"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (attach_response_cb), pending_new (self, STEP_ATTACH));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct {
  KefuTicketDetail *self;
  GBytes           *bytes;
} SaveCopy;

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  SaveCopy *sc = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      /* whole or not at all: a failed save leaves no truncated file */
      if (path != NULL ? !kefu_safe_file_write (path, g_bytes_get_data (sc->bytes, NULL), g_bytes_get_size (sc->bytes), &error)
                       : !g_file_replace_contents (file, g_bytes_get_data (sc->bytes, NULL), g_bytes_get_size (sc->bytes),
                                                   NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
        {
          g_autofree char *name = g_file_get_parse_name (file);
          g_autofree char *message = g_strdup_printf (_("The file “%s” cannot be written: %s"), name, error->message);
          gtk_widget_activate_action (GTK_WIDGET (sc->self), "win.toast", "s", message);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (sc->self);
  g_bytes_unref (sc->bytes);
  g_free (sc);
}

static void
save_attachment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KefuTicketDetail *self = KEFU_TICKET_DETAIL (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GBytes *bytes = kefu_desk_get_attachment (self->store, g_variant_get_int64 (parameter), &name, &error);
  GtkFileChooserNative *chooser;
  SaveCopy *sc;

  if (bytes == NULL)
    {
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }
  sc = g_new0 (SaveCopy, 1);
  sc->self = g_object_ref (self);
  sc->bytes = bytes;
  chooser = gtk_file_chooser_native_new (_("Save a Copy of the Attachment"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), sc);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The owner was erased: the ticket shows what is left, the list is told. */
static void
owner_erased_cb (KefuOwnerWindow  *window,
                 const char       *message,
                 KefuTicketDetail *self)
{
  forget_revealed (self);
  step_done (self, TRUE, NULL);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
show_owner_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KefuTicketDetail *self = KEFU_TICKET_DETAIL (widget);
  KefuOwnerWindow *window;

  if (self->ticket == NULL || kefu_ticket_get_owner_id (self->ticket) <= 0)
    return;
  window = kefu_owner_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->user,
                                  kefu_ticket_get_owner_id (self->ticket));
  g_signal_connect_object (window, "erased", G_CALLBACK (owner_erased_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
kefu_ticket_detail_dispose (GObject *object)
{
  KefuTicketDetail *self = (KefuTicketDetail *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_TICKET_DETAIL);
  kefu_widget_unparent_children (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_clear_object (&self->action_buttons[i]);
  forget_revealed (self);
  g_clear_object (&self->events);
  g_clear_object (&self->ticket);
  g_clear_object (&self->user);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_ticket_detail_parent_class)->dispose (object);
}

static void
kefu_ticket_detail_class_init (KefuTicketDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_ticket_detail_dispose;

  g_type_ensure (KEFU_TYPE_WAIT_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-ticket-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, number_label);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, level_label);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, description_label);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, kind_value);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, channel_value);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, location_value);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, owner_value);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, agent_value);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, assignee_value);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, reason_row);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, reason_value);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, satisfaction_row);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, satisfaction_value);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, milestones_list);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, actions_box);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, wait_bar);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, attachments_group);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, attachments_list);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, sla_group);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketDetail, sla_list);
  gtk_widget_class_install_action (widget_class, "detail.reveal-phone", NULL, reveal_phone_action);
  gtk_widget_class_install_action (widget_class, "ticket.move", "s", plain_step_action);
  gtk_widget_class_install_action (widget_class, "detail.show-owner", NULL, show_owner_action);
  gtk_widget_class_install_action (widget_class, "ticket.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "ticket.save-attachment", "x", save_attachment_action);
  gtk_widget_class_install_action (widget_class, "ticket.verify", NULL, plain_step_action);
  gtk_widget_class_install_action (widget_class, "ticket.resume", NULL, plain_step_action);
  gtk_widget_class_install_action (widget_class, "ticket.dispatch", NULL, dispatch_action);
  gtk_widget_class_install_action (widget_class, "ticket.follow-up", NULL, follow_up_action);
  gtk_widget_class_install_action (widget_class, "ticket.resolve", NULL, resolve_action);
  gtk_widget_class_install_action (widget_class, "ticket.hold", NULL, text_action);
  gtk_widget_class_install_action (widget_class, "ticket.cancel", NULL, text_action);
  gtk_widget_class_install_action (widget_class, "ticket.reopen", NULL, text_action);
  gtk_widget_class_install_action (widget_class, "ticket.note", NULL, text_action);
  gtk_widget_class_install_action (widget_class, "ticket.call", NULL, text_action);
  gtk_widget_class_install_action (widget_class, "ticket.start-plan", NULL, plain_step_action);
  gtk_widget_class_install_action (widget_class, "ticket.review", NULL, review_action);

  signals[TICKET_CHANGED] = g_signal_new ("ticket-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kefu_ticket_detail_init (KefuTicketDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_(steps[i].label));

      if (steps[i].target != NULL)
        gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", steps[i].target);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), steps[i].action);
      if (steps[i].suggested)
        gtk_widget_add_css_class (button, "suggested-action");
      if (g_str_equal (steps[i].action, "ticket.cancel"))
        gtk_widget_add_css_class (button, "destructive-action");
      /* kept alive while out of the flow box */
      self->action_buttons[i] = g_object_ref_sink (button);
    }
}

void
kefu_ticket_detail_set_context (KefuTicketDetail *self,
                                KefuStore        *store,
                                KefuUser         *user)
{
  g_return_if_fail (KEFU_IS_TICKET_DETAIL (self));

  g_set_object (&self->store, store);
  g_set_object (&self->user, user);
  update (self);
}

void
kefu_ticket_detail_set_ticket (KefuTicketDetail *self,
                               KefuTicket       *ticket)
{
  gboolean another;

  g_return_if_fail (KEFU_IS_TICKET_DETAIL (self));

  another = ticket == NULL || self->ticket == NULL || kefu_ticket_get_id (ticket) != kefu_ticket_get_id (self->ticket);
  if (!g_set_object (&self->ticket, ticket))
    return;
  update (self);
  /* another ticket starts at its top; the same one, reloaded, stays where the user is */
  if (another)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

KefuTicket *
kefu_ticket_detail_get_ticket (KefuTicketDetail *self)
{
  return self->ticket;
}
