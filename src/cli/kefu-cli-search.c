/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-search.c — kefu-cli search (the tickets matching a query)
 */
#include "config.h"

#include "kefu-cli-private.h"

/* The first line of a description, at most @max characters. */
static char *
first_line (const char *text,
            glong       max)
{
  const char *end = text != NULL ? strchr (text, '\n') : NULL;
  g_autofree char *line = text == NULL ? g_strdup ("")
                          : end != NULL ? g_strndup (text, end - text) : g_strdup (text);

  if (g_utf8_strlen (line, -1) > max)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, max - 1);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&line);
}

int
cmd_search (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  KefuTicketQuery q = { NULL, NULL };
  guint64 limit = 50;
  gboolean count = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--count"))
        count = TRUE;
      else if (g_str_equal (argv[i], "--limit") && i + 1 < argc)
        {
          if (!parse_uint (argv[++i], G_MAXUINT32, &limit))
            {
              g_printerr (_("search: --limit takes a whole number, not “%s”.\n"), argv[i]);
              return 2;
            }
        }
      else if (g_str_equal (argv[i], "--help"))
        {
          g_print ("%s\n", _("Usage: kefu-cli [--db FILE] search QUERY [--limit N] [--count]"));
          return 0;
        }
      else if (g_str_has_prefix (argv[i], "--"))
        {
          g_printerr (_("search: unknown option “%s”.\n"), argv[i]);
          return 2;
        }
      else
        g_string_append_printf (query, "%s%s", query->len ? " " : "", argv[i]);
    }
  if (query->len == 0)
    {
      g_printerr ("%s\n", _("search: say what to look for, e.g. kefu-cli search 漏水"));
      return 2;
    }

  /* the lines show places and descriptions: someone answers for reading them */
  store = open_store_to_read_as (db_path, "search");
  if (store == NULL)
    return 1;
  q.search = query->str;
  if (count)
    {
      /* the number alone: on a file whose tickets are in creation order,
       * the search index's own count (kefu_desk_count_tickets()) */
      gint64 n = kefu_desk_count_tickets (store, &q, &error);

      if (n < 0)
        return fail_with (error);
      g_print ("%" G_GINT64_FORMAT "\n", n);
      return 0;
    }
  ids = kefu_desk_query_ticket_ids (store, &q, NULL, &error);
  if (ids == NULL)
    return fail_with (error);
  for (guint start = 0; start < MIN (ids->len, limit); start += 256)
    {
      guint n = MIN (256, MIN (ids->len, limit) - start);
      g_autoptr(GPtrArray) tickets = kefu_desk_load_tickets (store, &g_array_index (ids, gint64, start), n, &error);

      if (tickets == NULL)
        return fail_with (error);
      for (guint i = 0; i < tickets->len; i++)
        {
          KefuTicket *t = tickets->pdata[i];
          g_autofree char *masked = kefu_mask_phones_in_text (kefu_ticket_get_description (t));
          g_autofree char *line = first_line (masked, 40);

          g_print ("%s\t%s\t%s\t%s\n", kefu_ticket_get_number (t),
                   kefu_code_label (KEFU_CODES_STATUS, kefu_ticket_get_status (t)),
                   kefu_ticket_get_location (t), line);
        }
    }
  return 0;
}
