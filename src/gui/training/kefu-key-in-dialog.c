/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-key-in-dialog.c — a paper exam's answer sheet keyed in
 *
 * The trainer picks the trainee and the version printed on their sheet
 * (A, B…), types what was ticked or written per question — letters as
 * shown on that version (AC), 对 or 错, or the written text — and saves:
 * kefu_attempt_key_in_sheet records the attempt and grades it like one
 * taken at the desk, as sat on the date and time entered (by default the
 * store's clock); the result shows at once. A sheet keyed in before for
 * the same trainee, paper and version is not keyed twice: an alert names
 * the earlier keying and offers to replace it (the earlier attempt is then
 * voided, on the record).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-desk.h"
#include "kefu-exam.h"
#include "kefu-key-in-dialog.h"
#include "kefu-gui-util.h"
#include "kefu-write.h"

#define N_VERSIONS 4

struct _KefuKeyInDialog
{
  AdwWindow      parent_instance;

  KefuStore     *store;
  gint64         exam_id;
  GListStore    *users;
  GtkDropDown   *trainee;
  GtkDropDown   *version;
  GtkEntry      *sat;         /* the sitting's date and time */
  GtkWindow     *alert;       /* "replace the earlier sheet?" while shown */
  gboolean       replace;     /* the trainer chose to replace it */
  GtkGrid       *grid;
  GtkLabel      *result;
  GPtrArray     *entries;     /* GtkEntry, one per question */
  GtkWidget     *content;
  KefuWaitBar   *wait_bar;
  KefuUser      *keyed_for;   /* while saving */
  gint64         sat_at;      /* while saving */
  gint64         attempt;
};

G_DEFINE_FINAL_TYPE (KefuKeyInDialog, kefu_key_in_dialog, ADW_TYPE_WINDOW)

static const char *version_labels[N_VERSIONS] = { "A", "B", "C", "D" };

static const char *
hint_for (KefuQuestionType type)
{
  switch (type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE: return _("one letter");
    case KEFU_QUESTION_MULTIPLE_CHOICE: return _("letters ticked, e.g. AC");
    case KEFU_QUESTION_TRUE_FALSE: return _("对 or 错");
    case KEFU_QUESTION_SHORT_ANSWER:
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
    case KEFU_QUESTION_N_TYPES:
    default: return _("the text written");
    }
}

static void
show_version (KefuKeyInDialog *self)
{
  g_autoptr(GError) error = NULL;
  guint v = gtk_drop_down_get_selected (self->version);
  g_autoptr(GPtrArray) items = kefu_exam_paper_version (self->store, self->exam_id,
                                                        version_labels[MIN (v, N_VERSIONS - 1)], &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_ptr_array_set_size (self->entries, 0);
  if (items == NULL)
    {
      gtk_label_set_text (self->result, error->message);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      KefuAttemptItem *item = items->pdata[i];
      g_autofree char *number = g_strdup_printf ("%u.", item->position);
      GtkWidget *label = gtk_label_new (number);
      GtkWidget *entry = gtk_entry_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), hint_for (item->question->type));
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, number, -1);
      gtk_grid_attach (self->grid, label, (i % 2) * 2, i / 2, 1, 1);
      gtk_grid_attach (self->grid, entry, (i % 2) * 2 + 1, i / 2, 1, 1);
      g_ptr_array_add (self->entries, entry);
    }
}

static void
version_changed_cb (KefuKeyInDialog *self)
{
  show_version (self);
}

GtkEditable *
kefu_key_in_dialog_get_entry (KefuKeyInDialog *self,
                              guint            position)
{
  g_return_val_if_fail (KEFU_IS_KEY_IN_DIALOG (self), NULL);
  g_return_val_if_fail (position >= 1 && position <= self->entries->len, NULL);
  return GTK_EDITABLE (self->entries->pdata[position - 1]);
}

GtkEditable *
kefu_key_in_dialog_get_sat_entry (KefuKeyInDialog *self)
{
  g_return_val_if_fail (KEFU_IS_KEY_IN_DIALOG (self), NULL);
  return GTK_EDITABLE (self->sat);
}

GtkWindow *
kefu_key_in_dialog_get_alert (KefuKeyInDialog *self)
{
  g_return_val_if_fail (KEFU_IS_KEY_IN_DIALOG (self), NULL);
  return self->alert;
}

const char *
kefu_key_in_dialog_get_result (KefuKeyInDialog *self)
{
  g_return_val_if_fail (KEFU_IS_KEY_IN_DIALOG (self), NULL);
  return gtk_label_get_text (self->result);
}

