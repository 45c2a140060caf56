/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-intake-dialog.c — logging a new ticket while the owner is on the phone
 *
 * Keyboard first: the owner search has focus, Ctrl+Enter saves (from the
 * multi-line description too), Escape closes (from the owner search too);
 * both are caught before the focused field sees them. No field has an
 * Alt+digit mnemonic: those are the main window's view shortcuts, and a
 * hand used to them must not change the urgency here. The five facts are checked as the agent types and the missing
 * ones named; the level follows the request until the agent picks one;
 * taboo phrases in the description are underlined with better wording;
 * recent reports of the same fault at the same place are offered for
 * linking instead of logging the fault again.
 *
 * Saving while another program holds the database's write lock keeps the
 * dialog and everything in it: the form waits, read-only, under a bar
 * that says so, and the ticket is saved once the lock is free; Cancel,
 * Escape or "Stop Waiting" stop the wait and leave the form as it was.
 * A save that meets a lost server (#20) keeps the form as typed too, and
 * tells the window, which says so until the server answers again; closed
 * then, the dialog is only hidden, kept as typed in the window's memory
 * until New Ticket brings it back or someone else signs in. It is kept on
 * disk too, so that quitting while the server is away loses nothing: a
 * key file under the user's data folder (kefu/drafts/), one per server
 * and person (named by a hash of the server as described without any
 * password, and the login; the password is never written), written
 * whole (g_file_set_contents) at each save that met the lost server and
 * when the form is closed then, restored into a new form when that
 * person signs in to that server again (kefu_intake_dialog_new_from_draft)
 * and removed once the ticket is saved. Two windows of the same person
 * on one computer never both restore it: the first claims the draft by
 * renaming it to a name of its own (<hash>.claimed-<pid>-<n>.ini, one
 * atomic rename(2): the second finds nothing to rename), writes it there
 * while the form lives and gives it its own name back when the form goes
 * unsaved; a claim whose process is gone (a crash) is taken over.
 * Every try of the save sends the intake's client key, made when the
 * form opens (kefu_desk_create_ticket_keyed()): a try whose answer was
 * lost after the server had kept the ticket is never saved twice; the
 * draft on disk keeps the key with it.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-intake-dialog.h"
#include "kefu-privacy.h"
#include "kefu-write.h"

struct _KefuIntakeDialog
{
  AdwWindow      parent_instance;

  KefuStore     *store;
  KefuUser      *user;
  gint64         owner_id;
  gint64         link_to;
  gboolean       level_chosen;   /* the agent picked it: stop proposing */
  gboolean       proposing;
  GtkTextTag    *taboo_tag;
  GListModel    *owners;         /* KefuChoice: the owner search's results, a row each */
  GPtrArray     *related;        /* KefuTicket: the possible repeats, a row each */

  /* template */
  GtkSearchEntry *owner_search;
  GtkListBox     *owner_results;
  GtkLabel       *owner_label;
  GtkListBox     *history_list;
  AdwComboRow    *channel_row;
  AdwComboRow    *kind_row;
  AdwComboRow    *subtype_row;
  GtkToggleButton *level1, *level2, *level3;
  GtkDropDown    *building_dropdown;
  GtkDropDown    *place_dropdown;
  AdwEntryRow    *contact_row;
  GtkTextView    *description_view;
  GtkLabel       *advice_label;
  AdwPreferencesGroup *related_group;
  GtkListBox     *related_list;
  GtkLabel       *missing_label;
  GtkWidget      *save_button;
  GtkWidget      *form;
  KefuWaitBar    *wait_bar;
  gint64          saved_id;
  gint64          phone_owner;   /* the owner whose phone on file was found */
  gboolean        unsaved;       /* its save met a lost server (#20): closing keeps it */
  char           *client_key;    /* this intake's, sent with every try (#20) */
  char           *draft_path;    /* its draft on disk, once written or restored (#20) */
  char           *draft_base;    /* a restored draft's own name, while this form claims it */
};

G_DEFINE_FINAL_TYPE (KefuIntakeDialog, kefu_intake_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static GListModel *
code_labels (KefuCodeList list,
             const char  *none)
{
  GtkStringList *labels = gtk_string_list_new (NULL);
  guint n;
  const KefuCode *codes = kefu_codes (list, &n);

  if (none != NULL)
    gtk_string_list_append (labels, none);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (labels, _(codes[i].label));
  return G_LIST_MODEL (labels);
}

static const char *
code_at (KefuCodeList list,
         guint        index,
         gboolean     has_none)
{
  guint n;
  const KefuCode *codes = kefu_codes (list, &n);

  if (has_none)
    {
      if (index == 0)
        return NULL;
      index--;
    }
  return index < n ? codes[index].code : NULL;
}

static int
chosen_level (KefuIntakeDialog *self)
{
  if (gtk_toggle_button_get_active (self->level1)) return 1;
  if (gtk_toggle_button_get_active (self->level2)) return 2;
  if (gtk_toggle_button_get_active (self->level3)) return 3;
  return 0;
}

static char *
description (KefuIntakeDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
fill_draft (KefuIntakeDialog *self,
            KefuTicketDraft  *d,
            char             *desc)
{
  KefuChoice *building = gtk_drop_down_get_selected_item (self->building_dropdown);
  KefuChoice *place = gtk_drop_down_get_selected_item (self->place_dropdown);
  const char *contact = gtk_editable_get_text (GTK_EDITABLE (self->contact_row));

  memset (d, 0, sizeof *d);
  d->channel = code_at (KEFU_CODES_CHANNEL, adw_combo_row_get_selected (self->channel_row), FALSE);
  d->kind = code_at (KEFU_CODES_KIND, adw_combo_row_get_selected (self->kind_row), FALSE);
  d->subtype = code_at (KEFU_CODES_SUBTYPE, adw_combo_row_get_selected (self->subtype_row), TRUE);
  d->level = chosen_level (self);
  d->building_id = building != NULL ? kefu_choice_get_id (building) : 0;
  if (place != NULL && kefu_choice_get_id (place) > 0)
    d->unit_id = kefu_choice_get_id (place);
  else if (place != NULL)
    d->common_area = kefu_choice_get_name (place);
  d->owner_id = self->owner_id;
  d->contact_phone = contact != NULL && *contact != '\0' ? contact : NULL;
  d->description = desc;
  d->link_to = self->link_to;
}

static void
update_facts (KefuIntakeDialog *self)
{
  g_autofree char *desc = description (self);
  KefuTicketDraft d;
  KefuFacts missing;

  fill_draft (self, &d, desc);
  missing = kefu_draft_missing_facts (self->store, &d);
  /* the owner's phone on file, once found, is not asked again: a server
   * away (#20) must not turn a complete form incomplete */
  if (d.owner_id > 0 && d.contact_phone == NULL)
    {
      if (!(missing & KEFU_FACT_CONTACT))
        self->phone_owner = d.owner_id;
      else if (self->phone_owner == d.owner_id)
        missing &= ~KEFU_FACT_CONTACT;
    }
  if (missing != 0)
    {
      g_autofree char *list = kefu_facts_describe_missing (missing);
      g_autofree char *text = g_strdup_printf (_("Still missing: %s"), list);

      gtk_label_set_text (self->missing_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->missing_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->missing_label), "error");
    }
  else
    {
      gtk_label_set_text (self->missing_label,
                          d.level < 3 ? _("All five facts are in. An urgent ticket also needs a second person’s check before dispatch.")
                                      : _("All five facts are in: ready to save."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->missing_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->missing_label), "success");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.save", missing == 0);
}

/* Possible repeats ---------------------------------------------------------- */

static void
link_toggled_cb (GtkCheckButton   *check,
                 KefuIntakeDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), GTK_TYPE_LIST_BOX_ROW);
  int i = row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
  gint64 id;

  if (self->related == NULL || i < 0 || (guint) i >= self->related->len)
    return;
  id = kefu_ticket_get_id (self->related->pdata[i]);
  if (gtk_check_button_get_active (check))
    self->link_to = id;
  else if (self->link_to == id)
    self->link_to = 0;
}

static GtkWidget *
ticket_row (KefuTicket *t)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = kefu_format_time (kefu_ticket_get_milestone (t, KEFU_TICKET_CREATED), "%Y-%m-%d");
  g_autofree char *title = g_strdup_printf ("%s · %s", kefu_ticket_get_number (t),
                                           kefu_code_label (KEFU_CODES_STATUS, kefu_ticket_get_status (t)));
  g_autofree char *description = kefu_mask_phones_in_text (kefu_ticket_get_description (t));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", when, kefu_ticket_get_location (t), description);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_related (KefuIntakeDialog *self)
{
  KefuChoice *place = gtk_drop_down_get_selected_item (self->place_dropdown);
  KefuChoice *building = gtk_drop_down_get_selected_item (self->building_dropdown);
  const char *subtype = code_at (KEFU_CODES_SUBTYPE, adw_combo_row_get_selected (self->subtype_row), TRUE);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autofree char *location = NULL;
  GtkCheckButton *group = NULL;

  clear_list (self->related_list);
  g_clear_pointer (&self->related, g_ptr_array_unref);
  self->link_to = 0;
  if (place == NULL || building == NULL || subtype == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->related_group), FALSE);
      return;
    }
  if (kefu_choice_get_id (place) <= 0)
    location = g_strdup_printf ("%s %s", kefu_choice_get_name (building), kefu_choice_get_name (place));
  ids = kefu_desk_find_related (self->store, kefu_choice_get_id (place), location, subtype,
                                kefu_intake_get_related_days (self->store), NULL);
  if (ids != NULL && ids->len > 0)
    tickets = kefu_desk_load_tickets (self->store, (gint64 *) ids->data, ids->len, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->related_group), tickets != NULL && tickets->len > 0);
  if (tickets != NULL)
    self->related = g_ptr_array_ref (tickets);
  for (guint i = 0; tickets != NULL && i < tickets->len; i++)
    {
      KefuTicket *t = tickets->pdata[i];
      GtkWidget *row = ticket_row (t);
      GtkWidget *check;
      guint reports = kefu_desk_count_linked (self->store, kefu_ticket_get_id (t));

      /* only an open ticket takes a repeat: a finished one is reopened from its pane */
      if (!kefu_status_is_open (kefu_ticket_get_status (t)))
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                       _("Finished: if the fault is back, reopen this ticket instead of linking a new one"));
          gtk_list_box_append (self->related_list, row);
          continue;
        }
      check = gtk_check_button_new ();
      if (reports + 1 >= KEFU_RECURRING_FAULT_REPORTS)
        {
          g_autofree char *text = g_strdup_printf (_("Recurring fault: this would be report %u"), reports + 1);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
        }
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (check, _("Link as a repeat of this ticket"));
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      g_signal_connect (check, "toggled", G_CALLBACK (link_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->related_list, row);
    }
}

