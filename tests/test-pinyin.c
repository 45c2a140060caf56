/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pinyin.c — names in pinyin read character by character give
 * exactly what ICU gives for the whole name (kefu-pinyin.c)
 *
 * kefu_pinyin() puts a name of Han characters together from each
 * character's reading, ICU's reading of it alone taken at build time
 * (kefu-pinyin-table.c), instead of asking ICU for the whole name. These cases compare both ways over every character of the CJK
 * basic block alone and in sequences, names of common surnames and given
 * names, and text that must still go to ICU, and check that ICU's
 * Han-Latin rules read no other character by its context.
 */
#include "config.h"

#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "kefu-pinyin.h"
#include "kefu-pinyin-private.h"

#define HAN_FIRST 0x4E00
#define HAN_LAST  0x9FFF

/* both ways, whole and initials, the same */
static void
assert_same (const char *name)
{
  for (int initials = 0; initials < 2; initials++)
    {
      g_autofree char *icu = kefu_pinyin_read (name, initials, FALSE);
      g_autofree char *by_character = kefu_pinyin_read (name, initials, TRUE);

      if (g_strcmp0 (icu, by_character) != 0)
        g_error ("“%s”%s: ICU gives “%s”, character by character “%s”",
                 name, initials ? " (initials)" : "", icu, by_character);
    }
}

static char *
han_string (const gunichar *chars,
            guint           n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_unichar (s, chars[i]);
  return g_string_free (s, FALSE);
}

/* What the rules say: apart from the pass that spaces Han characters
 * (::Han-Spacedhan), each rule reads a set of characters with no context
 * ([…] > syllable;), or is one that reads a character by what follows it
 * ({c}… > syllable;), and that character is one kefu_pinyin() does not
 * read alone. */
static void
test_rules (void)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar id[16];
  UTransliterator *t;
  g_autofree UChar *rules = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  int32_t n, n_context = 0, n_sets = 0;

  u_uastrcpy (id, "Han-Latin");
  t = utrans_openU (id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
  g_assert_true (U_SUCCESS (status));
  n = utrans_toRules (t, FALSE, NULL, 0, &status);
  status = U_ZERO_ERROR;
  rules = g_new0 (UChar, n + 1);
  utrans_toRules (t, FALSE, rules, n + 1, &status);
  g_assert_true (U_SUCCESS (status));
  utrans_close (t);
  text = g_utf16_to_utf8 ((const gunichar2 *) rules, n, NULL, NULL, NULL);
  g_assert_nonnull (text);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *open = strchr (line, '{'), *close = strchr (line, '}');

      if (*line == '\0' || strcmp (line, "::Han-Spacedhan();") == 0)
        continue;
      if (open == NULL && close == NULL && line[0] == '[' && strstr (line, "] > ") != NULL &&
          g_str_has_suffix (line, ";"))
        {
          n_sets++;
          continue;
        }
      if (open == line && close != NULL)
        {
          /* {c}' '?f > reading: c is read differently when f follows it
           * (with the space the pass before puts between them) */
          gunichar c = g_utf8_get_char (open + 1), f;
          const char *after = close + 1;

          if (g_utf8_next_char (open + 1) != close || !g_str_has_prefix (after, "' '?"))
            g_error ("a rule of ICU's Han-Latin kefu_pinyin() does not know: “%s”", line);
          after += strlen ("' '?");
          f = g_utf8_get_char (after);
          if (!g_str_has_prefix (g_utf8_next_char (after), " > "))
            g_error ("a rule of ICU's Han-Latin kefu_pinyin() does not know: “%s”", line);
          if (kefu_pinyin_reads_alone (c, f))
            g_error ("ICU reads a character by the one after it (“%s”), but kefu_pinyin() reads it alone", line);
          /* and followed by anything else, alone */
          g_assert_true (kefu_pinyin_reads_alone (c, 0));
          g_assert_true (kefu_pinyin_reads_alone (c, 0x4E00));
          n_context++;
          continue;
        }
      g_error ("a rule of ICU's Han-Latin kefu_pinyin() does not know: “%s”", line);
    }
  g_assert_cmpint (n_context, ==, 4);
  g_assert_cmpint (n_sets, >, 1000);
  /* what the four read differently */
  assert_same ("藏文");
  assert_same ("重庆");
  assert_same ("沈阳");
  assert_same ("秘鲁");
  {
    g_autofree char *zang = kefu_pinyin ("藏文", FALSE);
    g_autofree char *cang = kefu_pinyin ("藏族", FALSE);

    g_assert_cmpstr (zang, ==, "zangwen");
    g_assert_cmpstr (cang, ==, "cangzu");
  }
}

/* every character of the block alone, and after each of the four that
 * ICU reads by the character after them */
