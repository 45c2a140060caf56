/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket-dialogs.c — the small questions a lifecycle step asks
 *
 * Each is an AdwMessageDialog with its controls as the extra child. The
 * accept button is only sensitive when the answer is complete; accepting
 * saves the answer, and the dialog closes only once it is saved. While
 * another program holds the database's write lock the dialog stays, says
 * so and tries again (kefu-write.h); Cancel then stops waiting and keeps
 * what was typed. A save refused for another reason shows why, in the
 * dialog, which stays open.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-dispatch.h"
#include "kefu-lifecycle.h"
#include "kefu-ticket-dialogs.h"
#include "kefu-write.h"

typedef enum { ASK_TEXT, ASK_DISPATCH, ASK_FOLLOW_UP, ASK_RESOLVE, ASK_REVIEW } AskKind;

/* a photo chosen for the resolution, owned by the dialog */
typedef struct {
  char   *name;
  char   *mime_type;
  GBytes *data;
} Photo;

static void
photo_free (gpointer data)
{
  Photo *p = data;

  g_free (p->name);
  g_free (p->mime_type);
  g_clear_pointer (&p->data, g_bytes_unref);
  g_free (p);
}

struct _KefuAskDialog
{
  AdwMessageDialog parent_instance;

  AskKind         kind;
  GCallback       save;
  KefuSavedFunc   saved;
  gpointer        user_data;
  GDestroyNotify  destroy;
  GtkWidget      *content;   /* the answer's controls: read-only while saving */
  GtkWidget      *wait_bar;
  GtkWidget      *error_label;
  GtkWidget      *entry;
  GtkWidget      *advice;      /* what to say instead of a taboo phrase */
  GtkWidget      *team;
  GtkWidget      *technician;
  GtkWidget      *reason;      /* what the dispatch rules would do, and why */
  gint64          proposed_technician;   /* chosen when the team's list is first filled */
  GtkWidget      *rating[5];
  GtkWidget      *solved;
  gboolean        unreachable;  /* the follow-up's "Not Reached" answer */
  GtkWidget      *materials;
  GtkWidget      *photos_label;
  GPtrArray      *photos;       /* Photo */
  GtkWidget      *review[3];   /* cause, what was done, prevention */
  KefuStore      *store;
};

typedef KefuAskDialog Ask;

