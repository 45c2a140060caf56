/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-attempt-window.c — one attempt's results
 *
 * What a trainee sees of their attempt, as far as the paper's review
 * policy allows: the score and whether it passed; with "mistakes", each
 * question with their answer and right or wrong; with "full", also the
 * right answer and the explanation. The trainer's comments always. A
 * trainer sees everything, the history of score changes (grades corrected,
 * re-marks after a key correction), and may void the attempt (with a
 * reason: it no longer counts, not even against the attempts allowed) or
 * correct a written answer's grade.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kefu-attempt-window.h"
#include "kefu-regrade-dialog.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-exam-admin.h"
#include "kefu-gui-util.h"

struct _KefuAttemptWindow
{
  AdwWindow   parent_instance;

  KefuStore  *store;
  gint64      attempt_id;
  gboolean    trainer;
  GtkWidget  *scroll;
  guint       n_items;
};

G_DEFINE_FINAL_TYPE (KefuAttemptWindow, kefu_attempt_window, ADW_TYPE_WINDOW)

static void build (KefuAttemptWindow *self);

/* An answer in words: the choices' texts, True/False, or what was written. */
static char *
answer_words (const KefuQuestion *q,
              const char         *answer)
{
  GString *s;

  if (answer == NULL || *answer == '\0')
    return g_strdup (_("(no answer)"));
  if (q->type == KEFU_QUESTION_TRUE_FALSE)
    return g_strdup (g_str_equal (answer, "true") ? _("True") : _("False"));
  if (q->type != KEFU_QUESTION_SINGLE_CHOICE && q->type != KEFU_QUESTION_MULTIPLE_CHOICE)
    return g_strdup (answer);
  s = g_string_new (NULL);
  for (const char *p = answer; *p != '\0'; p++)
    {
      guint i = (guint) (*p - 'A');
      if (i < q->options->len)
        g_string_append_printf (s, "%s%s", s->len > 0 ? "；" : "", (const char *) q->options->pdata[i]);
    }
  return g_string_free (s, FALSE);
}

static char *
right_words (const KefuQuestion *q)
{
  switch (q->type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE:
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      {
        g_autofree char *letters = kefu_question_right_letters (q);
        return answer_words (q, letters);
      }
    case KEFU_QUESTION_TRUE_FALSE:
      return g_strdup (q->answer_true ? _("True") : _("False"));
    case KEFU_QUESTION_SHORT_ANSWER:
      return g_strdup (q->options->len > 0 ? q->options->pdata[0] : "");
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
    case KEFU_QUESTION_N_TYPES:
    default:
      return g_strdup (q->rubric != NULL ? q->rubric : "");
    }
}

static void
show_message (KefuAttemptWindow *self,
              const char        *heading,
              const char        *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  gtk_widget_set_name (dialog, "attempt-message");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Void ------------------------------------------------------------------------ */

static void
void_response_cb (AdwMessageDialog  *dialog,
                  const char        *response,
                  KefuAttemptWindow *self)
{
  GtkEditable *reason = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "void") != 0)
    return;
  if (!kefu_attempt_void (self->store, self->attempt_id, gtk_editable_get_text (reason), &error))
    show_message (self, _("The Attempt Was Not Voided"), error->message);
  build (self);
}

GtkWindow *
kefu_attempt_window_void (KefuAttemptWindow *self)
{
  GtkWidget *dialog, *reason;

  g_return_val_if_fail (KEFU_IS_ATTEMPT_WINDOW (self), NULL);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Void the Attempt?"),
                                   _("A voided attempt stays on the record with the reason, but no longer counts: "
                                     "not in results or statistics, and not against the attempts allowed, so the "
                                     "trainee may sit the paper again."));
  gtk_widget_set_name (dialog, "void-attempt");
  reason = gtk_entry_new ();
  gtk_widget_set_name (reason, "reason");
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Why, e.g. a colleague answered under this name"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "void", _("_Void"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "void", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (void_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
void_clicked_cb (KefuAttemptWindow *self)
{
  kefu_attempt_window_void (self);
}