static void
test_every_character (void)
{
  guint n_alone = 0;

  for (gunichar c = HAN_FIRST; c <= HAN_LAST; c++)
    {
      g_autofree char *s = han_string (&c, 1);

      assert_same (s);
      n_alone += kefu_pinyin_reads_alone (c, 0);
    }
  for (gunichar c = HAN_FIRST; c <= HAN_LAST; c++)
    {
      static const gunichar four[] = { 0x85CF, 0x91CD, 0x6C88, 0x79D8 };   /* 藏重沈秘 */

      for (guint i = 0; i < G_N_ELEMENTS (four); i++)
        {
          gunichar pair[2] = { four[i], c };
          g_autofree char *s = han_string (pair, 2);

          assert_same (s);
        }
    }
  /* nearly all, not the four read by their context (nor the few ICU
   * leaves as they are) */
  g_assert_cmpuint (n_alone, >, 20000);
  g_assert_false (kefu_pinyin_reads_alone (0x85CF, 0x6587));   /* 藏文 */
  g_assert_false (kefu_pinyin_reads_alone (0x91CD, 0x5E86));   /* 重庆 */
  g_assert_false (kefu_pinyin_reads_alone (0x6C88, 0x9633));   /* 沈阳 */
  g_assert_false (kefu_pinyin_reads_alone (0x79D8, 0x9C81));   /* 秘鲁 */
  g_assert_true (kefu_pinyin_reads_alone (0x6C88, 0x4F1F));    /* 沈伟 */
}

/* every character in sequences of two, three and four, each next to
 * others in every place (a shuffled order, the same each run) */
static void
test_sequences (void)
{
  guint n = HAN_LAST - HAN_FIRST + 1;
  g_autofree gunichar *order = g_new (gunichar, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (21);

  for (guint i = 0; i < n; i++)
    order[i] = HAN_FIRST + i;
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1);
      gunichar c = order[i];

      order[i] = order[j];
      order[j] = c;
    }
  for (guint len = 2; len <= 4; len++)
    for (guint start = len == 2 ? 0 : 1; start + len <= n; start += len == 2 ? 1 : len)
      {
        g_autofree char *s = han_string (order + start, len);

        assert_same (s);
      }
}

/* names: common surnames with one or two given characters */
static void
test_names (void)
{
  static const char surnames[] =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢"
    "姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万钱戴严莫孔向常汤康"
    "易乔赖文施洪庄傅章鲁岳单区仇查解朴盖缪翟覃乐种秘柏召谌员冼句";
  static const char given[] =
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志鹏辉宇浩然欣怡子涵梓轩雨婷晨曦思远嘉豪"
    "佳琪俊杰淑珍秀英文博海燕春梅德胜永安宏伟晓东丽娟凤莲新民阳庆鲁藏重";
  static const char *const whole[] = {
    "尉迟恭", "长孙无忌", "万俟卨", "曾国藩", "单雄信", "李建国", "王师傅", "张海涛", "宋国庆",
    "沈阳", "沈阳阳", "张沈阳", "藏文文", "重重庆", "秘秘鲁", "沈伟", "张重", "藏", "重庆市", "秘鲁人",
  };
  g_autofree gunichar *s = g_utf8_to_ucs4 (surnames, -1, NULL, NULL, NULL);
  g_autofree gunichar *g = g_utf8_to_ucs4 (given, -1, NULL, NULL, NULL);
  glong ns = g_utf8_strlen (surnames, -1), ng = g_utf8_strlen (given, -1);

  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    assert_same (whole[i]);
  for (glong a = 0; a < ns; a++)
    for (glong b = 0; b < ng; b++)
      {
        gunichar name[3] = { s[a], g[b], g[(a + b) % ng] };
        g_autofree char *two = han_string (name, 2);
        g_autofree char *three = han_string (name, 3);

        assert_same (two);
        assert_same (three);
      }
  {
    g_autofree char *pinyin = kefu_pinyin ("张海涛", FALSE);
    g_autofree char *initials = kefu_pinyin ("张海涛", TRUE);
    g_autofree char *zeng = kefu_pinyin ("曾国藩", FALSE);

    g_assert_cmpstr (pinyin, ==, "zhanghaitao");
    g_assert_cmpstr (initials, ==, "zht");
    g_assert_cmpstr (zeng, ==, "zengguofan");
  }
}

/* text that is not only basic-block Han characters goes to ICU whole */
static void
test_other_text (void)
{
  static const char *const texts[] = {
    "张 三", " 张三 ", "张-三", "张·三", "张三Smith", "Anna张", "张Ａ", "ＡＢ", "张3", "3号楼张",
    "张，三", "张。三", "（张三）", "张三（业主）", "㐀张", "张㐀", "豈張", "𠀀张", "张兙", "兙兙",
    "龦张", "ｱ张", "藏 文", "藏。文", "重 庆", "Zhang San", "", "   ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_same (texts[i]);
  g_assert_null (kefu_pinyin (NULL, FALSE));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/pinyin/icu-rules", test_rules);
  g_test_add_func ("/core/pinyin/every-character", test_every_character);
  g_test_add_func ("/core/pinyin/sequences", test_sequences);
  g_test_add_func ("/core/pinyin/names", test_names);
  g_test_add_func ("/core/pinyin/other-text", test_other_text);
  return g_test_run ();
}