/* Signals ----------------------------------------------------------------- */

static void
propose_level (KefuIntakeDialog *self)
{
  g_autofree char *desc = NULL;
  int level;

  if (self->level_chosen)
    return;
  desc = description (self);
  level = kefu_suggest_level (code_at (KEFU_CODES_KIND, adw_combo_row_get_selected (self->kind_row), FALSE),
                              code_at (KEFU_CODES_SUBTYPE, adw_combo_row_get_selected (self->subtype_row), TRUE),
                              desc);
  /* Proposed only for emergencies; an ordinary request waits for the agent. */
  if (level < 3)
    {
      self->proposing = TRUE;
      gtk_toggle_button_set_active (level == 1 ? self->level1 : self->level2, TRUE);
      self->proposing = FALSE;
    }
}

static void
level_toggled_cb (KefuIntakeDialog *self,
                  GtkToggleButton  *button)
{
  if (!self->proposing && gtk_toggle_button_get_active (button))
    self->level_chosen = TRUE;
  update_facts (self);
}

static void
request_changed_cb (KefuIntakeDialog *self)
{
  propose_level (self);
  update_related (self);
  update_facts (self);
}

static void
facts_changed_cb (KefuIntakeDialog *self)
{
  update_facts (self);
}

static void show_history (KefuIntakeDialog *self);