/* Correct a grade --------------------------------------------------------------- */

static void
regrade_response_cb (KefuRegradeDialog *dialog,
                     const char        *response,
                     KefuAttemptWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (!kefu_attempt_grade (self->store, self->attempt_id, kefu_regrade_dialog_get_position (dialog),
                           kefu_regrade_dialog_get_score (dialog), kefu_regrade_dialog_get_comment (dialog), &error))
    show_message (self, _("The Grade Was Not Changed"), error->message);
  build (self);
}

GtkWindow *
kefu_attempt_window_regrade (KefuAttemptWindow *self,
                             guint              position)
{
  g_autoptr(GPtrArray) items = NULL;
  KefuAttemptItem *item = NULL;
  KefuRegradeDialog *dialog;

  g_return_val_if_fail (KEFU_IS_ATTEMPT_WINDOW (self), NULL);
  items = kefu_attempt_items (self->store, self->attempt_id, NULL);
  for (guint i = 0; items != NULL && i < items->len; i++)
    if (((KefuAttemptItem *) items->pdata[i])->position == position)
      item = items->pdata[i];
  if (item == NULL)
    return NULL;
  dialog = kefu_regrade_dialog_new (GTK_WINDOW (self), item);
  g_signal_connect_object (dialog, "response", G_CALLBACK (regrade_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* attempt.regrade (uint32: the question's position) */
static void
regrade_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kefu_attempt_window_regrade (KEFU_ATTEMPT_WINDOW (widget), g_variant_get_uint32 (parameter));
}

/* Building ------------------------------------------------------------------------ */

static GtkWidget *
add_group (GtkWidget  *page,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return group;
}

static void
build (KefuAttemptWindow *self)
{
  g_auto(KefuAttemptInfo) info = { 0 };
  g_auto(KefuExamSettings) settings = { 0 };
  g_autoptr(GPtrArray) items = NULL, history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autofree char *summary = NULL, *void_note = NULL, *title = NULL;
  GtkWidget *page = adw_preferences_page_new (), *group, *row;
  gboolean show_items, show_right;

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroll), page);
  self->n_items = 0;
  if (!kefu_attempt_get_info (self->store, self->attempt_id, &info, &error) ||
      !kefu_exam_load (self->store, info.exam_id, &settings, &error) ||
      (items = kefu_attempt_items (self->store, self->attempt_id, &error)) == NULL)
    {
      group = add_group (page, _("The Results Cannot Be Shown"), error->message);
      return;
    }
  user = kefu_desk_get_user (self->store, info.user_id, NULL);
  title = g_strdup_printf ("%s · %s", settings.name, user != NULL ? kefu_user_get_name (user) : "?");
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (info.state == KEFU_ATTEMPT_VOIDED)
    summary = g_strdup (_("Voided: this attempt does not count."));
  else if (info.state == KEFU_ATTEMPT_GRADED)
    /* Translators: score of maximum (percent) · passed or not · pass mark */
    summary = g_strdup_printf (_("%g of %g points (%.0f%%) · %s · pass mark %.0f%%"), info.score, info.max_score,
                               info.percent, info.passed ? _("Passed") : _("Not passed"), settings.pass_mark);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%g points so far · %u written answer waits for grading",
                                            "%g points so far · %u written answers wait for grading", info.n_ungraded),
                               info.score, info.n_ungraded);
  void_note = kefu_attempt_void_note (self->store, self->attempt_id);
  group = add_group (page, _("Result"), void_note);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), summary);
  gtk_widget_set_name (row, "attempt-summary");
  if (info.state == KEFU_ATTEMPT_GRADED && !self->trainer)   /* (not the Void… button too) */
    gtk_widget_add_css_class (row, info.passed ? "success" : "error");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  if (self->trainer && info.state != KEFU_ATTEMPT_VOIDED)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Void…"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_name (button, "void-button");
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (void_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  show_items = self->trainer || settings.review != KEFU_REVIEW_SCORE_ONLY;
  show_right = self->trainer || settings.review == KEFU_REVIEW_FULL;
  if (!show_items)
    {
      add_group (page, _("Questions"), _("This paper shows only the score and whether it passed."));
      return;
    }
  group = add_group (page, _("Questions"), show_right ? NULL : _("This paper shows your answers and which were wrong, "
                                                                 "not the right answers."));
  for (guint i = 0; i < items->len; i++)
    {
      KefuAttemptItem *item = items->pdata[i];
      KefuQuestion *q = item->question;
      GString *sub = g_string_new (NULL);
      g_autofree char *heading = g_strdup_printf ("%u. %s", item->position, q->stem);
      g_autofree char *given = answer_words (q, item->answer);
      g_autofree char *verdict = NULL;
      GtkWidget *label;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), heading);
      /* Translators: in an attempt's results */
      g_string_append_printf (sub, _("Your answer: %s"), given);
      if (show_right && !(item->graded && item->correct))
        {
          g_autofree char *right = right_words (q);
          if (*right != '\0')
            {
              g_string_append_c (sub, '\n');
              g_string_append_printf (sub, kefu_question_type_is_written (q->type) ? _("Rubric: %s")
                                                                                   : _("Right answer: %s"), right);
            }
        }
      if (show_right && q->explanation != NULL && *q->explanation != '\0')
        g_string_append_printf (sub, "\n%s", q->explanation);
      if (item->comment != NULL && *item->comment != '\0')
        /* Translators: the trainer's comment on a written answer */
        g_string_append_printf (sub, _("\nTrainer's comment: %s"), item->comment);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub->str);
      g_string_free (sub, TRUE);
      gtk_widget_set_name (row, "attempt-item");

      if (item->graded)
        /* Translators: a question's score of its maximum, ✓ or ✗ */
        verdict = g_strdup_printf (_("%s %g of %g"), item->correct ? "✓" : "✗", item->score, item->max_score);
      else
        verdict = g_strdup (_("Waiting for grading"));
      label = gtk_label_new (verdict);
      gtk_widget_add_css_class (label, !item->graded ? "dim-label" : item->correct ? "success" : "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      if (self->trainer && kefu_question_type_is_written (q->type) && item->graded &&
          info.state != KEFU_ATTEMPT_VOIDED)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("Correct _Grade…"));
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "attempt.regrade");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_uint32 (item->position));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      self->n_items++;
    }

  history = kefu_attempt_score_changes (self->store, self->attempt_id, NULL);
  if (history != NULL && history->len > 0)
    {
      group = add_group (page, _("Score Changes"), NULL);
      for (guint i = 0; i < history->len; i++)
        {
          KefuScoreChange *c = history->pdata[i];
          g_autofree char *when = kefu_format_time (c->changed_at, "%Y-%m-%d %H:%M");
          g_autofree char *old = isnan (c->old_score) ? g_strdup ("—") : g_strdup_printf ("%g", c->old_score);
          g_autofree char *line = g_strdup_printf (c->kind == KEFU_SCORE_CHANGE_KEY
                                                   /* Translators: question, old → new score, attempt total old → new */
                                                   ? _("Question %u: %s → %g after the key was corrected (total %g → %g)")
                                                   : _("Question %u: %s → %g, grade corrected (total %g → %g)"),
                                                   c->position, old, c->new_score, c->old_attempt_score,
                                                   c->new_attempt_score);
          g_autofree char *who = c->reason != NULL && *c->reason != '\0'
                                 ? g_strdup_printf ("%s · %s · %s", c->changed_by, when, c->reason)
                                 : g_strdup_printf ("%s · %s", c->changed_by, when);

          row = adw_action_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), who);
          gtk_widget_set_name (row, "score-change");
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
    }
}

