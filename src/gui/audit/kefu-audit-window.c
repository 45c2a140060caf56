/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-audit-window.c — the audit log, for supervisors and administrators
 *
 * Who did what to which row when, newest first, filtered by user, action
 * and a range of days; the rows come from the core's paged list model
 * (kefu_audit_list) as they scroll into view. "Verify the Chain" checks
 * every entry's hash and the anchor beside the database on a worker
 * thread, as `kefu-cli audit verify` does.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-audit.h"
#include "kefu-audit-window.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-export.h"
#include "kefu-loader.h"

struct _KefuAuditWindow
{
  AdwWindow       parent_instance;

  KefuStore      *store;
  GListModel     *entries;
  GArray         *user_ids;     /* gint64 per user_dropdown item; 0 = everyone */
  GStrv           actions;      /* per action_dropdown item; "" = all */
  KefuLoader     *verifier;

  /* template */
  AdwWindowTitle *title;
  GtkDropDown    *user_dropdown;
  GtkDropDown    *action_dropdown;
  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkLabel       *status_label;
  GtkColumnView  *column_view;
};

G_DEFINE_FINAL_TYPE (KefuAuditWindow, kefu_audit_window, ADW_TYPE_WINDOW)

typedef enum { COL_ID, COL_AT, COL_USER, COL_ACTION, COL_SUBJECT, COL_DETAIL, N_COLUMNS } Column;

static void
show_status (KefuAuditWindow *self,
             const char      *text,
             const char      *css)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (text == NULL)
    return;
  gtk_label_set_text (self->status_label, text);
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css);
}

/* A day typed as YYYY-MM-DD: its local midnight; the "to" day is included. */
static gboolean
read_day (KefuAuditWindow *self,
          GtkEntry        *entry,
          gboolean         end,
          gint64          *at)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  *at = 0;
  if (*text == '\0')
    return TRUE;
  if (!kefu_export_parse_date (text, at))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a day; write it like 2026-11-01."), text);
      show_status (self, message, "error");
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  if (end)
    {
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (*at);
      g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);
      *at = g_date_time_to_unix (next);
    }
  return TRUE;
}

static void
reload (KefuAuditWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *subtitle = NULL;
  KefuAuditFilter filter = { 0 };
  guint user = gtk_drop_down_get_selected (self->user_dropdown);
  guint action = gtk_drop_down_get_selected (self->action_dropdown);
  guint n;

  show_status (self, NULL, NULL);
  if (!read_day (self, self->from_entry, FALSE, &filter.from) || !read_day (self, self->to_entry, TRUE, &filter.to))
    return;
  if (self->user_ids != NULL && user < self->user_ids->len)
    filter.user_id = g_array_index (self->user_ids, gint64, user);
  if (self->actions != NULL && action < g_strv_length (self->actions) && *self->actions[action] != '\0')
    filter.action = self->actions[action];

  g_clear_object (&self->entries);
  self->entries = kefu_audit_list (self->store, &filter, &error);
  if (self->entries == NULL)
    {
      show_status (self, error->message, "error");
      gtk_column_view_set_model (self->column_view, NULL);
      return;
    }
  n = g_list_model_get_n_items (self->entries);
  selection = gtk_no_selection_new (g_object_ref (self->entries));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
  adw_window_title_set_subtitle (self->title, subtitle);
}

static void
filter_changed_cb (KefuAuditWindow *self)
{
  if (self->store != NULL)
    reload (self);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  Column col = GPOINTER_TO_UINT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), col == COL_ID ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), col == COL_DETAIL ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  if (col == COL_ID || col == COL_AT)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}