static void
place_changed_cb (KefuIntakeDialog *self)
{
  show_history (self);
  update_related (self);
  update_facts (self);
}

static void
fill_places (KefuIntakeDialog *self,
             gint64            select_unit)
{
  KefuChoice *building = gtk_drop_down_get_selected_item (self->building_dropdown);
  g_autoptr(GListStore) places = NULL;
  guint select = GTK_INVALID_LIST_POSITION;

  if (building == NULL)
    return;
  places = kefu_desk_list_places (self->store, kefu_choice_get_id (building), NULL);
  for (guint i = 0; places != NULL && select_unit > 0 && i < g_list_model_get_n_items (G_LIST_MODEL (places)); i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (places), i);
      if (kefu_choice_get_id (c) == select_unit)
        select = i;
    }
  gtk_drop_down_set_model (self->place_dropdown, G_LIST_MODEL (places));
  gtk_drop_down_set_selected (self->place_dropdown, select);
}

static void
building_changed_cb (KefuIntakeDialog *self)
{
  fill_places (self, 0);
  update_related (self);
  update_facts (self);
}

/* Taboo phrases are underlined, with the wording to use instead below. */
static void
description_changed_cb (GtkTextBuffer    *buffer,
                        KefuIntakeDialog *self)
{
  g_autofree char *text = description (self);
  g_autoptr(GArray) taboo = kefu_text_find_taboo (text);
  g_autofree char *words = kefu_intake_get_emotion_words (self->store);
  GtkTextIter start, end;
  GString *advice = g_string_new (NULL);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->taboo_tag, &start, &end);
  for (guint i = 0; i < taboo->len; i++)
    {
      KefuTabooMatch *m = &g_array_index (taboo, KefuTabooMatch, i);
      glong from = g_utf8_pointer_to_offset (text, text + m->offset);
      glong to = g_utf8_pointer_to_offset (text, text + m->offset + m->length);

      gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
      gtk_text_buffer_apply_tag (buffer, self->taboo_tag, &start, &end);
      /* Translators: a taboo phrase and the wording to use instead */
      g_string_append_printf (advice, _("Avoid “%s”; say: %s"), m->phrase, m->suggestion);
      g_string_append_c (advice, '\n');
    }
  if (kefu_text_has_emotion (text, words))
    g_string_append (advice, _("High emotion: the ticket will be flagged for a senior agent."));
  g_strchomp (advice->str);
  gtk_label_set_text (self->advice_label, advice->str);
  gtk_widget_set_visible (GTK_WIDGET (self->advice_label), advice->len > 0);
  g_string_free (advice, TRUE);

  propose_level (self);
  update_facts (self);
}

