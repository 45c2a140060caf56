/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-window.c — a trainee's exam, full window
 *
 * One question at a time, a navigator of numbered buttons (answered ones
 * filled, flagged ones marked), the time left from the core ticking every
 * second. Every answer is saved through kefu_attempt_save_answer() the
 * moment it is given (written answers after a short pause in typing, and
 * at once on leaving the question), so closing the window, a crash or a
 * power cut loses nothing: the attempt is resumed from the training view
 * with its answers and the time left. At time-out the core submits the
 * attempt; the result of objective questions shows at once, with the
 * review the paper allows.
 *
 * While another program holds the database's write lock, answers wait in
 * memory under a bar that says so and are saved, in order, as soon as it
 * is let go (kefu-write.h); submitting waits the same way, and the window
 * does not close on answers not yet saved.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kefu-enums.h"
#include "kefu-exam.h"
#include "kefu-exam-window.h"
#include "kefu-write.h"

#define WARNING_SECONDS (5 * 60)
#define TEXT_SAVE_DELAY_MS 400

struct _KefuExamWindow
{
  AdwWindow          parent_instance;

  KefuStore         *store;
  gint64             attempt_id;
  KefuExamSettings   settings;
  GPtrArray         *items;        /* KefuAttemptItem */
  guint              current;      /* index into items */
  guint              tick_id;
  guint              text_save_id;
  gboolean           building;     /* setting widgets from the saved answer: no save */
  gboolean           finished;
  gboolean           warned;
  GPtrArray         *choices;      /* GtkCheckButton of the current question, in the order shown */
  GtkWidget         *text_widget;  /* GtkEntry or GtkTextView of a written answer */
  GHashTable        *unsaved;      /* position → answer given, not yet saved ("" clears) */
  gboolean           submit_pending;

  /* template */
  AdwWindowTitle    *window_title;
  GtkLabel          *timer_label;
  GtkWidget         *submit_button;
  AdwToastOverlay   *toast_overlay;
  KefuWaitBar       *wait_bar;
  GtkStack          *stack;
  GtkFlowBox        *navigator;
  GtkLabel          *progress_label;
  GtkLabel          *position_label;
  GtkLabel          *stem_label;
  GtkBox            *answer_box;
  GtkLabel          *hint_label;
  GtkToggleButton   *flag_button;
  GtkWidget         *previous_button;
  GtkWidget         *next_button;
  GtkImage          *result_icon;
  GtkLabel          *result_title;
  GtkLabel          *result_description;
  GtkListBox        *review_list;
};

G_DEFINE_FINAL_TYPE (KefuExamWindow, kefu_exam_window, ADW_TYPE_WINDOW)

static KefuAttemptItem *
current_item (KefuExamWindow *self)
{
  return self->items != NULL && self->current < self->items->len ? self->items->pdata[self->current] : NULL;
}

static gboolean
is_answered (const KefuAttemptItem *item)
{
  return item->answer != NULL && *item->answer != '\0';
}

static void
toast (KefuExamWindow *self,
       const char     *text)
{
  AdwToast *t = adw_toast_new (text);

  /* in front of any toast still shown (an error is never queued behind) */
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* Navigator ------------------------------------------------------------- */

static GtkWidget *
nav_button (KefuExamWindow *self,
            guint           index)
{
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (self->navigator, index);
  return child != NULL ? gtk_flow_box_child_get_child (child) : NULL;
}

static void
update_nav_button (KefuExamWindow *self,
                   guint           index)
{
  KefuAttemptItem *item = self->items->pdata[index];
  GtkWidget *button = nav_button (self, index);
  g_autofree char *tip = NULL;

  if (button == NULL)
    return;
  if (is_answered (item))
    gtk_widget_add_css_class (button, "exam-answered");
  else
    gtk_widget_remove_css_class (button, "exam-answered");
  if (item->flagged)
    gtk_widget_add_css_class (button, "exam-flagged");
  else
    gtk_widget_remove_css_class (button, "exam-flagged");
  if (index == self->current)
    gtk_widget_add_css_class (button, "exam-current");
  else
    gtk_widget_remove_css_class (button, "exam-current");
  /* Translators: a navigator button's tooltip: question number, then answered/flagged */
  tip = g_strdup_printf (_("Question %u: %s%s"), item->position,
                         is_answered (item) ? _("answered") : _("not answered"),
                         item->flagged ? _(", flagged") : "");
  gtk_widget_set_tooltip_text (button, tip);
}

static void
update_progress (KefuExamWindow *self)
{
  guint answered = 0, flagged = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->items->len; i++)
    {
      KefuAttemptItem *item = self->items->pdata[i];
      answered += is_answered (item);
      flagged += item->flagged;
    }
  /* Translators: under the navigator: answered of all, flagged */
  text = g_strdup_printf (_("%u of %u answered · %u flagged"), answered, self->items->len, flagged);
  gtk_label_set_text (self->progress_label, text);
}