/* The table an entry is about, in words ("工单 #12" rather than "tickets #12") */
static const char *
subject_label (const char *table)
{
  static const struct { const char *table; const char *label; } labels[] = {
    { "tickets", NC_("audit subject", "Ticket") },
    { "users", NC_("audit subject", "User") },
    { "owners", NC_("audit subject", "Owner") },
    { "settings", NC_("audit subject", "Settings") },
    { "calendars", NC_("audit subject", "Calendar") },
    { "sla_policies", NC_("audit subject", "Service-level policy") },
    { "dispatch_rules", NC_("audit subject", "Dispatch rule") },
    { "teams", NC_("audit subject", "Team") },
    { "technicians", NC_("audit subject", "Technician") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (table, labels[i].table))
      return g_dpgettext2 (NULL, "audit subject", labels[i].label);
  return table;
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  KefuAuditEntry *e = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  Column col = GPOINTER_TO_UINT (user_data);
  g_autofree char *text = NULL;

  switch (col)
    {
    case COL_ID:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, kefu_audit_entry_get_id (e));
      break;
    case COL_AT:
      text = kefu_audit_entry_get_at (e) > 0 ? kefu_format_time (kefu_audit_entry_get_at (e), "%Y-%m-%d %H:%M:%S") : NULL;
      break;
    case COL_USER:
      /* Translators: the audit log's user column for what no one signed in did (the scheduled checks) */
      text = g_strdup (kefu_audit_entry_get_user_name (e) != NULL ? kefu_audit_entry_get_user_name (e) : _("System"));
      break;
    case COL_ACTION:
      text = g_strdup (kefu_audit_entry_get_action (e) != NULL ? kefu_audit_action_label (kefu_audit_entry_get_action (e))
                                                            : _("(removed)"));
      break;
    case COL_SUBJECT:
      if (kefu_audit_entry_get_subject_table (e) != NULL)
        text = kefu_audit_entry_get_subject_id (e) > 0
               ? g_strdup_printf ("%s #%" G_GINT64_FORMAT, subject_label (kefu_audit_entry_get_subject_table (e)),
                                  kefu_audit_entry_get_subject_id (e))
               : g_strdup (subject_label (kefu_audit_entry_get_subject_table (e)));
      break;
    case COL_DETAIL:
      text = g_strdup (kefu_audit_entry_get_detail (e));
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (label, text != NULL ? text : "");
}

static void
add_column (KefuAuditWindow *self,
            Column           col,
            const char      *title,
            int              width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  /* each column's factory: the column is its callbacks' data */
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GUINT_TO_POINTER (col));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GUINT_TO_POINTER (col));
  column = gtk_column_view_column_new (title, g_object_ref (factory));
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  else
    gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
}

/* A check of the whole chain against the anchor file beside the database. */
typedef struct {
  char *anchor_path;
  char *text;         /* what the check found */
} Verify;

static void
verify_free (Verify *v)
{
  g_free (v->anchor_path);
  g_free (v->text);
  g_free (v);
}

static gboolean
verify_work (KefuStore     *reader,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Verify *v = data;
  g_autoptr(GError) anchor_error = NULL;
  KefuAuditHead anchor, head;
  gboolean have_anchor;
  gint64 broken;

  have_anchor = kefu_audit_read_anchor (v->anchor_path, &anchor, &anchor_error);
  if (!have_anchor && !g_error_matches (anchor_error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_NO_ANCHOR))
    {
      g_propagate_error (error, g_steal_pointer (&anchor_error));
      return FALSE;
    }
  if (!kefu_audit_verify (reader, have_anchor ? &anchor : NULL, &head, &broken, error))
    return FALSE;
  {
    g_autofree char *described = kefu_audit_head_describe (&head);
    v->text = have_anchor || head.last_id == 0
              ? g_strdup_printf (_("The chain and its anchor hold: %s."), described)
              : g_strdup_printf (_("The chain holds (%s), but there is no anchor beside the database yet to check its end against."),
                                 described);
  }
  return TRUE;
}

static void
verify_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Verify *v = kefu_loader_load_finish (result, verify_done_cb, &error);
  KefuAuditWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KEFU_AUDIT_WINDOW (object);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", TRUE);
  if (v != NULL)
    show_status (self, v->text, "success");
  else
    show_status (self, error->message, "error");
  if (v != NULL)
    verify_free (v);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuAuditWindow *self = KEFU_AUDIT_WINDOW (widget);
  Verify *v = g_new0 (Verify, 1);

  show_status (self, _("Verifying every entry…"), NULL);
  gtk_widget_action_set_enabled (widget, "audit.verify", FALSE);
  v->anchor_path = kefu_audit_anchor_path (self->store);
  kefu_loader_load_async (self->verifier, self, self->store, verify_work, v, (GDestroyNotify) verify_free,
                          verify_done_cb, verify_done_cb, NULL);
}