G_DEFINE_FINAL_TYPE (KefuAskDialog, kefu_ask_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
kefu_ask_dialog_finalize (GObject *object)
{
  Ask *ask = KEFU_ASK_DIALOG (object);

  if (ask->destroy != NULL)
    ask->destroy (ask->user_data);
  g_clear_pointer (&ask->photos, g_ptr_array_unref);
  g_clear_object (&ask->store);
  G_OBJECT_CLASS (kefu_ask_dialog_parent_class)->finalize (object);
}

static void
kefu_ask_dialog_class_init (KefuAskDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_ask_dialog_finalize;
}

static void
kefu_ask_dialog_init (KefuAskDialog *self)
{
}

static int chosen_rating (Ask *ask);
static gint64 selected_id (GtkWidget *dropdown);

/* One try of the save, with the answer as the dialog shows it. */
static gboolean
ask_write_cb (KefuStore  *store,
              gpointer    data,
              GError    **error)
{
  Ask *ask = data;

  switch (ask->kind)
    {
    case ASK_TEXT:
      return ((KefuTextSave) ask->save) (store, gtk_editable_get_text (GTK_EDITABLE (ask->entry)),
                                         ask->user_data, error);
    case ASK_DISPATCH:
      return ((KefuDispatchSave) ask->save) (store, selected_id (ask->team), selected_id (ask->technician),
                                             ask->user_data, error);
    case ASK_RESOLVE:
      {
        g_autofree KefuPhoto *photos = g_new0 (KefuPhoto, ask->photos->len + 1);

        for (guint i = 0; i < ask->photos->len; i++)
          {
            Photo *p = ask->photos->pdata[i];
            photos[i] = (KefuPhoto) { p->name, p->mime_type, p->data };
          }
        return ((KefuResolveSave) ask->save) (store, gtk_editable_get_text (GTK_EDITABLE (ask->entry)),
                                              gtk_editable_get_text (GTK_EDITABLE (ask->materials)),
                                              photos, ask->photos->len, ask->user_data, error);
      }
    case ASK_REVIEW:
      return ((KefuReviewSave) ask->save) (store, gtk_editable_get_text (GTK_EDITABLE (ask->review[0])),
                                           gtk_editable_get_text (GTK_EDITABLE (ask->review[1])),
                                           gtk_editable_get_text (GTK_EDITABLE (ask->review[2])),
                                           ask->user_data, error);
    case ASK_FOLLOW_UP:
    default:
      /* rating 0: the owner was not reached */
      return ((KefuFollowUpSave) ask->save) (store, ask->unreachable ? 0 : chosen_rating (ask),
                                             gtk_check_button_get_active (GTK_CHECK_BUTTON (ask->solved)),
                                             gtk_editable_get_text (GTK_EDITABLE (ask->entry)),
                                             ask->user_data, error);
    }
}

static void
ask_set_busy (Ask      *ask,
              gboolean  busy)
{
  /* (focus leaves the answer first: a text that turns insensitive with the
   * focus in it keeps blinking a cursor it no longer has) */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (ask), NULL);
  gtk_widget_set_sensitive (ask->content, !busy);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask), "accept",
                                           !busy && (ask->kind != ASK_FOLLOW_UP || chosen_rating (ask) > 0));
  if (ask->kind == ASK_FOLLOW_UP)
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask), "unreachable", !busy);
  if (!busy && ask->entry != NULL)
    gtk_widget_grab_focus (ask->entry);
}

static void
ask_done_cb (KefuWriteOutcome  outcome,
             const GError     *error,
             gpointer          data)
{
  Ask *ask = data;

  if (outcome == KEFU_WRITE_DONE)
    {
      if (ask->saved != NULL)
        ask->saved (ask->user_data);
      gtk_window_destroy (GTK_WINDOW (ask));
      return;
    }
  ask_set_busy (ask, FALSE);
  if (outcome == KEFU_WRITE_FAILED)
    {
      gtk_label_set_text (GTK_LABEL (ask->error_label), error != NULL ? error->message : "");
      gtk_widget_set_visible (ask->error_label, TRUE);
    }
}

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 Ask              *ask)
{
  gboolean waiting = kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (ask->wait_bar));

  g_object_ref (dialog);
  ask->unreachable = g_str_equal (response, "unreachable");
  if (g_str_equal (response, "accept") || ask->unreachable)
    {
      if (!waiting)
        {
          gtk_widget_set_visible (ask->error_label, FALSE);
          ask_set_busy (ask, TRUE);
          kefu_write_run (ask->store, KEFU_WAIT_BAR (ask->wait_bar), ask_write_cb, ask_done_cb, ask, NULL);
        }
    }
  else if (waiting)
    /* Cancel while waiting stops the wait; the answer stays to save later */
    kefu_wait_bar_stop (KEFU_WAIT_BAR (ask->wait_bar));
  else
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

/* The dialog closes itself only when the answer is saved or given up
 * (a response closes an AdwMessageDialog before it is emitted). */
static gboolean
ask_close_request_cb (GtkWindow *dialog,
                      Ask       *ask)
{
  return TRUE;
}

/* The question over @parent's window, Cancel and @accept_label its answers */
static Ask *
new_ask (AskKind         kind,
         GtkWidget      *parent,
         const char     *heading,
         const char     *body,
         const char     *accept_label,
         KefuStore      *store,
         GCallback       save,
         KefuSavedFunc   saved,
         gpointer        user_data,
         GDestroyNotify  destroy)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  Ask *ask = g_object_new (KEFU_TYPE_ASK_DIALOG,
                           "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                           NULL);

  /* (as adw_message_dialog_new(): either may be NULL) */
  if (heading != NULL)
    adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (ask), heading);
  if (body != NULL)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (ask), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (ask),
                                    "cancel", _("_Cancel"),
                                    "accept", accept_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (ask), "accept", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (ask), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  ask->kind = kind;
  ask->store = g_object_ref (store);
  ask->save = save;
  ask->saved = saved;
  ask->user_data = user_data;
  ask->destroy = destroy;
  return ask;
}