/* Saving ----------------------------------------------------------------- */

static void show_result (KefuExamWindow *self, gboolean timed_out);

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint pa = GPOINTER_TO_UINT (a), pb = GPOINTER_TO_UINT (b);

  return pa < pb ? -1 : pa > pb;
}

/* One try: saves the answers given and not yet saved, oldest question
 * first, each in its own transaction (saving one again is harmless), then
 * submits when asked to. */
static gboolean
answers_write_cb (KefuStore  *store,
                  gpointer    data,
                  GError    **error)
{
  KefuExamWindow *self = data;
  g_autoptr(GList) positions = g_list_sort (g_hash_table_get_keys (self->unsaved), compare_positions);

  for (GList *l = positions; l != NULL; l = l->next)
    {
      guint position = GPOINTER_TO_UINT (l->data);
      const char *answer = g_hash_table_lookup (self->unsaved, l->data);

      if (!kefu_attempt_save_answer (store, self->attempt_id, position, answer, error))
        {
          /* refused (time is up): kept no longer; locked: tried again */
          if (!kefu_write_is_locked (*error))
            g_hash_table_remove (self->unsaved, l->data);
          return FALSE;
        }
      for (guint j = 0; self->items != NULL && j < self->items->len; j++)
        {
          KefuAttemptItem *item = self->items->pdata[j];

          if (item->position != position)
            continue;
          g_free (item->answer);
          item->answer = *answer != '\0' ? kefu_answer_canonical (item->question, answer, NULL) : NULL;
          update_nav_button (self, j);
        }
      g_hash_table_remove (self->unsaved, l->data);
    }
  update_progress (self);
  return !self->submit_pending || kefu_attempt_submit (store, self->attempt_id, error);
}

static void
answers_done_cb (KefuWriteOutcome  outcome,
                 const GError     *error,
                 gpointer          data)
{
  KefuExamWindow *self = data;
  gboolean submitted = self->submit_pending;

  self->submit_pending = FALSE;
  if (outcome == KEFU_WRITE_DONE && submitted)
    show_result (self, FALSE);
  else if (outcome == KEFU_WRITE_FAILED)
    {
      g_auto(KefuAttemptInfo) info = { 0 };

      toast (self, error->message);
      /* time ran out meanwhile: the core has submitted what was saved */
      if (kefu_attempt_get_info (self->store, self->attempt_id, &info, NULL) &&
          info.state != KEFU_ATTEMPT_IN_PROGRESS)
        show_result (self, TRUE);
    }
}

/* Saves what waits (and submits, with @submit), now or once another
 * program lets go of the database. */
static void
save_pending (KefuExamWindow *self,
              gboolean        submit)
{
  if (kefu_wait_bar_is_waiting (self->wait_bar))
    {
      if (!submit)
        return;   /* the waiting save takes the new answer too */
      kefu_wait_bar_stop (self->wait_bar);
    }
  self->submit_pending = submit;
  kefu_write_run (self->store, self->wait_bar, answers_write_cb, answers_done_cb, self, NULL);
}

/* Saves @answer (the question's own letters, "true"/"false" or text) for
 * the current question, in its own transaction. */