static void
kefu_audit_window_dispose (GObject *object)
{
  KefuAuditWindow *self = (KefuAuditWindow *)object;

  if (self->verifier != NULL)
    kefu_loader_cancel (self->verifier);
  g_clear_object (&self->verifier);
  g_clear_object (&self->entries);
  g_clear_object (&self->store);
  g_clear_pointer (&self->user_ids, g_array_unref);
  g_clear_pointer (&self->actions, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_AUDIT_WINDOW);
  G_OBJECT_CLASS (kefu_audit_window_parent_class)->dispose (object);
}

static void
kefu_audit_window_class_init (KefuAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_audit_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuAuditWindow, title);
  gtk_widget_class_bind_template_child (widget_class, KefuAuditWindow, user_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KefuAuditWindow, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KefuAuditWindow, from_entry);
  gtk_widget_class_bind_template_child (widget_class, KefuAuditWindow, to_entry);
  gtk_widget_class_bind_template_child (widget_class, KefuAuditWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, KefuAuditWindow, column_view);
  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_audit_window_init (KefuAuditWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->verifier = kefu_loader_new ();
  /* Translators: the audit log's columns */
  add_column (self, COL_ID, _("No."), 70);
  add_column (self, COL_AT, _("Time"), 160);
  add_column (self, COL_USER, _("User"), 100);
  add_column (self, COL_ACTION, _("Action"), 220);
  add_column (self, COL_SUBJECT, _("Subject"), 130);
  add_column (self, COL_DETAIL, _("Detail"), -1);
  g_signal_connect_swapped (self->user_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->action_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->from_entry, "activate", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->to_entry, "activate", G_CALLBACK (filter_changed_cb), self);
}

/* The filters' choices: everyone and each user; every action in the log. */
static gboolean
fill_filters (KefuAuditWindow  *self,
              KefuStore        *store,
              GError          **error)
{
  g_autoptr(GListStore) users = kefu_desk_list_users (store, error);
  g_auto(GStrv) actions = NULL;
  g_autoptr(GtkStringList) user_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) action_names = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  gint64 everyone = 0;

  if (users == NULL || (actions = kefu_audit_list_actions (store, error)) == NULL)
    return FALSE;
  self->user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (user_names, _("Everyone"));
  g_array_append_val (self->user_ids, everyone);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (users), i);
      gint64 id = kefu_user_get_id (u);

      gtk_string_list_append (user_names, kefu_user_get_name (u));
      g_array_append_val (self->user_ids, id);
    }
  gtk_string_list_append (action_names, _("Every action"));
  g_strv_builder_add (codes, "");
  for (guint i = 0; actions[i] != NULL; i++)
    {
      gtk_string_list_append (action_names, kefu_audit_action_label (actions[i]));
      g_strv_builder_add (codes, actions[i]);
    }
  self->actions = g_strv_builder_end (codes);
  gtk_drop_down_set_model (self->user_dropdown, G_LIST_MODEL (user_names));
  gtk_drop_down_set_model (self->action_dropdown, G_LIST_MODEL (action_names));
  return TRUE;
}

KefuAuditWindow *
kefu_audit_window_new (GtkWindow  *parent,
                       KefuStore  *store,
                       GError    **error)
{
  KefuAuditWindow *self;
  g_autoptr(GListModel) probe = NULL;

  /* the core decides who may read it */
  probe = kefu_audit_list (store, &(KefuAuditFilter) { .from = 1, .to = 1 }, error);
  if (probe == NULL)
    return NULL;
  /* owned by GTK, like any toplevel */
  self = g_object_new (KEFU_TYPE_AUDIT_WINDOW, "transient-for", parent, NULL);
  if (!fill_filters (self, store, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  self->store = g_object_ref (store);
  reload (self);
  return self;
}

GListModel *
kefu_audit_window_get_entries (KefuAuditWindow *self)
{
  g_return_val_if_fail (KEFU_IS_AUDIT_WINDOW (self), NULL);
  return self->entries;
}