void
kefu_key_in_dialog_select (KefuKeyInDialog *self,
                           guint            trainee,
                           guint            version)
{
  gtk_drop_down_set_selected (self->trainee, trainee);
  gtk_drop_down_set_selected (self->version, version);
}

/* One try, with the sheet as shown (read-only while it waits for another
 * program's write lock: kefu-write.h). */
static gboolean
key_in_write_cb (KefuStore  *store,
                 gpointer    data,
                 GError    **error)
{
  KefuKeyInDialog *self = data;
  g_autoptr(GPtrArray) answers = g_ptr_array_new ();

  for (guint i = 0; i < self->entries->len; i++)
    g_ptr_array_add (answers, (gpointer) gtk_editable_get_text (GTK_EDITABLE (self->entries->pdata[i])));
  g_ptr_array_add (answers, NULL);
  self->attempt = kefu_attempt_key_in_sheet (store, self->exam_id, kefu_user_get_id (self->keyed_for),
                                             version_labels[MIN (gtk_drop_down_get_selected (self->version), N_VERSIONS - 1)],
                                             self->sat_at, self->replace, (const char * const *) answers->pdata, error);
  return self->attempt > 0;
}

static void
replace_response_cb (AdwMessageDialog *alert,
                     const char       *response,
                     KefuKeyInDialog  *self)
{
  if (self->alert == GTK_WINDOW (alert))
    {
      g_object_remove_weak_pointer (G_OBJECT (alert), (gpointer *) &self->alert);
      self->alert = NULL;
    }
  if (g_strcmp0 (response, "replace") != 0)
    return;
  self->replace = TRUE;
  kefu_key_in_dialog_save (self);
}

/* The sheet was keyed in before: say when and by whom, and offer to
 * replace it (the earlier attempt is voided) or to leave it. */
static void
ask_replace (KefuKeyInDialog *self,
             const char      *message)
{
  GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Sheet Already Keyed In"), message);

  gtk_widget_set_name (alert, "replace-sheet");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (alert), "keep", _("_Keep the Earlier Sheet"),
                                    "replace", _("_Replace It"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (alert), "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (alert), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (alert), "keep");
  g_signal_connect_object (alert, "response", G_CALLBACK (replace_response_cb), self, 0);
  self->alert = GTK_WINDOW (alert);
  g_object_add_weak_pointer (G_OBJECT (alert), (gpointer *) &self->alert);
  gtk_window_present (GTK_WINDOW (alert));
}

static void
key_in_done_cb (KefuWriteOutcome  outcome,
                const GError     *error,
                gpointer          data)
{
  KefuKeyInDialog *self = data;
  g_autoptr(KefuUser) user = g_steal_pointer (&self->keyed_for);
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autofree char *text = NULL;

  gtk_widget_set_sensitive (self->content, TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->result), "error");
  self->replace = FALSE;
  if (outcome != KEFU_WRITE_DONE)
    {
      self->attempt = 0;
      gtk_label_set_text (self->result, error != NULL ? error->message : "");
      if (error != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->result), "error");
      if (error != NULL && g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT))
        ask_replace (self, error->message);
      return;
    }
  if (kefu_attempt_get_info (self->store, self->attempt, &info, NULL) && info.state == KEFU_ATTEMPT_GRADED)
    /* Translators: after keying in a paper answer sheet */
    text = g_strdup_printf (_("Recorded for %s: %.1f%%, %s."), kefu_user_get_name (user), info.percent,
                            info.passed ? _("passed") : _("not passed"));
  else
    text = g_strdup_printf (_("Recorded for %s; the written answers wait for grading."), kefu_user_get_name (user));
  gtk_label_set_text (self->result, text);
  for (guint i = 0; i < self->entries->len; i++)
    gtk_editable_set_text (GTK_EDITABLE (self->entries->pdata[i]), "");
}

/* Records the sheet: the new attempt's id, or 0 when it was refused or
 * waits for another program to let go of the database. */