static void
save_answer (KefuExamWindow  *self,
             KefuAttemptItem *item,
             const char      *answer)
{
  if (self->finished)
    return;
  g_hash_table_replace (self->unsaved, GUINT_TO_POINTER (item->position), g_strdup (answer != NULL ? answer : ""));
  save_pending (self, FALSE);
}

static char *
written_text (KefuExamWindow *self)
{
  if (GTK_IS_EDITABLE (self->text_widget))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_widget)));
  if (GTK_IS_TEXT_VIEW (self->text_widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  return NULL;
}

/* A written answer waiting to be saved is saved now. */
static void
flush_text (KefuExamWindow *self)
{
  g_autofree char *text = NULL;
  KefuAttemptItem *item = current_item (self);

  if (self->text_save_id == 0)
    return;
  g_clear_handle_id (&self->text_save_id, g_source_remove);
  text = written_text (self);
  if (item != NULL && g_strcmp0 (text, item->answer != NULL ? item->answer : "") != 0)
    save_answer (self, item, text);
}

static gboolean
text_save_cb (gpointer data)
{
  KefuExamWindow *self = data;

  flush_text (self);
  return G_SOURCE_REMOVE;
}

static void
text_changed_cb (KefuExamWindow *self)
{
  if (self->building)
    return;
  g_clear_handle_id (&self->text_save_id, g_source_remove);
  self->text_save_id = g_timeout_add (TEXT_SAVE_DELAY_MS, text_save_cb, self);
}

static void
choice_toggled_cb (KefuExamWindow *self,
                   GtkCheckButton *button)
{
  KefuAttemptItem *item = current_item (self);
  GString *shown;
  g_autofree char *answer = NULL;
  g_autofree char *letters = NULL;

  if (self->building || item == NULL)
    return;
  /* a radio group toggles the old choice off first: save on the new one only */
  if (item->question->type != KEFU_QUESTION_MULTIPLE_CHOICE && !gtk_check_button_get_active (button))
    return;
  if (item->question->type == KEFU_QUESTION_TRUE_FALSE)
    {
      save_answer (self, item, self->choices->pdata[0] == (gpointer) button ? "true" : "false");
      return;
    }
  shown = g_string_new (NULL);
  for (guint i = 0; i < self->choices->len; i++)
    if (gtk_check_button_get_active (self->choices->pdata[i]))
      g_string_append_c (shown, 'A' + i);
  letters = g_string_free (shown, FALSE);
  answer = kefu_attempt_item_from_shown (item, letters);
  save_answer (self, item, answer != NULL ? answer : "");
}

/* The question ------------------------------------------------------------ */

static void
clear_answer_box (KefuExamWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->answer_box))) != NULL)
    gtk_box_remove (self->answer_box, child);
  g_ptr_array_set_size (self->choices, 0);
  self->text_widget = NULL;
}

static GtkWidget *
add_choice (KefuExamWindow *self,
            const char     *label,
            GtkCheckButton *group)
{
  GtkWidget *button = gtk_check_button_new ();
  GtkWidget *text = gtk_label_new (label);

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (button), text);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
  gtk_widget_add_css_class (button, "exam-choice");
  g_signal_connect_object (button, "toggled", G_CALLBACK (choice_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->answer_box, button);
  g_ptr_array_add (self->choices, button);
  return button;
}