/* Owner search ---------------------------------------------------------- */

static void
owner_search_changed_cb (KefuIntakeDialog *self)
{
  g_autoptr(GListStore) owners = kefu_desk_find_owners (self->store, gtk_editable_get_text (GTK_EDITABLE (self->owner_search)), 6, NULL);
  guint n = owners != NULL ? g_list_model_get_n_items (G_LIST_MODEL (owners)) : 0;

  clear_list (self->owner_results);
  g_clear_object (&self->owners);
  if (owners != NULL)
    self->owners = G_LIST_MODEL (g_object_ref (owners));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (owners), i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kefu_choice_get_name (c));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kefu_choice_get_detail (c));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->owner_results, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->owner_results), n > 0);
}

static void
select_building (KefuIntakeDialog *self,
                 gint64            building_id)
{
  GListModel *model = gtk_drop_down_get_model (self->building_dropdown);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (model, i);
      if (kefu_choice_get_id (c) == building_id)
        {
          g_signal_handlers_block_by_func (self->building_dropdown, building_changed_cb, self);
          gtk_drop_down_set_selected (self->building_dropdown, i);
          g_signal_handlers_unblock_by_func (self->building_dropdown, building_changed_cb, self);
          return;
        }
    }
}

/* The unit's and the owner's open tickets and last five finished ones,
 * whoever reported them, so nobody is asked twice. */
static void
show_history (KefuIntakeDialog *self)
{
  KefuChoice *place = gtk_drop_down_get_selected_item (self->place_dropdown);
  gint64 unit_id = place != NULL ? kefu_choice_get_id (place) : 0;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;

  clear_list (self->history_list);
  if (self->store != NULL && (unit_id > 0 || self->owner_id > 0))
    ids = kefu_desk_unit_history (self->store, unit_id, self->owner_id, 5, NULL);
  if (ids != NULL && ids->len > 0)
    tickets = kefu_desk_load_tickets (self->store, (gint64 *) ids->data, ids->len, NULL);
  for (guint i = 0; tickets != NULL && i < tickets->len; i++)
    {
      KefuTicket *t = tickets->pdata[i];
      GtkWidget *row = ticket_row (t);

      /* another person's ticket at the unit says whose it is */
      if (kefu_ticket_get_owner_id (t) != self->owner_id && kefu_ticket_get_owner_name (t) != NULL)
        {
          /* Translators: a ticket at the unit reported by someone else */
          g_autofree char *by = g_strdup_printf (_("Reported by %s"), kefu_ticket_get_owner_name (t));
          GtkWidget *label = gtk_label_new (by);

          gtk_widget_add_css_class (label, "dim-label");
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      gtk_list_box_append (self->history_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->history_list), tickets != NULL && tickets->len > 0);
}

static void
owner_activated_cb (KefuIntakeDialog *self,
                    GtkListBoxRow    *row)
{
  /* the rows are self->owners' in order */
  g_autoptr(KefuChoice) owner = self->owners != NULL
    ? g_list_model_get_item (self->owners, gtk_list_box_row_get_index (row)) : NULL;
  g_autofree char *summary = NULL;
  double mean = 0;
  guint n = 0;

  if (owner == NULL)
    return;
  self->owner_id = kefu_choice_get_id (owner);
  summary = kefu_desk_owner_summary (self->store, self->owner_id, &mean, &n, NULL);
  if (summary != NULL)
    {
      g_autofree char *text = n > 0 && mean > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %u ticket, mean rating %.1f",
                                        "%s — %u tickets, mean rating %.1f", n), summary, n, mean)
        : g_strdup (summary);
      gtk_label_set_text (self->owner_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->owner_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->owner_results), FALSE);
  select_building (self, kefu_choice_get_building_id (owner));
  fill_places (self, kefu_choice_get_unit_id (owner));
  show_history (self);
  update_related (self);
  update_facts (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
}

