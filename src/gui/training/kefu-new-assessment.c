/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-new-assessment.c — scheduling a practical assessment
 *
 * The trainer names the scenario and the trainee and sees the scenario's
 * weighted criteria: its own if it defined them, otherwise the domain's
 * default ones (流程规范性 40, 沟通有效性 30, 问题解决效率 30). They may be
 * changed here (a trial lecture: 内容 40, 清晰 20, 互动 20, 表达 20); a
 * criterion with an empty name is left out, and *Create* stays off until
 * the weights add up to 100. Changed criteria are saved as the scenario's
 * own (kefu_assessment_define_criteria, audited) in the same transaction
 * as the assessment, so the next assessment of that scenario starts from
 * them. The panel is named afterwards, in the assessment window.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kefu-assessment.h"
#include "kefu-new-assessment.h"
#include "kefu-query.h"
#include "kefu-user.h"

typedef struct {
  KefuStore               *store;
  KefuNewAssessmentCreated created;
  gpointer                 data;
  GDestroyNotify           destroy;
  AdwMessageDialog        *dialog;
  GtkEditable             *scenario;
  GtkDropDown             *trainee;
  GtkBox                  *rows;
  GtkLabel                *sum;
  GPtrArray               *names;    /* GtkEditable, one per criterion row */
  GPtrArray               *weights;  /* GtkSpinButton, parallel */
} NewAssessment;

static void
new_assessment_free (NewAssessment *na)
{
  if (na->destroy != NULL)
    na->destroy (na->data);
  g_clear_object (&na->store);
  g_ptr_array_unref (na->names);
  g_ptr_array_unref (na->weights);
  g_free (na);
}

static char *
user_name (KefuUser *user)
{
  return g_strdup (kefu_user_get_name (user));
}

/* The rows' named criteria; their weights' sum in @sum */
static GArray *
read_rows (NewAssessment *na,
           double        *sum)
{
  GArray *specs = g_array_new (FALSE, TRUE, sizeof (KefuCriterionSpec));

  *sum = 0;
  for (guint i = 0; i < na->names->len; i++)
    {
      const char *name = gtk_editable_get_text (na->names->pdata[i]);
      KefuCriterionSpec spec;

      if (name == NULL || *name == '\0')
        continue;
      spec.name = name;
      spec.weight = gtk_spin_button_get_value (na->weights->pdata[i]);
      *sum += spec.weight;
      g_array_append_val (specs, spec);
    }
  return specs;
}

static void
update_sum (NewAssessment *na)
{
  g_autoptr(GArray) specs = NULL;
  g_autofree char *text = NULL;
  double sum;
  gboolean ok;

  specs = read_rows (na, &sum);
  ok = specs->len > 0 && fabs (sum - 100) < 1e-6 &&
       *gtk_editable_get_text (na->scenario) != '\0';
  if (specs->len == 0)
    text = g_strdup (_("Name at least one criterion."));
  else if (fabs (sum - 100) >= 1e-6)
    /* Translators: the weights of a practical assessment's criteria */
    text = g_strdup_printf (_("The weights add up to %g; they must add up to 100."), sum);
  else
    text = g_strdup_printf (ngettext ("%u criterion, weighing 100.", "%u criteria, weights adding up to 100.", specs->len),
                            specs->len);
  gtk_label_set_text (na->sum, text);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (na->sum), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (na->sum), "error");
  adw_message_dialog_set_response_enabled (na->dialog, "create", ok);
}

static void
row_changed_cb (NewAssessment *na)
{
  update_sum (na);
}

static void
add_row (NewAssessment *na,
         const char    *name,
         double         weight)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 100, 5);

  gtk_widget_set_name (row, "criterion");
  gtk_widget_set_name (entry, "criterion-name");
  gtk_widget_set_name (spin, "criterion-weight");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Criterion (empty: left out)"));
  gtk_editable_set_text (GTK_EDITABLE (entry), name != NULL ? name : "");
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), weight);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Weight"), -1);
  gtk_box_append (GTK_BOX (row), entry);
  gtk_box_append (GTK_BOX (row), spin);
  gtk_box_append (na->rows, row);
  g_ptr_array_add (na->names, entry);
  g_ptr_array_add (na->weights, spin);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (row_changed_cb), na);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (row_changed_cb), na);
}

static void
clear_rows (NewAssessment *na)
{
  GtkWidget *c;

  while ((c = gtk_widget_get_first_child (GTK_WIDGET (na->rows))) != NULL)
    gtk_box_remove (na->rows, c);
  g_ptr_array_set_size (na->names, 0);
  g_ptr_array_set_size (na->weights, 0);
}

/* The rows show the scenario's own criteria when it has them; a
 * scenario without its own keeps what is on screen. */
static void
scenario_changed_cb (NewAssessment *na)
{
  g_autoptr(GArray) own = kefu_assessment_scenario_criteria (na->store, gtk_editable_get_text (na->scenario), NULL);

  if (own != NULL && own->len > 0)
    {
      clear_rows (na);
      for (guint i = 0; i < own->len; i++)
        add_row (na, g_array_index (own, KefuCriterion, i).name, g_array_index (own, KefuCriterion, i).weight);
    }
  update_sum (na);
}

static void
add_criterion_cb (NewAssessment *na)
{
  add_row (na, NULL, 0);
  gtk_widget_grab_focus (GTK_WIDGET (na->names->pdata[na->names->len - 1]));
  update_sum (na);
}