guint
kefu_attempt_window_get_n_items (KefuAttemptWindow *self)
{
  g_return_val_if_fail (KEFU_IS_ATTEMPT_WINDOW (self), 0);
  return self->n_items;
}

static void
kefu_attempt_window_dispose (GObject *object)
{
  KefuAttemptWindow *self = KEFU_ATTEMPT_WINDOW (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_attempt_window_parent_class)->dispose (object);
}

static void
kefu_attempt_window_class_init (KefuAttemptWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kefu_attempt_window_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "attempt.regrade", "u", regrade_action);
}

static void
kefu_attempt_window_init (KefuAttemptWindow *self)
{
}

KefuAttemptWindow *
kefu_attempt_window_new (GtkWindow *parent,
                         KefuStore *store,
                         gint64     attempt_id,
                         gboolean   trainer)
{
  KefuAttemptWindow *self = g_object_new (KEFU_TYPE_ATTEMPT_WINDOW, "modal", TRUE, "transient-for", parent,
                                          "default-width", 760, "default-height", 640, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->store = g_object_ref (store);
  self->attempt_id = attempt_id;
  self->trainer = trainer;
  self->scroll = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (self->scroll, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), self->scroll);
  adw_window_set_content (ADW_WINDOW (self), box);
  build (self);
  return self;
}