/* The draft on disk (#20) --------------------------------------------------- */

#define DRAFT_GROUP "intake"

/* The file of @store's server and person, or NULL (a file store: never
 * away) */
char *
kefu_intake_dialog_draft_path (KefuStore *store)
{
  g_autofree char *identity = NULL;
  g_autofree char *name = NULL;

  if (store == NULL || !kefu_store_is_server (store))
    return NULL;
  /* the server as described (kefu_store_get_path: no password) and the login */
  identity = g_strdup_printf ("%s\n%s", kefu_store_get_path (store),
                              kefu_store_get_person (store) != NULL ? kefu_store_get_person (store) : "");
  name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, identity, -1);
  return g_strdup_printf ("%s/kefu/drafts/%s.ini", g_get_user_data_dir (), name);
}

static void
draft_write (KefuIntakeDialog *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *desc = description (self);
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  KefuTicketDraft d;
  gsize len;

  if (self->draft_path == NULL)
    self->draft_path = kefu_intake_dialog_draft_path (self->store);
  if (self->draft_path == NULL)
    return;
  fill_draft (self, &d, desc);
  g_key_file_set_string (file, DRAFT_GROUP, "server", kefu_store_get_path (self->store));
  g_key_file_set_int64 (file, DRAFT_GROUP, "kept", kefu_store_now (self->store));
  g_key_file_set_string (file, DRAFT_GROUP, "channel", d.channel != NULL ? d.channel : "");
  g_key_file_set_string (file, DRAFT_GROUP, "kind", d.kind != NULL ? d.kind : "");
  g_key_file_set_string (file, DRAFT_GROUP, "subtype", d.subtype != NULL ? d.subtype : "");
  g_key_file_set_integer (file, DRAFT_GROUP, "level", self->level_chosen ? d.level : 0);
  g_key_file_set_int64 (file, DRAFT_GROUP, "building", d.building_id);
  g_key_file_set_int64 (file, DRAFT_GROUP, "unit", d.unit_id);
  g_key_file_set_string (file, DRAFT_GROUP, "common-area", d.common_area != NULL ? d.common_area : "");
  g_key_file_set_int64 (file, DRAFT_GROUP, "owner", d.owner_id);
  g_key_file_set_string (file, DRAFT_GROUP, "owner-label",
                         d.owner_id > 0 ? gtk_label_get_text (self->owner_label) : "");
  g_key_file_set_string (file, DRAFT_GROUP, "contact", d.contact_phone != NULL ? d.contact_phone : "");
  g_key_file_set_int64 (file, DRAFT_GROUP, "link-to", d.link_to);
  g_key_file_set_string (file, DRAFT_GROUP, "description", desc);
  /* the same key after a restart: a try whose answer was lost before the
   * quit is not saved twice */
  g_key_file_set_string (file, DRAFT_GROUP, "client-key", self->client_key);
  data = g_key_file_to_data (file, &len, NULL);
  dir = g_path_get_dirname (self->draft_path);
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_file_set_contents_full (self->draft_path, data, len,
                                                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                                                           &error))
    {
      g_autofree char *text = g_strdup_printf (_("The ticket could not be kept on this computer (%s): %s"),
                                               self->draft_path, error != NULL ? error->message : g_strerror (errno));
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      g_message ("%s", text);
      if (parent != NULL)
        gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", text);
    }
}

static void
draft_remove (KefuIntakeDialog *self)
{
  if (self->draft_path != NULL && g_unlink (self->draft_path) != 0 && errno != ENOENT)
    g_message ("%s: %s", self->draft_path, g_strerror (errno));
  g_clear_pointer (&self->draft_path, g_free);
  g_clear_pointer (&self->draft_base, g_free);
}

/* The draft @base claimed for this process's form: renamed to a name of
 * its own, which is returned; NULL when there is none to claim (none, or
 * another window holds it). A claim left by a process that is gone is
 * taken over. */