static void
show_question (KefuExamWindow *self)
{
  KefuAttemptItem *item = current_item (self);
  KefuQuestion *q;
  g_autofree char *position = NULL;
  g_autofree char *shown = NULL;
  const char *hint = "";

  if (item == NULL)
    return;
  q = item->question;
  self->building = TRUE;
  clear_answer_box (self);

  /* Translators: above the question: number of all · type · points */
  position = g_strdup_printf (_("Question %u of %u · %s · %g points"), item->position, self->items->len,
                              kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (q->type)),
                              item->max_score);
  gtk_label_set_text (self->position_label, position);
  gtk_label_set_text (self->stem_label, q->stem);

  switch (q->type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE:
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      shown = kefu_attempt_item_to_shown (item, item->answer);
      for (guint i = 0; i < item->option_order->len; i++)
        {
          guint own = g_array_index (item->option_order, guint, i);
          g_autofree char *label = g_strdup_printf ("%c. %s", 'A' + i, (const char *) q->options->pdata[own]);
          GtkWidget *b = add_choice (self, label, q->type == KEFU_QUESTION_SINGLE_CHOICE && i > 0
                                                  ? self->choices->pdata[0] : NULL);

          if (shown != NULL && strchr (shown, 'A' + i) != NULL)
            gtk_check_button_set_active (GTK_CHECK_BUTTON (b), TRUE);
        }
      hint = q->type == KEFU_QUESTION_SINGLE_CHOICE
             ? _("Choose one answer (keys 1–9).")
             : self->settings.scoring == KEFU_SCORING_ALL_OR_NOTHING
               ? _("Choose every right answer (keys 1–9). Only exactly the right set scores.")
               : _("Choose every right answer (keys 1–9). Each choice adds or takes away its share; the score is never below zero.");
      break;
    case KEFU_QUESTION_TRUE_FALSE:
      {
        GtkWidget *t = add_choice (self, _("1. True"), NULL);
        GtkWidget *f = add_choice (self, _("2. False"), GTK_CHECK_BUTTON (t));

        if (g_strcmp0 (item->answer, "true") == 0)
          gtk_check_button_set_active (GTK_CHECK_BUTTON (t), TRUE);
        else if (g_strcmp0 (item->answer, "false") == 0)
          gtk_check_button_set_active (GTK_CHECK_BUTTON (f), TRUE);
        hint = _("True or false (keys 1–2).");
      }
      break;
    case KEFU_QUESTION_SHORT_ANSWER:
      self->text_widget = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (self->text_widget), _("Your answer"));
      gtk_editable_set_text (GTK_EDITABLE (self->text_widget), item->answer != NULL ? item->answer : "");
      g_signal_connect_object (self->text_widget, "changed", G_CALLBACK (text_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->answer_box, self->text_widget);
      hint = _("Write a short answer; it is saved as you type.");
      break;
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
    default:
      {
        GtkWidget *scrolled = gtk_scrolled_window_new ();
        GtkTextBuffer *buffer;

        self->text_widget = gtk_text_view_new ();
        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->text_widget), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->text_widget), 8);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->text_widget), 8);
        gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->text_widget), 8);
        buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_widget));
        gtk_text_buffer_set_text (buffer, item->answer != NULL ? item->answer : "", -1);
        g_signal_connect_object (buffer, "changed", G_CALLBACK (text_changed_cb), self, G_CONNECT_SWAPPED);
        gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->text_widget);
        gtk_widget_set_size_request (scrolled, -1, 260);
        gtk_widget_add_css_class (scrolled, "card");
        gtk_box_append (self->answer_box, scrolled);
        hint = _("Write your analysis; it is saved as you type and graded by the trainer against the rubric.");
      }
      break;
    }
  gtk_label_set_text (self->hint_label, hint);
  gtk_toggle_button_set_active (self->flag_button, item->flagged);
  gtk_widget_set_sensitive (self->previous_button, self->current > 0);
  gtk_widget_set_sensitive (self->next_button, self->current + 1 < self->items->len);
  for (guint i = 0; i < self->items->len; i++)
    update_nav_button (self, i);
  update_progress (self);
  self->building = FALSE;
}

void
kefu_exam_window_go_to (KefuExamWindow *self,
                        guint           position)
{
  g_return_if_fail (KEFU_IS_EXAM_WINDOW (self));
  if (self->finished || position < 1 || position > self->items->len)
    return;
  flush_text (self);
  self->current = position - 1;
  show_question (self);
}

guint
kefu_exam_window_get_position (KefuExamWindow *self)
{
  g_return_val_if_fail (KEFU_IS_EXAM_WINDOW (self), 0);
  return self->current + 1;
}