/* Puts @content, the wait bar and the error line in the dialog. */
static void
ask_attach (Ask       *ask,
            GtkWidget *content)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  ask->content = content;
  ask->wait_bar = kefu_wait_bar_new ();
  ask->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (ask->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (ask->error_label), 0);
  gtk_widget_add_css_class (ask->error_label, "error");
  gtk_widget_set_visible (ask->error_label, FALSE);
  gtk_box_append (GTK_BOX (outer), content);
  gtk_box_append (GTK_BOX (outer), ask->wait_bar);
  gtk_box_append (GTK_BOX (outer), ask->error_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (ask), outer);
  g_signal_connect (ask, "response", G_CALLBACK (ask_response_cb), ask);
  g_signal_connect_after (ask, "close-request", G_CALLBACK (ask_close_request_cb), ask);
}

/* Text ------------------------------------------------------------------- */

/* Underlines taboo phrases (禁忌用语) and says what to say instead. */
static void
mark_taboo (GtkEntry *entry,
            GtkLabel *advice)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GArray) taboo = kefu_text_find_taboo (text);
  PangoAttrList *attrs = pango_attr_list_new ();
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < taboo->len; i++)
    {
      KefuTabooMatch *m = &g_array_index (taboo, KefuTabooMatch, i);
      PangoAttribute *a = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);

      a->start_index = m->offset;
      a->end_index = m->offset + m->length;
      pango_attr_list_insert (attrs, a);
      if (s->len > 0)
        g_string_append_c (s, '\n');
      /* Translators: a taboo phrase and the wording to use instead */
      g_string_append_printf (s, _("Avoid “%s”; say: %s"), m->phrase, m->suggestion);
    }
  gtk_entry_set_attributes (entry, attrs);
  gtk_label_set_text (advice, s->str);
  gtk_widget_set_visible (GTK_WIDGET (advice), s->len > 0);
  pango_attr_list_unref (attrs);
  g_string_free (s, TRUE);
}

static void
text_changed_cb (GtkEditable *entry,
                 Ask         *ask)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask), "accept", *text != '\0');
  if (ask->advice != NULL)
    mark_taboo (GTK_ENTRY (entry), GTK_LABEL (ask->advice));
}

static void
phrase_activated_cb (GtkButton *button,
                     GtkWidget *entry)
{
  /* the button shows the phrase it inserts */
  const char *phrase = gtk_button_get_label (button);
  int pos = gtk_editable_get_position (GTK_EDITABLE (entry));

  gtk_editable_insert_text (GTK_EDITABLE (entry), phrase, -1, &pos);
  gtk_editable_set_position (GTK_EDITABLE (entry), pos);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER)));
  gtk_widget_grab_focus (entry);
}

static GtkWidget *
phrases_button (GtkWidget *entry)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  const char * const *phrases = kefu_standard_phrases ();

  for (guint i = 0; phrases[i] != NULL; i++)
    {
      GtkWidget *item;

      /* The phrase with "%s" wants a ticket number: not offered here. */
      if (strstr (phrases[i], "%s") != NULL)
        continue;
      item = gtk_button_new_with_label (_(phrases[i]));
      gtk_widget_add_css_class (item, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (item))), 0);
      g_signal_connect (item, "clicked", G_CALLBACK (phrase_activated_cb), entry);
      gtk_box_append (GTK_BOX (box), item);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "insert-text-symbolic");
  gtk_widget_set_tooltip_text (button, _("Insert a standard phrase"));
  return button;
}

/* Asks for a reason, a note or a call summary. With @with_phrases, the
 * standard phrases (标准话术) can be inserted. */