/* A paper's attempts ---------------------------------------------------------------- */

/* An Open button's attempt, and where to open it. */
typedef struct {
  KefuStore *store;
  gint64     attempt_id;
} Opening;

static void
opening_free (gpointer  data,
              GClosure *closure)
{
  Opening *o = data;

  g_object_unref (o->store);
  g_free (o);
}

static void
open_clicked_cb (GtkButton *button,
                 Opening   *o)
{
  GtkRoot *window = gtk_widget_get_root (GTK_WIDGET (button));

  gtk_window_present (GTK_WINDOW (kefu_attempt_window_new (GTK_IS_WINDOW (window) ? GTK_WINDOW (window) : NULL,
                                                           o->store, o->attempt_id, TRUE)));
}

GtkWindow *
kefu_exam_attempts_window_new (GtkWindow *parent,
                               KefuStore *store,
                               gint64     exam_id)
{
  g_auto(KefuExamSettings) settings = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *title = NULL;
  GtkWidget *window, *box, *page, *group;

  kefu_exam_load (store, exam_id, &settings, NULL);
  title = g_strdup_printf (_("Attempts at “%s”"), settings.name != NULL ? settings.name : "?");
  window = g_object_new (ADW_TYPE_WINDOW, "modal", TRUE, "transient-for", parent, "default-width", 640,
                         "default-height", 560, "title", title, NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Open an attempt to see its answers, correct a grade, or void it."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);

  ids = kefu_exam_attempt_ids (store, exam_id, &error);
  if (ids == NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), error->message);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_auto(KefuAttemptInfo) info = { 0 };
      g_autoptr(KefuUser) user = NULL;
      g_autofree char *when = NULL, *state = NULL;
      GtkWidget *row, *button;

      if (!kefu_attempt_get_info (store, id, &info, NULL))
        continue;
      user = kefu_desk_get_user (store, info.user_id, NULL);
      when = kefu_format_time (info.submitted_at > 0 ? info.submitted_at : info.started_at, "%Y-%m-%d %H:%M");
      state = info.state == KEFU_ATTEMPT_VOIDED ? g_strdup (_("Voided"))
              : info.state == KEFU_ATTEMPT_GRADED
              ? g_strdup_printf (_("%.0f%% · %s"), info.percent, info.passed ? _("Passed") : _("Not passed"))
              : g_strdup (_("Waiting for grading"));
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user != NULL ? kefu_user_get_name (user) : "?");
      {
        g_autofree char *subtitle = g_strdup_printf ("%s · %s", when, state);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      }
      gtk_widget_set_name (row, "attempt-row");
      button = gtk_button_new_with_mnemonic (_("_Open"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      {
        Opening *o = g_new0 (Opening, 1);

        o->store = g_object_ref (store);
        o->attempt_id = id;
        g_signal_connect_data (button, "clicked", G_CALLBACK (open_clicked_cb), o, opening_free, 0);
      }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  if (ids != NULL && ids->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _("Nobody has submitted this paper yet."));
  return GTK_WINDOW (window);
}