/* Do @specs differ from what @scenario uses now (its own, or the
 * defaults)? */
static gboolean
criteria_changed (KefuStore  *store,
                  const char *scenario,
                  GArray     *specs)
{
  g_autoptr(GArray) own = kefu_assessment_scenario_criteria (store, scenario, NULL);
  guint n_default;
  const KefuCriterionSpec *defaults = kefu_assessment_default_criteria (&n_default);
  guint n = own != NULL && own->len > 0 ? own->len : n_default;

  if (specs->len != n)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      const KefuCriterionSpec *s = &g_array_index (specs, KefuCriterionSpec, i);
      const char *name = own != NULL && own->len > 0 ? g_array_index (own, KefuCriterion, i).name : defaults[i].name;
      double weight = own != NULL && own->len > 0 ? g_array_index (own, KefuCriterion, i).weight : defaults[i].weight;

      if (g_strcmp0 (s->name, name) != 0 || fabs (s->weight - weight) > 1e-6)
        return TRUE;
    }
  return FALSE;
}

static gint64
create (NewAssessment  *na,
        GError        **error)
{
  g_autoptr(KefuUser) user = g_list_model_get_item (gtk_drop_down_get_model (na->trainee),
                                                    gtk_drop_down_get_selected (na->trainee));
  g_autoptr(KefuTransaction) tx = NULL;
  g_autoptr(GArray) specs = NULL;
  const char *scenario = gtk_editable_get_text (na->scenario);
  double sum;
  gint64 id;

  if (user == NULL)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Choose the trainee."));
      return -1;
    }
  specs = read_rows (na, &sum);
  tx = kefu_transaction_begin (na->store, error);
  if (tx == NULL)
    return -1;
  if (criteria_changed (na->store, scenario, specs) &&
      !kefu_assessment_define_criteria (na->store, scenario, (const KefuCriterionSpec *) specs->data, specs->len, error))
    return -1;
  /* NULL criteria: the scenario's own (just saved) or the defaults */
  id = kefu_assessment_create (na->store, scenario, kefu_user_get_id (user), kefu_store_now (na->store),
                               KEFU_ASSESSMENT_PASS_MARK, NULL, 0, error);
  if (id <= 0 || !kefu_transaction_commit (tx, error))
    return -1;
  return id;
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             NewAssessment    *na)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (g_strcmp0 (response, "create") != 0)
    return;
  id = create (na, &error);
  na->created (na->data, id, error);
}

GtkWindow *
kefu_new_assessment_present (GtkWindow                *parent,
                             KefuStore                *store,
                             GListModel               *users,
                             KefuNewAssessmentCreated  created,
                             gpointer                  data,
                             GDestroyNotify            destroy)
{
  NewAssessment *na = g_new0 (NewAssessment, 1);
  guint n_default;
  const KefuCriterionSpec *defaults = kefu_assessment_default_criteria (&n_default);
  GtkWidget *box, *scenario, *trainee, *rows, *sum, *add, *label;

  na->store = g_object_ref (store);
  na->created = created;
  na->data = data;
  na->destroy = destroy;
  na->names = g_ptr_array_new ();
  na->weights = g_ptr_array_new ();
  na->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("New Practical Assessment"),
      _("The scenario, the trainee and the scenario’s weighted criteria; name the panel next, in the assessment.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  scenario = gtk_entry_new ();
  gtk_widget_set_name (scenario, "scenario");
  gtk_editable_set_text (GTK_EDITABLE (scenario), _("Elevator entrapment drill"));
  trainee = gtk_drop_down_new (g_object_ref (users),
                               gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (user_name), NULL, NULL));
  rows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  sum = gtk_label_new (NULL);
  gtk_widget_set_name (sum, "weights-sum");
  gtk_label_set_wrap (GTK_LABEL (sum), TRUE);
  gtk_label_set_xalign (GTK_LABEL (sum), 0);
  add = gtk_button_new_with_mnemonic (_("_Add Criterion"));
  gtk_widget_set_name (add, "add-criterion");
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  na->scenario = GTK_EDITABLE (scenario);
  na->trainee = GTK_DROP_DOWN (trainee);
  na->rows = GTK_BOX (rows);
  na->sum = GTK_LABEL (sum);

  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Scenario")));
  gtk_box_append (GTK_BOX (box), scenario);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Trainee")));
  gtk_box_append (GTK_BOX (box), trainee);
  label = gtk_label_new (_("Criteria and weights"));
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), rows);
  gtk_box_append (GTK_BOX (box), add);
  gtk_box_append (GTK_BOX (box), sum);
  adw_message_dialog_set_extra_child (na->dialog, box);
  adw_message_dialog_add_responses (na->dialog, "cancel", _("_Cancel"), "create", _("C_reate"), NULL);
  adw_message_dialog_set_response_appearance (na->dialog, "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (na->dialog, "create");

  for (guint i = 0; i < n_default; i++)
    add_row (na, defaults[i].name, defaults[i].weight);
  scenario_changed_cb (na);
  g_signal_connect_swapped (scenario, "changed", G_CALLBACK (scenario_changed_cb), na);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_criterion_cb), na);
  g_signal_connect_data (na->dialog, "response", G_CALLBACK (response_cb), na,
                         (GClosureNotify) (void (*) (void)) new_assessment_free, 0);
  gtk_window_present (GTK_WINDOW (na->dialog));
  return GTK_WINDOW (na->dialog);
}