GtkWidget *
kefu_ask_text (GtkWidget      *parent,
               KefuStore      *store,
               const char     *heading,
               const char     *body,
               const char     *accept_label,
               gboolean        with_phrases,
               KefuTextSave    save,
               KefuSavedFunc   saved,
               gpointer        user_data,
               GDestroyNotify  destroy)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  Ask *ask = new_ask (ASK_TEXT, parent, heading, body, accept_label, store, G_CALLBACK (save), saved, user_data, destroy);

  ask->entry = gtk_entry_new ();
  gtk_widget_set_hexpand (ask->entry, TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (ask->entry), TRUE);
  gtk_box_append (GTK_BOX (box), ask->entry);
  gtk_box_append (GTK_BOX (outer), box);
  if (with_phrases)
    {
      ask->advice = gtk_label_new (NULL);
      gtk_box_append (GTK_BOX (box), phrases_button (ask->entry));
      gtk_label_set_wrap (GTK_LABEL (ask->advice), TRUE);
      gtk_label_set_xalign (GTK_LABEL (ask->advice), 0);
      gtk_widget_add_css_class (ask->advice, "warning");
      gtk_widget_set_visible (ask->advice, FALSE);
      gtk_box_append (GTK_BOX (outer), ask->advice);
    }
  ask_attach (ask, outer);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask), "accept", FALSE);
  g_signal_connect (ask->entry, "changed", G_CALLBACK (text_changed_cb), ask);
  gtk_window_present (GTK_WINDOW (ask));
  gtk_widget_grab_focus (ask->entry);
  return GTK_WIDGET (ask);
}

/* Dispatch -------------------------------------------------------------- */

static GtkWidget *
choice_dropdown (GListModel *model)
{
  GtkExpression *expr = gtk_property_expression_new (KEFU_TYPE_CHOICE, NULL, "name");
  /* gtk_drop_down_new() takes both the model and the expression */
  GtkWidget *dropdown = gtk_drop_down_new (model != NULL ? g_object_ref (model) : NULL, expr);

  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  return dropdown;
}

static gint64
selected_id (GtkWidget *dropdown)
{
  KefuChoice *c = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));
  return c != NULL ? kefu_choice_get_id (c) : 0;
}

/* The team's technicians with their state now (on shift, off, on site)
 * and open jobs, those on shift first. The one the rules proposed is
 * chosen; otherwise the first on shift, or anyone in the team when nobody
 * is: an off-shift technician is never chosen for the dispatcher. */
static void
team_changed_cb (GtkDropDown *team,
                 GParamSpec  *pspec,
                 Ask         *ask)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = kefu_dispatch_list_team_members (ask->store, selected_id (GTK_WIDGET (team)), 0, &error);
  g_autoptr(GListStore) with_none = g_list_store_new (KEFU_TYPE_CHOICE);
  g_autoptr(KefuChoice) none = kefu_choice_new (0, _("Anyone in the team"), NULL);
  guint chosen = 0;

  if (members == NULL)
    g_warning ("Cannot list the team's technicians: %s", error->message);
  g_list_store_append (with_none, none);
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      const KefuTeamMember *m = members->pdata[i];
      g_autofree char *label = kefu_team_member_describe (m);
      g_autoptr(KefuChoice) shown = kefu_choice_new (m->id, label, m->on_shift ? "on-shift" : "off");

      g_list_store_append (with_none, shown);
      if (ask->proposed_technician > 0 ? m->id == ask->proposed_technician : chosen == 0 && m->on_shift)
        chosen = i + 1;
    }
  ask->proposed_technician = 0;
  gtk_drop_down_set_model (GTK_DROP_DOWN (ask->technician), G_LIST_MODEL (with_none));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ask->technician), chosen);
}

/* What the rules would do with the ticket now, said in the dialog, and
 * their team and technician chosen. */