gint64
kefu_key_in_dialog_save (KefuKeyInDialog *self)
{
  const char *sat_text = gtk_editable_get_text (GTK_EDITABLE (self->sat));
  gint64 sat_at = kefu_parse_local_moment (sat_text);
  g_autoptr(KefuUser) user = gtk_drop_down_get_selected (self->trainee) != GTK_INVALID_LIST_POSITION
                             ? g_list_model_get_item (G_LIST_MODEL (self->users), gtk_drop_down_get_selected (self->trainee))
                             : NULL;

  if (kefu_wait_bar_is_waiting (self->wait_bar))
    return 0;
  if (user == NULL)
    {
      gtk_label_set_text (self->result, _("Choose the trainee whose sheet this is."));
      return 0;
    }
  if (sat_at < 0)
    {
      g_autofree char *text = g_strdup_printf (_("Sat on: “%s” is not a date and time such as 2026-12-07 09:00."),
                                               sat_text);
      gtk_label_set_text (self->result, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->result), "error");
      self->replace = FALSE;
      return 0;
    }
  self->sat_at = sat_at;
  self->keyed_for = g_steal_pointer (&user);
  self->attempt = 0;
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (self->content, FALSE);
  kefu_write_run (self->store, self->wait_bar, key_in_write_cb, key_in_done_cb, self, NULL);
  return kefu_wait_bar_is_waiting (self->wait_bar) ? 0 : self->attempt;
}

static void
save_clicked_cb (KefuKeyInDialog *self)
{
  kefu_key_in_dialog_save (self);
}

static void
kefu_key_in_dialog_dispose (GObject *object)
{
  KefuKeyInDialog *self = KEFU_KEY_IN_DIALOG (object);

  if (self->alert != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->alert), (gpointer *) &self->alert);
      gtk_window_destroy (self->alert);
      self->alert = NULL;
    }
  if (self->wait_bar != NULL)
    kefu_wait_bar_stop (self->wait_bar);
  self->wait_bar = NULL;
  g_clear_object (&self->keyed_for);
  g_clear_object (&self->store);
  g_clear_object (&self->users);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (kefu_key_in_dialog_parent_class)->dispose (object);
}

static void
kefu_key_in_dialog_class_init (KefuKeyInDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kefu_key_in_dialog_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_key_in_dialog_init (KefuKeyInDialog *self)
{
  self->entries = g_ptr_array_new ();
}

KefuKeyInDialog *
kefu_key_in_dialog_new (GtkWindow *parent,
                        KefuStore *store,
                        gint64     exam_id)
{
  KefuKeyInDialog *self = g_object_new (KEFU_TYPE_KEY_IN_DIALOG, "modal", TRUE, "transient-for", parent,
                                        "default-width", 720, "default-height", 620,
                                        "title", _("Key In an Answer Sheet"), NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Record and Grade"));
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *result = gtk_label_new (NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) versions = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (store));
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%d %H:%M");

  self->store = g_object_ref (store);
  self->exam_id = exam_id;
  self->users = kefu_desk_list_users (store, &error);
  for (guint i = 0; self->users != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->users)); i++)
    {
      g_autoptr(KefuUser) user = g_list_model_get_item (G_LIST_MODEL (self->users), i);
      gtk_string_list_append (names, kefu_user_get_name (user));
    }
  for (guint v = 0; v < N_VERSIONS; v++)
    {
      /* Translators: a printed version of a paper in a drop-down */
      g_autofree char *label = g_strdup_printf (_("Version %s"), version_labels[v]);
      gtk_string_list_append (versions, label);
    }
  self->trainee = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
  self->version = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&versions)), NULL));
  gtk_drop_down_set_enable_search (self->trainee, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->trainee), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Trainee"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->version), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Version"), -1);
  self->grid = GTK_GRID (grid);
  self->result = GTK_LABEL (result);
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_grid_set_column_spacing (self->grid, 8);
  gtk_label_set_wrap (self->result, TRUE);
  gtk_label_set_xalign (self->result, 0);
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_clicked_cb), self);
  g_signal_connect_swapped (self->version, "notify::selected", G_CALLBACK (version_changed_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (top), gtk_label_new_with_mnemonic (_("_Trainee")));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->trainee));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->version));
  self->sat = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (self->sat), now_text);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->sat), 16);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sat), _("When the sheet was filled in, such as 2026-12-07 09:00"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sat), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sat on"), -1);
  {
    GtkWidget *sat_label = gtk_label_new_with_mnemonic (_("_Sat on"));
    gtk_label_set_mnemonic_widget (GTK_LABEL (sat_label), GTK_WIDGET (self->sat));
    gtk_widget_set_margin_start (sat_label, 12);
    gtk_box_append (GTK_BOX (top), sat_label);
  }
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->sat));
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), grid);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (content), top);
  gtk_box_append (GTK_BOX (content), scroll);
  gtk_box_append (GTK_BOX (content), result);
  self->content = content;
  self->wait_bar = KEFU_WAIT_BAR (kefu_wait_bar_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (self->wait_bar), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->wait_bar), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->wait_bar), 6);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->wait_bar));
  gtk_box_append (GTK_BOX (box), content);
  adw_window_set_content (ADW_WINDOW (self), box);
  show_version (self);
  return self;
}