/* exam.go-to (uint32: the question's place, from 1): the navigator's buttons */
static void
go_to_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kefu_exam_window_go_to (KEFU_EXAM_WINDOW (widget), g_variant_get_uint32 (parameter));
}

static void
flag_toggled_cb (KefuExamWindow  *self,
                 GtkToggleButton *button)
{
  KefuAttemptItem *item = current_item (self);
  gboolean flagged = gtk_toggle_button_get_active (button);
  g_autoptr(GError) error = NULL;

  if (self->building || item == NULL || self->finished || item->flagged == flagged)
    return;
  if (!kefu_attempt_set_flagged (self->store, self->attempt_id, item->position, flagged, &error))
    {
      toast (self, error->message);
      return;
    }
  item->flagged = flagged;
  update_nav_button (self, self->current);
  update_progress (self);
}

/* The timer --------------------------------------------------------------- */

static char *
format_left (gint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

/* Asks the core: submits at time-out; otherwise shows the time left. */
void
kefu_exam_window_check_time (KefuExamWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  g_autofree char *text = NULL;
  gboolean submitted = FALSE;
  gint64 remaining;

  g_return_if_fail (KEFU_IS_EXAM_WINDOW (self));
  if (self->finished)
    return;
  {
    /* (a time-out submits: while another program writes, tried again next second) */
    int busy = kefu_store_get_busy_timeout (self->store);
    gboolean ok;

    kefu_store_set_busy_timeout (self->store, 25);
    ok = kefu_attempt_check_time (self->store, self->attempt_id, kefu_store_now (self->store), &submitted, &error);
    kefu_store_set_busy_timeout (self->store, busy);
    if (!ok && kefu_write_is_locked (error))
      return;
    if (!ok)
      {
        g_warning ("Exam timer: %s", error->message);
        return;
      }
  }
  if (submitted)
    {
      show_result (self, TRUE);
      return;
    }
  remaining = kefu_attempt_remaining_seconds (self->store, self->attempt_id, kefu_store_now (self->store), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->timer_label), remaining >= 0);
  if (remaining < 0)
    return;
  left = format_left (remaining);
  /* Translators: the exam's timer in the header bar */
  text = g_strdup_printf (_("Time left %s"), left);
  gtk_label_set_text (self->timer_label, text);
  if (remaining <= WARNING_SECONDS)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->timer_label), "exam-timer-warning");
      if (!self->warned)
        {
          self->warned = TRUE;
          toast (self, _("Less than 5 minutes left: the exam is submitted automatically when time is up."));
        }
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->timer_label), "exam-timer-warning");
}

static gboolean
tick_cb (gpointer data)
{
  kefu_exam_window_check_time (data);
  return G_SOURCE_CONTINUE;
}

/* The result -------------------------------------------------------------- */

static char *
right_answer_text (const KefuAttemptItem *item)
{
  const KefuQuestion *q = item->question;
  g_autofree char *own = NULL;

  switch (q->type)
    {
    case KEFU_QUESTION_TRUE_FALSE:
      return g_strdup (q->answer_true ? _("True") : _("False"));
    case KEFU_QUESTION_SHORT_ANSWER:
      return q->options->len > 0 ? g_strdup (q->options->pdata[0]) : g_strdup ("");
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
      return g_strdup (q->rubric != NULL ? q->rubric : "");
    default:
      own = kefu_question_right_letters (q);
      return kefu_attempt_item_to_shown (item, own);
    }
}

static char *
given_answer_text (const KefuAttemptItem *item)
{
  if (!is_answered (item))
    return g_strdup (_("no answer"));
  switch (item->question->type)
    {
    case KEFU_QUESTION_TRUE_FALSE:
      return g_strdup (g_str_equal (item->answer, "true") ? _("True") : _("False"));
    case KEFU_QUESTION_SINGLE_CHOICE:
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      return kefu_attempt_item_to_shown (item, item->answer);
    default:
      return g_strdup (item->answer);
    }
}