static void
propose (Ask    *ask,
         gint64  ticket_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuDispatchDecision) d = kefu_dispatch_decide (ask->store, ticket_id, 0, &error);
  GListModel *teams = gtk_drop_down_get_model (GTK_DROP_DOWN (ask->team));
  g_autofree char *text = NULL;

  if (d == NULL)
    {
      text = g_strdup_printf (_("The dispatch rules could not be read: %s"), error->message);
      gtk_label_set_text (GTK_LABEL (ask->reason), text);
      return;
    }
  if (d->outcome == KEFU_DISPATCH_ASSIGN || d->outcome == KEFU_DISPATCH_AWAITING_CHECK)
    {
      /* Translators: in the Dispatch dialog: what the dispatch rules choose, and why */
      text = g_strdup_printf (_("Proposed by the rules: %s"), d->reason);
      for (guint i = 0; teams != NULL && i < g_list_model_get_n_items (teams); i++)
        {
          g_autoptr(KefuChoice) c = g_list_model_get_item (teams, i);
          if (kefu_choice_get_id (c) == d->team_id)
            {
              ask->proposed_technician = d->technician_id;
              gtk_drop_down_set_selected (GTK_DROP_DOWN (ask->team), i);
              break;
            }
        }
    }
  else
    /* Translators: in the Dispatch dialog: why the rules cannot place the job */
    text = g_strdup_printf (_("The rules cannot place it: %s. Choose a team and a technician."), d->reason);
  gtk_label_set_text (GTK_LABEL (ask->reason), text);
}

GtkWidget *
kefu_ask_dispatch (GtkWidget        *parent,
                   KefuStore        *store,
                   gint64            ticket_id,
                   const char       *heading,
                   KefuDispatchSave  save,
                   KefuSavedFunc     saved,
                   gpointer          user_data,
                   GDestroyNotify    destroy)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autoptr(GListStore) teams = kefu_desk_list_teams (store, NULL);
  Ask *ask = new_ask (ASK_DISPATCH, parent, heading,
                      _("The dispatch rules’ choice is proposed. Each technician shows whether they are "
                        "on shift now and their open jobs."),
                      _("_Dispatch"), store, G_CALLBACK (save), saved, user_data, destroy);

  ask->team = choice_dropdown (G_LIST_MODEL (teams));
  ask->technician = choice_dropdown (NULL);
  ask->reason = gtk_label_new (NULL);
  gtk_widget_set_name (ask->reason, "dispatch-reason");
  gtk_label_set_wrap (GTK_LABEL (ask->reason), TRUE);
  gtk_label_set_xalign (GTK_LABEL (ask->reason), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (ask->reason), 48);
  gtk_widget_add_css_class (ask->reason, "caption");
  gtk_accessible_update_property (GTK_ACCESSIBLE (ask->team), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Team"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ask->technician), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Technician"), -1);
  gtk_box_append (GTK_BOX (box), ask->reason);
  gtk_box_append (GTK_BOX (box), ask->team);
  gtk_box_append (GTK_BOX (box), ask->technician);
  propose (ask, ticket_id);
  g_signal_connect (ask->team, "notify::selected", G_CALLBACK (team_changed_cb), ask);
  team_changed_cb (GTK_DROP_DOWN (ask->team), NULL, ask);
  ask_attach (ask, box);
  gtk_window_present (GTK_WINDOW (ask));
  return GTK_WIDGET (ask);
}

/* Follow-up -------------------------------------------------------------- */

static int
chosen_rating (Ask *ask)
{
  for (int i = 0; i < 5; i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ask->rating[i])))
      return i + 1;
  return 0;
}

static void
rating_toggled_cb (GtkToggleButton *button,
                   Ask             *ask)
{
  int rating = chosen_rating (ask);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask), "accept", rating > 0);
  /* A low rating reopens the ticket whatever is said: make that visible. */
  if (rating > 0 && rating <= 2)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (ask->solved), FALSE);
}