static char *
draft_claim (const char *base)
{
  static guint n_claims;
  g_autofree char *stem = g_strndup (base, strlen (base) - strlen (".ini"));
  g_autofree char *prefix = NULL;
  g_autofree char *dir_path = g_path_get_dirname (base);
  g_autoptr(GDir) dir = NULL;
  char *claimed = g_strdup_printf ("%s.claimed-%d-%u.ini", stem, (int) getpid (), ++n_claims);
  const char *name;

  if (g_rename (base, claimed) == 0)
    return claimed;
  /* a claim whose process is gone */
  prefix = g_strdup_printf ("%s.claimed-", strrchr (stem, '/') + 1);
  dir = g_dir_open (dir_path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      char *end;
      long pid;

      if (!g_str_has_prefix (name, prefix))
        continue;
      pid = strtol (name + strlen (prefix), &end, 10);
      if (end == name + strlen (prefix) || *end != '-' || pid <= 0 || pid == getpid () ||
          kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;
      path = g_build_filename (dir_path, name, NULL);
      if (g_rename (path, claimed) == 0)
        return claimed;
    }
  g_free (claimed);
  return NULL;
}

/* A form restored from a draft goes unsaved: the draft takes its own name
 * again, for the next window of its person (never over a newer one) */
static void
draft_release (KefuIntakeDialog *self)
{
  if (self->draft_base == NULL || self->draft_path == NULL)
    return;
  if (link (self->draft_path, self->draft_base) == 0)
    g_unlink (self->draft_path);
  else if (errno != ENOENT)
    g_message ("%s: %s", self->draft_base, g_strerror (errno));
  g_clear_pointer (&self->draft_base, g_free);
}

static guint
code_index (KefuCodeList list,
            const char  *code,
            gboolean     has_none)
{
  guint n;
  const KefuCode *codes = kefu_codes (list, &n);

  for (guint i = 0; code != NULL && i < n; i++)
    if (g_strcmp0 (codes[i].code, code) == 0)
      return i + (has_none ? 1 : 0);
  return has_none ? 0 : GTK_INVALID_LIST_POSITION;
}

static void
draft_read (KefuIntakeDialog *self,
            GKeyFile         *file)
{
  g_autofree char *channel = g_key_file_get_string (file, DRAFT_GROUP, "channel", NULL);
  g_autofree char *kind = g_key_file_get_string (file, DRAFT_GROUP, "kind", NULL);
  g_autofree char *subtype = g_key_file_get_string (file, DRAFT_GROUP, "subtype", NULL);
  g_autofree char *common = g_key_file_get_string (file, DRAFT_GROUP, "common-area", NULL);
  g_autofree char *owner_label = g_key_file_get_string (file, DRAFT_GROUP, "owner-label", NULL);
  g_autofree char *contact = g_key_file_get_string (file, DRAFT_GROUP, "contact", NULL);
  g_autofree char *desc = g_key_file_get_string (file, DRAFT_GROUP, "description", NULL);
  g_autofree char *key = g_key_file_get_string (file, DRAFT_GROUP, "client-key", NULL);
  int level = g_key_file_get_integer (file, DRAFT_GROUP, "level", NULL);
  gint64 building = g_key_file_get_int64 (file, DRAFT_GROUP, "building", NULL);
  gint64 unit = g_key_file_get_int64 (file, DRAFT_GROUP, "unit", NULL);
  guint i;

  if (key != NULL && g_uuid_string_is_valid (key))
    kefu_intake_dialog_set_client_key (self, key);
  if ((i = code_index (KEFU_CODES_CHANNEL, channel, FALSE)) != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->channel_row, i);
  if ((i = code_index (KEFU_CODES_KIND, kind, FALSE)) != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->kind_row, i);
  adw_combo_row_set_selected (self->subtype_row, code_index (KEFU_CODES_SUBTYPE, subtype, TRUE));
  self->owner_id = g_key_file_get_int64 (file, DRAFT_GROUP, "owner", NULL);
  if (self->owner_id > 0)
    {
      gtk_label_set_text (self->owner_label, owner_label != NULL ? owner_label : "");
      gtk_widget_set_visible (GTK_WIDGET (self->owner_label), TRUE);
    }
  self->link_to = g_key_file_get_int64 (file, DRAFT_GROUP, "link-to", NULL);
  if (building > 0)
    {
      select_building (self, building);
      fill_places (self, unit);
      if (unit <= 0 && common != NULL && *common != '\0')
        {
          GListModel *places = gtk_drop_down_get_model (self->place_dropdown);

          for (guint p = 0; places != NULL && p < g_list_model_get_n_items (places); p++)
            {
              g_autoptr(KefuChoice) c = g_list_model_get_item (places, p);

              if (kefu_choice_get_id (c) <= 0 && g_strcmp0 (kefu_choice_get_name (c), common) == 0)
                gtk_drop_down_set_selected (self->place_dropdown, p);
            }
        }
    }
  gtk_editable_set_text (GTK_EDITABLE (self->contact_row), contact != NULL ? contact : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), desc != NULL ? desc : "", -1);
  if (level >= 1 && level <= 3)
    {
      gtk_toggle_button_set_active (level == 1 ? self->level1 : level == 2 ? self->level2 : self->level3, TRUE);
      self->level_chosen = TRUE;
    }
  update_facts (self);
}

/* A form of @store's person, from the draft they left on this computer
 * while the server was away (#20), or NULL when there is none. *@kept: when
 * it was kept (the store's clock). */