static void
add_review_row (KefuExamWindow  *self,
                KefuAttemptItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *mark;
  g_autofree char *title = g_strdup_printf ("%u. %s", item->position, item->question->stem);
  g_autofree char *given = given_answer_text (item);
  g_autofree char *subtitle = NULL;
  const char *verdict;

  if (!item->graded)
    verdict = _("Waiting for the trainer's grade");
  else if (item->correct)
    verdict = _("Right");
  else if (item->score > 0)
    verdict = _("Partly right");
  else
    verdict = _("Wrong");
  if (self->settings.review == KEFU_REVIEW_FULL && !kefu_question_type_is_written (item->question->type))
    {
      g_autofree char *right = right_answer_text (item);
      /* Translators: a reviewed question: the verdict, your answer, the right answer, the explanation */
      subtitle = g_strdup_printf (_("%s · your answer: %s · right answer: %s%s%s"), verdict, given, right,
                                  item->question->explanation != NULL ? "\n" : "",
                                  item->question->explanation != NULL ? item->question->explanation : "");
    }
  else
    /* Translators: a reviewed question: the verdict, your answer */
    subtitle = g_strdup_printf (_("%s · your answer: %s"), verdict, given);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  mark = gtk_image_new_from_icon_name (!item->graded ? "document-edit-symbolic"
                                       : item->correct ? "object-select-symbolic" : "window-close-symbolic");
  gtk_widget_add_css_class (mark, !item->graded ? "dim-label" : item->correct ? "success" : "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), mark);
  gtk_list_box_append (self->review_list, row);
}

static void
show_result (KefuExamWindow *self,
             gboolean        timed_out)
{
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *description = NULL;

  self->finished = TRUE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->text_save_id, g_source_remove);
  if (!kefu_attempt_get_info (self->store, self->attempt_id, &info, &error) ||
      (items = kefu_attempt_items (self->store, self->attempt_id, &error)) == NULL)
    {
      gtk_label_set_text (self->result_title, _("The Result Cannot Be Shown"));
      gtk_label_set_text (self->result_description, error->message);
      gtk_stack_set_visible_child_name (self->stack, "result");
      return;
    }
  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&items);

  gtk_widget_set_visible (self->submit_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->timer_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->result_icon),
                            info.state != KEFU_ATTEMPT_GRADED ? "dim-label" : info.passed ? "success" : "error");
  if (info.state == KEFU_ATTEMPT_GRADED)
    {
      gtk_image_set_from_icon_name (self->result_icon, info.passed ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
      gtk_label_set_text (self->result_title, info.passed ? _("Passed") : _("Not Passed"));
      /* Translators: the exam result: score of maximum (percent), pass mark */
      description = g_strdup_printf (_("Score %g of %g (%.0f%%). The pass mark is %.0f%%."),
                                     info.score, info.max_score, info.percent, self->settings.pass_mark);
    }
  else
    {
      /* the objective part only: the written answers' points are not in it yet */
      double objective = 0, objective_max = 0;

      for (guint i = 0; i < self->items->len; i++)
        {
          KefuAttemptItem *item = self->items->pdata[i];
          if (kefu_question_type_is_written (item->question->type))
            continue;
          objective += item->graded ? item->score : 0;
          objective_max += item->max_score;
        }
      gtk_image_set_from_icon_name (self->result_icon, "document-edit-symbolic");
      gtk_label_set_text (self->result_title, _("Submitted"));
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Objective questions: %g of %g points. %u written answer waits for the trainer's grade against the rubric; the final result follows.",
                                                  "Objective questions: %g of %g points. %u written answers wait for the trainer's grade against the rubric; the final result follows.",
                                                  info.n_ungraded),
                                     objective, objective_max, info.n_ungraded);
    }
  if (timed_out)
    {
      g_autofree char *d = g_strdup_printf ("%s\n%s", _("Time ran out: the answers saved were submitted."), description);
      g_free (description);
      description = g_steal_pointer (&d);
    }
  gtk_label_set_text (self->result_description, description);

  gtk_widget_set_visible (GTK_WIDGET (self->review_list), self->settings.review != KEFU_REVIEW_SCORE_ONLY);
  if (self->settings.review != KEFU_REVIEW_SCORE_ONLY)
    for (guint i = 0; i < self->items->len; i++)
      {
        KefuAttemptItem *item = self->items->pdata[i];
        if (self->settings.review == KEFU_REVIEW_FULL || !item->correct)
          add_review_row (self, item);
      }
  gtk_stack_set_visible_child_name (self->stack, "result");
}