GtkWidget *
kefu_ask_follow_up (GtkWidget        *parent,
                    KefuStore        *store,
                    const char       *heading,
                    KefuFollowUpSave  save,
                    KefuSavedFunc     saved,
                    gpointer          user_data,
                    GDestroyNotify    destroy)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *stars = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  Ask *ask = new_ask (ASK_FOLLOW_UP, parent, heading,
                      _("Ask the owner whether the problem is solved and how satisfied they are. "
                        "A rating of 2 or less, or “not solved”, reopens the ticket. If nobody answers, "
                        "“Not Reached” schedules the next try; after three the ticket is closed as unreachable."),
                      _("_Save Follow-up"), store, G_CALLBACK (save), saved, user_data, destroy);

  gtk_widget_set_halign (stars, GTK_ALIGN_CENTER);
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *label = g_strdup_printf ("%d ★", i + 1);
      g_autofree char *tip = g_strdup_printf (_("Rating %d of 5"), i + 1);

      ask->rating[i] = gtk_toggle_button_new_with_label (label);
      gtk_widget_set_tooltip_text (ask->rating[i], tip);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (ask->rating[i]), GTK_TOGGLE_BUTTON (ask->rating[0]));
      g_signal_connect (ask->rating[i], "toggled", G_CALLBACK (rating_toggled_cb), ask);
      gtk_box_append (GTK_BOX (stars), ask->rating[i]);
    }
  ask->solved = gtk_check_button_new_with_mnemonic (_("The problem is _solved"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ask->solved), TRUE);
  ask->entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (ask->entry), _("What the owner said (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (ask->entry), TRUE);
  gtk_box_append (GTK_BOX (box), stars);
  gtk_box_append (GTK_BOX (box), ask->solved);
  gtk_box_append (GTK_BOX (box), ask->entry);
  /* nobody answered: the try is kept and the next one scheduled */
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (ask), "unreachable", _("_Not Reached"));
  ask_attach (ask, box);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask), "accept", FALSE);
  gtk_window_present (GTK_WINDOW (ask));
  return GTK_WIDGET (ask);
}

/* Resolve ------------------------------------------------------------------ */

static void
resolve_changed_cb (GtkEditable *entry,
                    GtkWidget   *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept", *text != '\0');
}

static void
show_photos (Ask *ask)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < ask->photos->len; i++)
    {
      Photo *p = ask->photos->pdata[i];
      if (i > 0)
        g_string_append (names, _(", "));
      g_string_append (names, p->name);
    }
  gtk_label_set_text (GTK_LABEL (ask->photos_label), names->str);
  gtk_widget_set_visible (ask->photos_label, ask->photos->len > 0);
}

void
kefu_ask_resolve_add_photo (GtkWidget  *dialog,
                            const char *name,
                            const char *mime_type,
                            GBytes     *data)
{
  Ask *ask;
  Photo *p;

  g_return_if_fail (KEFU_IS_ASK_DIALOG (dialog));
  ask = KEFU_ASK_DIALOG (dialog);
  g_return_if_fail (ask->kind == ASK_RESOLVE);
  p = g_new0 (Photo, 1);
  p->name = g_strdup (name);
  p->mime_type = g_strdup (mime_type);
  p->data = g_bytes_ref (data);
  g_ptr_array_add (ask->photos, p);
  show_photos (ask);
}

static void
photos_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  Ask             *ask)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &error);
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *type = g_content_type_guess (name, NULL, 0, NULL);
          g_autofree char *mime = g_content_type_get_mime_type (type);

          if (bytes == NULL)
            {
              g_autofree char *message = g_strdup_printf (_("The photo “%s” cannot be read: %s"), name, error->message);
              gtk_label_set_text (GTK_LABEL (ask->error_label), message);
              gtk_widget_set_visible (ask->error_label, TRUE);
              continue;
            }
          kefu_ask_resolve_add_photo (GTK_WIDGET (ask), name, mime, bytes);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (ask);
}

static void
add_photos_cb (GtkButton *button,
               Ask       *ask)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Add Photos of the Work"), GTK_WINDOW (ask),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  GtkFileFilter *images = gtk_file_filter_new ();

  gtk_file_filter_set_name (images, _("Photos"));
  gtk_file_filter_add_mime_type (images, "image/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
  g_object_unref (images);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (photos_chosen_cb), g_object_ref (ask));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Asks what was done to resolve the ticket: the work (required), the
 * materials used and photos. */
