/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket-list.c — the ticket list as a lazily paged GListModel
 *
 * Holds only the ids of the current query (8 bytes a ticket) and a cache
 * of pages of KefuTicket objects, loaded when a row scrolls into view.
 * The query itself runs on a worker thread with its own connection
 * (opened there: on a server the connect may wait), in two steps read
 * from one snapshot: the first page with its rows (a walk down an index,
 * a few milliseconds even at a million tickets; on a server one
 * statement, kefu_desk_query_first_tickets()) is shown at once, then the
 * whole id list follows (tens of milliseconds at a million) and only the
 * rows after the first page are added.
 */
#include "config.h"

#include <string.h>

#include "kefu-desk.h"
#include "kefu-query.h"
#include "kefu-store-private.h"
#include "kefu-ticket-list.h"

#define PAGE_SIZE 64
/* The first page of ids, shown while the rest are found (unless a view
 * says how many rows it shows at first: kefu_ticket_list_new_sized()). */
#define FIRST_PAGE PAGE_SIZE
#define MAX_CACHED_PAGES 64

struct _KefuTicketList
{
  GObject       parent_instance;

  KefuStore    *store;
  GArray       *ids;          /* gint64, newest first */
  GHashTable   *pages;        /* page number → GPtrArray of KefuTicket */
  GCancellable *cancellable;
  GError       *error;
  KefuTicketQuery query;     /* strings owned, see query_set() */
  guint         first_page;   /* ids shown before the rest are found, until rows are first shown */
  GArray       *held;         /* the rest of the ids, in but held back (kefu_ticket_list_hold_rest) */
  guint         loading : 1;
  guint         partial : 1;  /* only the first page of ids is in yet */
  guint         hold_rest : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KefuTicketList, kefu_ticket_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum { PROP_0, PROP_LOADING, PROP_N_ITEMS, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { REST_HELD, N_SIGNALS };
static guint signals[N_SIGNALS];

static GType
kefu_ticket_list_get_item_type (GListModel *model)
{
  return KEFU_TYPE_TICKET;
}

static guint
kefu_ticket_list_get_n_items (GListModel *model)
{
  return KEFU_TICKET_LIST (model)->ids->len;
}

static gpointer
kefu_ticket_list_get_item (GListModel *model,
                           guint       position)
{
  KefuTicketList *self = KEFU_TICKET_LIST (model);
  guint page_no = position / PAGE_SIZE;
  GPtrArray *page;

  if (position >= self->ids->len)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page_no));
  if (page == NULL)
    {
      g_autoptr(GError) error = NULL;
      guint first = page_no * PAGE_SIZE;
      guint count = MIN (PAGE_SIZE, self->ids->len - first);

      if (g_hash_table_size (self->pages) >= MAX_CACHED_PAGES)
        g_hash_table_remove_all (self->pages);
      page = kefu_desk_load_tickets (self->store,
                                     &g_array_index (self->ids, gint64, first),
                                     count, &error);
      if (page == NULL)
        {
          /* A ticket removed behind our back: show an empty row, not a crash. */
          g_warning ("Cannot load tickets %u–%u: %s", first, first + count, error->message);
          return g_object_new (KEFU_TYPE_TICKET, NULL);
        }
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page_no), page);
    }
  return g_object_ref (g_ptr_array_index (page, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kefu_ticket_list_get_item_type;
  iface->get_n_items = kefu_ticket_list_get_n_items;
  iface->get_item = kefu_ticket_list_get_item;
}

static void
query_clear (KefuTicketQuery *q)
{
  g_free ((char *) q->search);
  g_free ((char *) q->status);
  g_free ((char *) q->kind);
  g_free ((char *) q->subtype);
  g_free ((char *) q->channel);
  g_free ((char *) q->sort);
  memset (q, 0, sizeof *q);
}

static void
query_copy (KefuTicketQuery       *to,
            const KefuTicketQuery *from)
{
  *to = *from;
  to->search = g_strdup (from->search);
  to->status = g_strdup (from->status);
  to->kind = g_strdup (from->kind);
  to->subtype = g_strdup (from->subtype);
  to->channel = g_strdup (from->channel);
  to->sort = g_strdup (from->sort);
}

static gboolean
query_equal (const KefuTicketQuery *a,
             const KefuTicketQuery *b)
{
  return g_strcmp0 (a->search, b->search) == 0 && g_strcmp0 (a->status, b->status) == 0 &&
         g_strcmp0 (a->kind, b->kind) == 0 && g_strcmp0 (a->channel, b->channel) == 0 &&
         g_strcmp0 (a->subtype, b->subtype) == 0 && a->weekday == b->weekday && a->hour == b->hour &&
         a->response_from_min == b->response_from_min && a->response_to_min == b->response_to_min &&
         g_strcmp0 (a->sort, b->sort) == 0 && a->level == b->level && a->building_id == b->building_id &&
         a->agent_id == b->agent_id && a->team_id == b->team_id && a->owner_id == b->owner_id &&
         a->from == b->from && a->to == b->to && a->overdue == b->overdue && a->due_soon == b->due_soon &&
         a->flagged == b->flagged && a->follow_up_due == b->follow_up_due &&
         a->recurring == b->recurring && a->ascending == b->ascending;
}

static void
kefu_ticket_list_dispose (GObject *object)
{
  KefuTicketList *self = (KefuTicketList *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_ticket_list_parent_class)->dispose (object);
}

static void
kefu_ticket_list_finalize (GObject *object)
{
  KefuTicketList *self = (KefuTicketList *)object;

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->held, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_error (&self->error);
  query_clear (&self->query);
  G_OBJECT_CLASS (kefu_ticket_list_parent_class)->finalize (object);
}

static void
kefu_ticket_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KefuTicketList *self = KEFU_TICKET_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->ids->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kefu_ticket_list_class_init (KefuTicketListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kefu_ticket_list_dispose;
  object_class->finalize = kefu_ticket_list_finalize;
  object_class->get_property = kefu_ticket_list_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The rest of the ids is in and held back (kefu_ticket_list_hold_rest()):
   * the first page stays alone until the hold is let go. */
  signals[REST_HELD] =
    g_signal_new ("rest-held", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kefu_ticket_list_init (KefuTicketList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

typedef struct {
  KefuReaderSpec  *spec;         /* the worker's connection, opened there */
  KefuTicketQuery  query;
  KefuTicketList  *list;         /* for the first page; only touched in the main context */
  GMainContext    *context;
  guint            first_page;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_clear_pointer (&data->spec, kefu_reader_spec_free);
  g_clear_object (&data->list);
  g_clear_pointer (&data->context, g_main_context_unref);
  query_clear (&data->query);
  g_free (data);
}

static void
set_loading (KefuTicketList *self,
             gboolean        loading)
{
  if (self->loading == !!loading)
    return;
  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

typedef struct {
  KefuTicketList *list;
  GCancellable   *cancellable;
  GArray         *ids;
  GPtrArray      *rows;         /* the first page's tickets, in the ids' order */
} FirstPage;

/* The worker's result: the ids, and the first rows read with the first
 * page when that was the whole list (NULL otherwise) */
typedef struct {
  GArray    *ids;
  GPtrArray *rows;
} Result;

static void
result_free (Result *result)
{
  g_clear_pointer (&result->ids, g_array_unref);
  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_free (result);
}

static GArray *
ids_of (GPtrArray *tickets)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), tickets->len);

  for (guint i = 0; i < tickets->len; i++)
    {
      gint64 id = kefu_ticket_get_id (g_ptr_array_index (tickets, i));

      g_array_append_val (ids, id);
    }
  return ids;
}

/* The rows read with the ids (the first ones, in order) become the
 * cache's first pages, so showing them asks nothing more; a last page
 * short of PAGE_SIZE rows is kept only if it ends the list. */
static void
cache_rows (KefuTicketList *self,
            GPtrArray      *rows)
{
  for (guint first = 0; rows != NULL && first < rows->len; first += PAGE_SIZE)
    {
      guint count = MIN (PAGE_SIZE, rows->len - first);
      GPtrArray *page;

      if (count < PAGE_SIZE && first + count < self->ids->len)
        break;
      page = g_ptr_array_new_full (count, g_object_unref);
      for (guint i = 0; i < count; i++)
        g_ptr_array_add (page, g_object_ref (g_ptr_array_index (rows, first + i)));
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (first / PAGE_SIZE), page);
    }
}

/* Replaces the ids (and the pages with @rows, the first ones read with
 * them, if any) and tells the views: one change over the whole list. The
 * rows go in first, since the views ask for them when told. */
static void
swap_ids (KefuTicketList *self,
          GArray         *ids,
          GPtrArray      *rows)
{
  guint old_n = self->ids->len;

  g_array_unref (self->ids);
  self->ids = ids;
  g_hash_table_remove_all (self->pages);
  cache_rows (self, rows);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, ids->len);
  if (old_n != ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
first_page_cb (gpointer user_data)
{
  FirstPage *page = user_data;
  KefuTicketList *self = page->list;

  /* still the current query? */
  if (!g_cancellable_is_cancelled (page->cancellable) && self->cancellable == page->cancellable)
    {
      self->partial = TRUE;
      self->first_page = FIRST_PAGE;
      g_clear_error (&self->error);
      swap_ids (self, g_steal_pointer (&page->ids), page->rows);
    }
  g_clear_pointer (&page->ids, g_array_unref);
  g_clear_pointer (&page->rows, g_ptr_array_unref);
  g_object_unref (page->cancellable);
  g_object_unref (page->list);
  g_free (page);
  return G_SOURCE_REMOVE;
}


static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  g_autoptr(KefuStore) reader = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GArray *ids = NULL;
  gboolean snapshot;

  /* the worker's own connection, opened here: on a server its connect
   * may wait for a host gone silent (until connect_timeout), never the
   * window's thread */
  reader = kefu_reader_spec_open (data->spec, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* both steps read the same snapshot, so the first page is the whole
   * list's first page */
  snapshot = kefu_store_begin_read (reader, NULL);
  rows = kefu_desk_query_first_tickets (reader, &data->query, data->first_page, cancellable, &error);
  if (rows != NULL)
    ids = ids_of (rows);
  if (ids != NULL && ids->len == data->first_page)
    {
      FirstPage *page = g_new0 (FirstPage, 1);

      page->list = g_object_ref (data->list);
      page->cancellable = g_object_ref (cancellable);
      page->ids = ids;
      page->rows = g_steal_pointer (&rows);
      /* always from the list's own context, never here: not
       * g_main_context_invoke(), which runs the function in this thread
       * when the context is free at that moment */
      {
        GSource *idle = g_idle_source_new ();

        g_source_set_priority (idle, G_PRIORITY_DEFAULT);
        g_source_set_callback (idle, first_page_cb, page, NULL);
        g_source_set_static_name (idle, "[kefu] ticket list first page");
        g_source_attach (idle, data->context);
        g_source_unref (idle);
      }
      ids = kefu_desk_query_ticket_ids (reader, &data->query, cancellable, &error);
    }
  /* else: fewer than a page is the whole list, its rows read with it */
  if (snapshot)
    kefu_store_end_read (reader);
  /* The connection belongs to this thread: close it here. */
  g_clear_object (&reader);
  if (ids == NULL)
    g_task_return_error (task, error);
  else
    {
      Result *result = g_new0 (Result, 1);

      result->ids = ids;
      result->rows = g_steal_pointer (&rows);
      g_task_return_pointer (task, result, (GDestroyNotify) result_free);
    }
}

/* @ids: the whole list, whose start is the first page shown: the first
 * page stays (with its rows, its selection); the rest is added */
static void
add_rest (KefuTicketList *self,
          GArray         *ids)
{
  guint old_n = self->ids->len;

  g_array_unref (self->ids);
  self->ids = ids;
  /* a first page shorter than a page left its last page short:
   * read again with the rest */
  if (old_n % PAGE_SIZE != 0)
    g_hash_table_remove (self->pages, GUINT_TO_POINTER (old_n / PAGE_SIZE));
  self->partial = FALSE;
  set_loading (self, FALSE);
  if (ids->len > old_n)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, ids->len - old_n);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KefuTicketList *self = KEFU_TICKET_LIST (object);
  g_autoptr(GError) error = NULL;
  Result *res;
  GArray *ids;

  res = g_task_propagate_pointer (G_TASK (result), &error);
  if (res == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;   /* a newer query replaced this one */
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_warning ("Ticket query failed: %s", self->error->message);
      self->partial = FALSE;
      set_loading (self, FALSE);
      return;
    }

  ids = g_steal_pointer (&res->ids);
  g_clear_error (&self->error);
  self->first_page = FIRST_PAGE;
  if (self->partial && ids->len >= self->ids->len &&
      memcmp (ids->data, self->ids->data, self->ids->len * sizeof (gint64)) == 0)
    {
      if (self->hold_rest)
        {
          g_clear_pointer (&self->held, g_array_unref);
          self->held = ids;
          result_free (res);
          g_signal_emit (self, signals[REST_HELD], 0);
          return;
        }
      add_rest (self, ids);
      result_free (res);
      return;
    }
  self->partial = FALSE;
  set_loading (self, FALSE);
  swap_ids (self, ids, res->rows);
  result_free (res);
}

/* Runs the current query again (after a change, or a new search). */
void
kefu_ticket_list_reload (KefuTicketList *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  QueryData *data;

  g_return_if_fail (KEFU_IS_TICKET_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->held, g_array_unref);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (QueryData, 1);
  data->spec = kefu_store_get_reader_spec (self->store, &error);
  data->list = g_object_ref (self);
  data->context = g_main_context_ref_thread_default ();
  data->first_page = self->first_page;
  query_copy (&data->query, &self->query);

  task = g_task_new (self, self->cancellable, query_done_cb, NULL);
  g_task_set_source_tag (task, kefu_ticket_list_reload);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  if (data->spec == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_loading (self, TRUE);
  g_task_run_in_thread (task, query_thread);
}

KefuTicketList *
kefu_ticket_list_new (KefuStore *store)
{
  return kefu_ticket_list_new_sized (store, FIRST_PAGE);
}

/* A list whose first page (the ids shown at once, before the rest are
 * found) is @first_page long until its first rows are shown: what its view
 * shows at first, since a list view makes a row for every item it has up
 * to 200, seen or not. Later reloads (a refresh, a search) read pages of
 * 64, so that a refresh scrolled down a little keeps its place while the
 * rest are read. */
KefuTicketList *
kefu_ticket_list_new_sized (KefuStore *store,
                            guint      first_page)
{
  return kefu_ticket_list_new_for_query (store, first_page, NULL);
}

/* The same with @query (NULL: every ticket, newest first) set before the
 * list is first read: one query, not a first one that a later
 * kefu_ticket_list_set_query() would throw away. */
KefuTicketList *
kefu_ticket_list_new_for_query (KefuStore             *store,
                                guint                  first_page,
                                const KefuTicketQuery *query)
{
  KefuTicketList *self;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  g_return_val_if_fail (first_page > 0, NULL);

  self = g_object_new (KEFU_TYPE_TICKET_LIST, NULL);
  self->store = g_object_ref (store);
  self->first_page = first_page;
  if (query != NULL)
    query_copy (&self->query, query);
  kefu_ticket_list_reload (self);
  return self;
}

/* Replaces the whole query (filters, search, order) and reloads if it changed. */
void
kefu_ticket_list_set_query (KefuTicketList        *self,
                            const KefuTicketQuery *query)
{
  KefuTicketQuery copy;

  g_return_if_fail (KEFU_IS_TICKET_LIST (self));

  if (query_equal (&self->query, query))
    return;
  /* @query may borrow strings from self->query: copy before freeing */
  query_copy (&copy, query);
  query_clear (&self->query);
  self->query = copy;
  kefu_ticket_list_reload (self);
}

void
kefu_ticket_list_set_search (KefuTicketList *self,
                             const char     *search)
{
  KefuTicketQuery q = self->query;

  q.search = search;
  kefu_ticket_list_set_query (self, &q);
}

const char *
kefu_ticket_list_get_search (KefuTicketList *self)
{
  return self->query.search;
}

void
kefu_ticket_list_set_status (KefuTicketList *self,
                             const char     *status)
{
  KefuTicketQuery q = self->query;

  q.status = status;
  kefu_ticket_list_set_query (self, &q);
}

gboolean
kefu_ticket_list_get_loading (KefuTicketList *self)
{
  return self->loading;
}

/* Stops the query in progress: its first page and its result are dropped
 * (for a view going away; the list keeps what it shows). */
void
kefu_ticket_list_stop (KefuTicketList *self)
{
  g_return_if_fail (KEFU_IS_TICKET_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->held, g_array_unref);
}

/* While @hold, the rest of the list (after its first page) is held back
 * when it comes in ("rest-held"), and added when the hold is let go: a
 * view keeps its first frame to the rows it shows, the others (which a
 * list view makes, up to 200, seen or not) a frame later. */
void
kefu_ticket_list_hold_rest (KefuTicketList *self,
                            gboolean        hold)
{
  g_return_if_fail (KEFU_IS_TICKET_LIST (self));

  self->hold_rest = !!hold;
  if (!hold && self->held != NULL)
    add_rest (self, g_steal_pointer (&self->held));
}

/* TRUE when the rest of the list is in and held back. */
gboolean
kefu_ticket_list_get_rest_held (KefuTicketList *self)
{
  g_return_val_if_fail (KEFU_IS_TICKET_LIST (self), FALSE);
  return self->held != NULL;
}

/* TRUE while only the first page is in: the list is being counted. */
gboolean
kefu_ticket_list_get_partial (KefuTicketList *self)
{
  return self->partial;
}

const GError *
kefu_ticket_list_get_error (KefuTicketList *self)
{
  return self->error;
}

/* Where a ticket is in the current list, or G_MAXUINT when the query
 * does not show it. */
guint
kefu_ticket_list_get_position (KefuTicketList *self,
                               gint64          ticket_id)
{
  const gint64 *ids = (const gint64 *) self->ids->data;

  for (guint i = 0; i < self->ids->len; i++)
    if (ids[i] == ticket_id)
      return i;
  return G_MAXUINT;
}

const KefuTicketQuery *
kefu_ticket_list_get_query (KefuTicketList *self)
{
  return &self->query;
}