gboolean
kefu_exam_window_is_finished (KefuExamWindow *self)
{
  g_return_val_if_fail (KEFU_IS_EXAM_WINDOW (self), FALSE);
  return self->finished;
}

gint64
kefu_exam_window_get_attempt_id (KefuExamWindow *self)
{
  g_return_val_if_fail (KEFU_IS_EXAM_WINDOW (self), 0);
  return self->attempt_id;
}

/* Actions ----------------------------------------------------------------- */

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KefuExamWindow *self = KEFU_EXAM_WINDOW (widget);

  if (self->current > 0)
    kefu_exam_window_go_to (self, self->current);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuExamWindow *self = KEFU_EXAM_WINDOW (widget);

  kefu_exam_window_go_to (self, self->current + 2);
}

/* Keys 1–9 pick the choice shown with that number. */
static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuExamWindow *self = KEFU_EXAM_WINDOW (widget);
  guint n = (guint) g_variant_get_int32 (parameter);
  KefuAttemptItem *item = current_item (self);
  GtkCheckButton *button;

  if (self->finished || item == NULL || n < 1 || n > self->choices->len)
    return;
  button = self->choices->pdata[n - 1];
  if (item->question->type == KEFU_QUESTION_MULTIPLE_CHOICE)
    gtk_check_button_set_active (button, !gtk_check_button_get_active (button));
  else
    gtk_check_button_set_active (button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (button));
}

static void
submit_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    KefuExamWindow   *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "submit") != 0 || self->finished)
    return;
  flush_text (self);
  save_pending (self, TRUE);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuExamWindow *self = KEFU_EXAM_WINDOW (widget);
  GtkWidget *dialog;
  guint unanswered = 0;
  g_autofree char *body = NULL;

  if (self->finished)
    return;
  flush_text (self);
  for (guint i = 0; i < self->items->len; i++)
    unanswered += !is_answered (self->items->pdata[i]);
  if (unanswered > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u questions is not answered; it scores nothing. Answers cannot be changed after submitting.",
                                         "%u of %u questions are not answered; they score nothing. Answers cannot be changed after submitting.",
                                         unanswered),
                            unanswered, self->items->len);
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u question is answered. Answers cannot be changed after submitting.",
                                         "All %u questions are answered. Answers cannot be changed after submitting.",
                                         self->items->len),
                            self->items->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Submit Your Answers?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Working"),
                                    "submit", _("_Submit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "submit", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (submit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject ----------------------------------------------------------------- */

/* Closing mid-exam keeps the attempt in progress, for Resume. */
static gboolean
kefu_exam_window_close_request (GtkWindow *window)
{
  KefuExamWindow *self = KEFU_EXAM_WINDOW (window);

  flush_text (self);
  if (!self->finished && g_hash_table_size (self->unsaved) > 0)
    {
      /* answers wait for another program's lock: the window stays until they are saved */
      if (!kefu_wait_bar_is_waiting (self->wait_bar))
        save_pending (self, FALSE);
      if (g_hash_table_size (self->unsaved) > 0)
        {
          toast (self, _("Your last answers are not saved yet: the window closes once they are."));
          return TRUE;
        }
    }
  g_clear_handle_id (&self->tick_id, g_source_remove);
  return GTK_WINDOW_CLASS (kefu_exam_window_parent_class)->close_request (window);
}

static void
kefu_exam_window_dispose (GObject *object)
{
  KefuExamWindow *self = KEFU_EXAM_WINDOW (object);

  if (self->store != NULL)
    {
      flush_text (self);
      /* a last try, waiting the store's whole busy timeout */
      if (!self->finished && g_hash_table_size (self->unsaved) > 0)
        {
          g_autoptr(GError) error = NULL;

          kefu_wait_bar_stop (self->wait_bar);
          self->submit_pending = FALSE;
          if (!answers_write_cb (self->store, self, &error))
            g_warning ("Exam answers not saved: %s", error->message);
        }
    }
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->unsaved, g_hash_table_unref);
  g_clear_handle_id (&self->text_save_id, g_source_remove);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  kefu_exam_settings_clear (&self->settings);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_EXAM_WINDOW);
  G_OBJECT_CLASS (kefu_exam_window_parent_class)->dispose (object);
}