GtkWidget *
kefu_ask_resolve (GtkWidget        *parent,
                  KefuStore        *store,
                  const char       *heading,
                  KefuResolveSave   save,
                  KefuSavedFunc     saved,
                  gpointer          user_data,
                  GDestroyNotify    destroy)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *photos = gtk_button_new_with_mnemonic (_("Add _Photos…"));
  Ask *ask = new_ask (ASK_RESOLVE, parent, heading,
                      _("What was done, and with what? It is kept on the ticket and in its timeline, "
                        "for the follow-up call and for the next visit."),
                      _("_Resolve"), store, G_CALLBACK (save), saved, user_data, destroy);

  ask->photos = g_ptr_array_new_with_free_func (photo_free);
  ask->entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (ask->entry), _("Work done, e.g. replaced the kitchen tap’s valve"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (ask->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Work done"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (ask->entry), TRUE);
  ask->materials = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (ask->materials), _("Materials used (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (ask->materials), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Materials used"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (ask->materials), TRUE);
  ask->photos_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (ask->photos_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (ask->photos_label), 0);
  gtk_widget_add_css_class (ask->photos_label, "dim-label");
  gtk_widget_set_visible (ask->photos_label, FALSE);
  gtk_widget_set_halign (photos, GTK_ALIGN_START);
  g_signal_connect (photos, "clicked", G_CALLBACK (add_photos_cb), ask);
  gtk_box_append (GTK_BOX (box), ask->entry);
  gtk_box_append (GTK_BOX (box), ask->materials);
  gtk_box_append (GTK_BOX (box), photos);
  gtk_box_append (GTK_BOX (box), ask->photos_label);
  ask_attach (ask, box);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask), "accept", FALSE);
  g_signal_connect (ask->entry, "changed", G_CALLBACK (resolve_changed_cb), ask);
  gtk_window_present (GTK_WINDOW (ask));
  gtk_widget_grab_focus (ask->entry);
  return GTK_WIDGET (ask);
}

/* Incident review report --------------------------------------------------- */

static void
review_changed_cb (GtkEditable *entry,
                   Ask         *ask)
{
  gboolean complete = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (ask->review); i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ask->review[i]))));
      complete &= *text != '\0';
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask), "accept", complete);
}

/* The short form of a level 2 incident's review report (复盘报告). */
GtkWidget *
kefu_ask_review (GtkWidget       *parent,
                 KefuStore       *store,
                 const char      *heading,
                 KefuReviewSave   save,
                 KefuSavedFunc    saved,
                 gpointer         user_data,
                 GDestroyNotify   destroy)
{
  static const char *labels[3] = { N_("_Cause"), N_("_What was done"), N_("_Prevention") };
  static const char *hints[3] = {
    N_("What caused the incident"), N_("How it was handled, and when"), N_("What keeps it from happening again"),
  };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  Ask *ask = new_ask (ASK_REVIEW, parent, heading,
                      _("A level 2 incident is reviewed within 24 hours of it: what caused it, "
                        "what was done and what prevents it."),
                      _("_File Report"), store, G_CALLBACK (save), saved, user_data, destroy);

  for (guint i = 0; i < G_N_ELEMENTS (ask->review); i++)
    {
      GtkWidget *label = gtk_label_new_with_mnemonic (_(labels[i]));

      ask->review[i] = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (ask->review[i]), _(hints[i]));
      gtk_entry_set_activates_default (GTK_ENTRY (ask->review[i]), TRUE);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), ask->review[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      g_signal_connect (ask->review[i], "changed", G_CALLBACK (review_changed_cb), ask);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), ask->review[i]);
    }
  ask->entry = ask->review[0];   /* takes the focus back after a refused save */
  ask_attach (ask, box);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask), "accept", FALSE);
  gtk_window_present (GTK_WINDOW (ask));
  return GTK_WIDGET (ask);
}
