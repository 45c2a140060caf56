/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-lifecycle.c — the ticket's states and the moves between them */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-lifecycle.h"

static const struct { const char *from; const char *to[7]; } moves[] = {
  { "new",        { "dispatched", "resolved", "on_hold", "cancelled", NULL } },
  { "dispatched", { "accepted", "on_hold", "cancelled", "new", NULL } },
  { "accepted",   { "on_site", "on_hold", "cancelled", NULL } },
  { "on_site",    { "resolved", "on_hold", "cancelled", NULL } },
  { "on_hold",    { "new", "dispatched", "accepted", "on_site", "reopened", "cancelled", NULL } },
  { "resolved",   { "closed", "reopened", NULL } },
  { "reopened",   { "dispatched", "resolved", "on_hold", "cancelled", NULL } },
  { "closed",     { "reopened", NULL } },
  { "cancelled",  { NULL } },
};

const char **
kefu_lifecycle_next_states (const char *from)
{
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (g_strcmp0 (moves[i].from, from) == 0)
      return (const char **) moves[i].to;
  return NULL;
}

gboolean
kefu_lifecycle_can_move (const char *from,
                         const char *to)
{
  const char **next = kefu_lifecycle_next_states (from);

  return next != NULL && to != NULL && g_strv_contains (next, to);
}

gboolean
kefu_lifecycle_needs_reason (const char *to)
{
  return g_strcmp0 (to, "on_hold") == 0 || g_strcmp0 (to, "cancelled") == 0;
}

const char *
kefu_fact_label (KefuFacts fact)
{
  switch (fact)
    {
    case KEFU_FACT_ADDRESS: return _("address");
    case KEFU_FACT_UNIT: return _("unit");
    case KEFU_FACT_NEED: return _("what is needed");
    case KEFU_FACT_URGENCY: return _("urgency");
    case KEFU_FACT_CONTACT: return _("contact phone");
    default: return "";
    }
}

/* "unit, contact phone" */
char *
kefu_facts_describe_missing (KefuFacts missing)
{
  GString *s = g_string_new (NULL);

  for (KefuFacts f = KEFU_FACT_ADDRESS; f <= KEFU_FACT_CONTACT; f <<= 1)
    if (missing & f)
      {
        if (s->len > 0)
          /* Translators: separates items of a list, e.g. "unit, urgency" */
          g_string_append (s, _(", "));
        g_string_append (s, kefu_fact_label (f));
      }
  return g_string_free (s, FALSE);
}

gboolean
kefu_text_has_emotion (const char *text,
                       const char *words)
{
  g_auto(GStrv) list = NULL;

  if (text == NULL)
    return FALSE;
  list = g_strsplit_set (words != NULL ? words : KEFU_DEFAULT_EMOTION_WORDS, ",，\n", -1);
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_strstrip (list[i]);
      if (*list[i] != '\0' && strstr (text, list[i]) != NULL)
        return TRUE;
    }
  return FALSE;
}

static const struct { const char *phrase; const char *suggestion; } taboo[] = {
  { "这不是我的事", N_("I will get the colleague in charge to help you and call you back shortly.") },
  { "不是我的事", N_("I will get the colleague in charge to help you and call you back shortly.") },
  { "按规定不能办", N_("The rules make this difficult, so let us look together at what else we can do.") },
  { "与我无关", N_("I will follow this up for you myself.") },
  { "跟我没关系", N_("I will follow this up for you myself.") },
  { "我不知道", N_("Let me check that for you right away and get back to you.") },
  { "你自己看着办", N_("Here are a few options; please tell me which suits you.") },
  { "爱住不住", N_("I fully understand how you feel, and we will do our best to solve this.") },
};

/* Every taboo phrase in @text, left to right; a longer phrase wins over
 * one it contains. */
GArray *
kefu_text_find_taboo (const char *text)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (KefuTabooMatch));
  gsize len;

  if (text == NULL)
    return matches;
  len = strlen (text);
  for (gsize pos = 0; pos < len; )
    {
      const KefuTabooMatch *best = NULL;
      KefuTabooMatch m = { 0 };

      for (guint i = 0; i < G_N_ELEMENTS (taboo); i++)
        {
          gsize plen = strlen (taboo[i].phrase);
          if (plen <= len - pos && memcmp (text + pos, taboo[i].phrase, plen) == 0 &&
              (best == NULL || plen > best->length))
            {
              m.offset = pos;
              m.length = plen;
              m.phrase = taboo[i].phrase;
              m.suggestion = _(taboo[i].suggestion);
              best = &m;
            }
        }
      if (best != NULL)
        {
          g_array_append_val (matches, m);
          pos += m.length;
        }
      else
        pos = g_utf8_next_char (text + pos) - text;
    }
  return matches;
}

/* 标准话术 an agent inserts into notes and replies. */
const char * const *
kefu_standard_phrases (void)
{
  static const char *phrases[] = {
    N_("Hello, property service center. How can I help you?"),
    N_("I fully understand how you feel; we will deal with it right away."),
    N_("Your request is logged; the ticket number is %s. A technician will contact you shortly."),
    N_("When would be a convenient time for us to come?"),
    N_("Thank you for waiting. The problem has been fixed; are you satisfied with the result?"),
    N_("We are very sorry for the inconvenience."),
    NULL
  };
  return phrases;
}

/* Fire, injury and gas are level 1; entrapment, flooding and wide outages
 * level 2; the rest level 3. The agent confirms. */
int
kefu_suggest_level (const char *kind,
                    const char *subtype,
                    const char *description)
{
  static const char *level1[] = { "火", "冒烟", "燃气", "煤气", "受伤", "伤亡", "昏迷", NULL };
  static const char *level2[] = { "困人", "被困", "关在电梯", "停水", "停电", "水淹", "爆管", "跑水", NULL };

  for (guint i = 0; description != NULL && level1[i] != NULL; i++)
    if (strstr (description, level1[i]) != NULL)
      return 1;
  for (guint i = 0; description != NULL && level2[i] != NULL; i++)
    if (strstr (description, level2[i]) != NULL)
      return 2;
  if (g_strcmp0 (subtype, "fire") == 0)
    return 2;
  return 3;
}