static void
kefu_exam_window_class_init (KefuExamWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kefu_exam_window_dispose;
  window_class->close_request = kefu_exam_window_close_request;

  g_type_ensure (KEFU_TYPE_WAIT_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-exam-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, wait_bar);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, timer_label);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, submit_button);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, navigator);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, position_label);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, stem_label);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, answer_box);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, flag_button);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, previous_button);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, result_icon);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, result_title);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, result_description);
  gtk_widget_class_bind_template_child (widget_class, KefuExamWindow, review_list);
  gtk_widget_class_bind_template_callback (widget_class, flag_toggled_cb);

  gtk_widget_class_install_action (widget_class, "exam.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "exam.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "exam.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "exam.choose", "i", choose_action);
  gtk_widget_class_install_action (widget_class, "exam.go-to", "u", go_to_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "exam.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "exam.next", NULL);
  for (int n = 1; n <= 9; n++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + n, 0, "exam.choose", "i", n);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + n, 0, "exam.choose", "i", n);
    }
}

static void
kefu_exam_window_init (KefuExamWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->choices = g_ptr_array_new ();
  self->unsaved = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
}

/* The exam window of an attempt in progress (started or resumed), owned
 * by GTK like any toplevel. An attempt whose time ran out while the
 * window was closed is submitted and shows its result. */
KefuExamWindow *
kefu_exam_window_new (GtkWindow  *parent,
                      KefuStore  *store,
                      gint64      attempt_id,
                      GError    **error)
{
  KefuExamWindow *self;
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autoptr(GPtrArray) items = NULL;
  g_auto(KefuExamSettings) settings = { 0 };

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  if (!kefu_attempt_get_info (store, attempt_id, &info, error) ||
      !kefu_exam_load (store, info.exam_id, &settings, error) ||
      (items = kefu_attempt_items (store, attempt_id, error)) == NULL)
    return NULL;
  if (items->len == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("The paper “%s” has no questions."), settings.name);
      return NULL;
    }

  self = g_object_new (KEFU_TYPE_EXAM_WINDOW, NULL);
  self->store = g_object_ref (store);
  self->attempt_id = attempt_id;
  self->settings = settings;
  memset (&settings, 0, sizeof settings);
  self->items = g_steal_pointer (&items);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), self->settings.name);
  adw_window_title_set_title (self->window_title, self->settings.name);
  /* Translators: the exam window's subtitle: pass mark */
  {
    g_autofree char *sub = g_strdup_printf (_("Pass mark %.0f%%"), self->settings.pass_mark);
    adw_window_title_set_subtitle (self->window_title, sub);
  }

  for (guint i = 0; i < self->items->len; i++)
    {
      KefuAttemptItem *item = self->items->pdata[i];
      g_autofree char *label = g_strdup_printf ("%u", item->position);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (button, "exam-nav");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "exam.go-to");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_uint32 (i + 1));
      gtk_flow_box_append (self->navigator, button);
    }
  /* resume at the first question not answered */
  for (self->current = 0; self->current + 1 < self->items->len; self->current++)
    if (!is_answered (self->items->pdata[self->current]))
      break;

  if (info.state != KEFU_ATTEMPT_IN_PROGRESS)
    show_result (self, FALSE);
  else
    {
      show_question (self);
      kefu_exam_window_check_time (self);
      if (!self->finished)
        self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
    }
  return self;
}