KefuIntakeDialog *
kefu_intake_dialog_new_from_draft (GtkWindow *parent,
                                   KefuStore *store,
                                   KefuUser  *user,
                                   gint64    *kept)
{
  g_autofree char *base = kefu_intake_dialog_draft_path (store);
  g_autofree char *path = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  KefuIntakeDialog *self;

  /* this window's, not another's of the same person (claimed) */
  if (base == NULL || (path = draft_claim (base)) == NULL)
    return NULL;
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error))
    {
      g_message ("%s: %s", path, error->message);
      if (link (path, base) == 0)
        g_unlink (path);
      return NULL;
    }
  self = kefu_intake_dialog_new (parent, store, user);
  self->draft_path = g_steal_pointer (&path);
  self->draft_base = g_steal_pointer (&base);
  /* closed unsaved, it is kept as the form of a lost server is */
  self->unsaved = TRUE;
  draft_read (self, file);
  if (kept != NULL)
    *kept = g_key_file_get_int64 (file, DRAFT_GROUP, "kept", NULL);
  return self;
}

/* One try of the save, with the form as it shows (read-only meanwhile). */
static gboolean
save_write_cb (KefuStore  *store,
               gpointer    data,
               GError    **error)
{
  KefuIntakeDialog *self = data;
  g_autofree char *desc = description (self);
  KefuTicketDraft d;

  fill_draft (self, &d, desc);
  self->saved_id = kefu_desk_create_ticket_keyed (store, &d, self->client_key, error);
  return self->saved_id > 0;
}

static void
set_waiting (KefuIntakeDialog *self,
             gboolean          waiting)
{
  /* (focus leaves the form first: a text that turns insensitive with the
   * focus in it keeps blinking a cursor it no longer has) */
  if (waiting)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (self->form, !waiting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.save", !waiting);
  if (!waiting)
    gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
}

static void
save_done_cb (KefuWriteOutcome  outcome,
              const GError     *error,
              gpointer          data)
{
  KefuIntakeDialog *self = data;

  if (outcome == KEFU_WRITE_DONE)
    {
      /* saved: the draft on disk goes */
      draft_remove (self);
      g_signal_emit (self, signals[SAVED], 0, self->saved_id);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  set_waiting (self, FALSE);
  update_facts (self);
  if (outcome == KEFU_WRITE_FAILED)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      /* the server is away (#20): the form stays as typed, to be saved
       * again; the window says so and looks for the server */
      if (g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE))
        {
          self->unsaved = TRUE;
          draft_write (self);
          if (parent != NULL)
            gtk_widget_activate_action (GTK_WIDGET (parent), "win.server-lost", NULL);
        }
      gtk_label_set_text (self->missing_label, error->message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->missing_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->missing_label), "error");
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuIntakeDialog *self = KEFU_INTAKE_DIALOG (widget);

  if (kefu_wait_bar_is_waiting (self->wait_bar))
    return;
  set_waiting (self, TRUE);
  g_object_ref (self);
  kefu_write_run (self->store, self->wait_bar, save_write_cb, save_done_cb, self, NULL);
  g_object_unref (self);
}

/* Closing while the save waits stops the wait and keeps the ticket typed. */
static gboolean
kefu_intake_dialog_close_request (GtkWindow *window)
{
  KefuIntakeDialog *self = KEFU_INTAKE_DIALOG (window);

  if (kefu_wait_bar_is_waiting (self->wait_bar))
    {
      kefu_wait_bar_stop (self->wait_bar);
      return TRUE;
    }
  /* not saved because the server was away (#20): kept, hidden, as it is;
   * the window's New Ticket brings it back */
  if (self->unsaved)
    {
      GtkWindow *parent = gtk_window_get_transient_for (window);

      /* as it is now, for a quit before the server is back */
      draft_write (self);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      if (parent != NULL)
        gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s",
                                    _("The ticket is not saved yet and is kept as typed: New Ticket brings it back."));
      return TRUE;
    }
  return GTK_WINDOW_CLASS (kefu_intake_dialog_parent_class)->close_request (window);
}

/* Closed after its save met a lost server: hidden, kept as typed (#20) */
gboolean
kefu_intake_dialog_is_kept (KefuIntakeDialog *self)
{
  g_return_val_if_fail (KEFU_IS_INTAKE_DIALOG (self), FALSE);
  return self->unsaved && !gtk_widget_get_visible (GTK_WIDGET (self));
}

const char *
kefu_intake_dialog_get_client_key (KefuIntakeDialog *self)
{
  g_return_val_if_fail (KEFU_IS_INTAKE_DIALOG (self), NULL);
  return self->client_key;
}

void
kefu_intake_dialog_set_client_key (KefuIntakeDialog *self,
                                   const char       *key)
{
  g_return_if_fail (KEFU_IS_INTAKE_DIALOG (self));
  g_return_if_fail (key != NULL && *key != '\0');
  g_free (self->client_key);
  self->client_key = g_strdup (key);
}

gboolean
kefu_intake_dialog_is_waiting (KefuIntakeDialog *self)
{
  g_return_val_if_fail (KEFU_IS_INTAKE_DIALOG (self), FALSE);
  return kefu_wait_bar_is_waiting (self->wait_bar);
}

/* Ctrl+Enter and Escape, before the focused field: the description's text
 * view takes Enter with any modifier for a new line, the owner search takes
 * Escape to clear itself. A dropdown's open list keeps its own Escape. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KefuIntakeDialog      *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      mods == GDK_CONTROL_MASK)
    {
      if (gtk_widget_is_sensitive (GTK_WIDGET (self->form)))
        gtk_widget_activate_action (GTK_WIDGET (self), "intake.save", NULL);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape && mods == 0 &&
      (focus == NULL || gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) == NULL))
    {
      gtk_window_close (GTK_WINDOW (self));
      return TRUE;
    }
  /* Alt+1…9 switch views in the main window: here they do nothing */
  if (mods == GDK_ALT_MASK && keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    return TRUE;
  return FALSE;
}

static void
kefu_intake_dialog_dispose (GObject *object)
{
  KefuIntakeDialog *self = (KefuIntakeDialog *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->user);
  draft_release (self);
  g_clear_pointer (&self->draft_path, g_free);
  g_clear_object (&self->owners);
  g_clear_pointer (&self->related, g_ptr_array_unref);
  g_clear_pointer (&self->client_key, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_INTAKE_DIALOG);
  G_OBJECT_CLASS (kefu_intake_dialog_parent_class)->dispose (object);
}

static void
kefu_intake_dialog_class_init (KefuIntakeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_intake_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = kefu_intake_dialog_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (KEFU_TYPE_WAIT_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-intake-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, KefuIntakeDialog, name)
  CHILD (owner_search); CHILD (owner_results); CHILD (owner_label); CHILD (history_list);
  CHILD (channel_row); CHILD (kind_row); CHILD (subtype_row);
  CHILD (level1); CHILD (level2); CHILD (level3);
  CHILD (building_dropdown); CHILD (place_dropdown); CHILD (contact_row);
  CHILD (description_view); CHILD (advice_label); CHILD (related_group); CHILD (related_list);
  CHILD (missing_label); CHILD (save_button); CHILD (form); CHILD (wait_bar);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, owner_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, owner_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, request_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, level_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, building_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, place_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, facts_changed_cb);

  gtk_widget_class_install_action (widget_class, "intake.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "intake.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "intake.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_intake_dialog_init (KefuIntakeDialog *self)
{
  g_autoptr(GListModel) channels = code_labels (KEFU_CODES_CHANNEL, NULL);
  g_autoptr(GListModel) kinds = code_labels (KEFU_CODES_KIND, NULL);
  g_autoptr(GListModel) subtypes = code_labels (KEFU_CODES_SUBTYPE, _("Not specified"));
  g_autoptr(GtkExpression) by_name = gtk_property_expression_new (KEFU_TYPE_CHOICE, NULL, "name");
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->client_key = g_uuid_string_random ();

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
  adw_combo_row_set_model (self->channel_row, channels);
  adw_combo_row_set_model (self->kind_row, kinds);
  adw_combo_row_set_model (self->subtype_row, subtypes);
  gtk_drop_down_set_expression (self->building_dropdown, by_name);
  gtk_drop_down_set_expression (self->place_dropdown, by_name);

  buffer = gtk_text_view_get_buffer (self->description_view);
  self->taboo_tag = gtk_text_buffer_create_tag (buffer, "taboo",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                NULL);
  g_signal_connect (buffer, "changed", G_CALLBACK (description_changed_cb), self);
}

KefuIntakeDialog *
kefu_intake_dialog_new (GtkWindow *parent,
                        KefuStore *store,
                        KefuUser  *user)
{
  KefuIntakeDialog *self = g_object_new (KEFU_TYPE_INTAKE_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GListStore) buildings = kefu_desk_list_buildings (store, NULL);

  self->store = g_object_ref (store);
  self->user = g_object_ref (user);
  g_signal_handlers_block_by_func (self->building_dropdown, building_changed_cb, self);
  gtk_drop_down_set_model (self->building_dropdown, G_LIST_MODEL (buildings));
  gtk_drop_down_set_selected (self->building_dropdown, GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->building_dropdown, building_changed_cb, self);
  update_facts (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->owner_search));
  return self;
}
