/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-import.c — importing tickets as a service center would */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kefu-choice.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-enums.h"
#include "kefu-export.h"
#include "kefu-import-private.h"
#include "kefu-kpi.h"
#include "kefu-pinyin.h"
#include "kefu-safe-file.h"
#include "kefu-store-private.h"
#include "kefu-test-util.h"
#include "kefu-test-import.h"

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = kefu_test_path (&f->dir, name);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static KefuImportReport *
import_with (Fixture                 *f,
             const char              *name,
             const char              *contents,
             const KefuImportOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, name, contents, -1);
  KefuImportReport *report = kefu_import_tickets (f->store, path, options, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static KefuImportReport *
import (Fixture    *f,
        const char *contents)
{
  return import_with (f, "tickets.csv", contents, NULL);
}

static char *
query_text (Fixture    *f,
            const char *sql)
{
  return kefu_test_row_text (f->other, sql);
}

/* The first problem on @line, formatted as the CLI prints it */
static char *
problem_on (KefuImportReport *report,
            guint             line)
{
  for (guint i = 0; i < kefu_import_report_get_n_problems (report); i++)
    {
      const KefuImportProblem *p = kefu_import_report_get_problem (report, i);
      if (p->line == line)
        return kefu_import_problem_format (p);
    }
  return NULL;
}

/* Whether some problem on @line says @text */
static gboolean
has_problem (KefuImportReport *report,
             guint             line,
             const char       *text)
{
  for (guint i = 0; i < kefu_import_report_get_n_problems (report); i++)
    {
      const KefuImportProblem *p = kefu_import_report_get_problem (report, i);
      if (p->line == line && strstr (p->message, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Row counts of every table, to show that nothing changed */
static char *
snapshot (Fixture *f)
{
  const char * const *tables = kefu_store_table_names ();
  GString *s = g_string_new (NULL);

  for (guint i = 0; tables[i] != NULL; i++)
    g_string_append_printf (s, "%s=%" G_GINT64_FORMAT " ", tables[i],
                            kefu_store_count_rows (f->store, tables[i], NULL));
  return g_string_free (s, FALSE);
}

/* Spreadsheets show the Chinese name of every code, and a file with those
 * names imports back to the same codes. */
static void
test_chinese_names (Fixture       *f,
                    gconstpointer  data)
{
  static const KefuCodeList lists[] = {
    KEFU_CODES_CHANNEL, KEFU_CODES_KIND, KEFU_CODES_SUBTYPE, KEFU_CODES_STATUS, KEFU_CODES_LEVEL,
  };
  static const char *const column[] = { "channel", "kind", "subtype", "status", "level" };
  g_autoptr(GString) file = g_string_new ("number,created_at,location,description,channel,kind,subtype,status,level,"
                                          "resolved_at,closed_at,cancelled_at\n");
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *pairs = NULL;
  guint most = 0;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      guint n;
      kefu_codes (lists[l], &n);
      most = MAX (most, n);
    }
  for (guint i = 0; i < most; i++)
    {
      g_string_append_printf (file, "GD%u,2026-11-25 09:30,3栋502,测试", i);
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        {
          guint n;
          const KefuCode *codes = kefu_codes (lists[l], &n);
          const char *code = codes[i % n].code;
          const char *name = kefu_import_chinese_name (lists[l], code);

          /* A name of its own, in Chinese (“APP” is what people write). */
          g_assert_cmpstr (name, !=, code);
          g_assert_true (!g_str_is_ascii (name) || g_str_equal (name, "APP"));
          g_string_append_printf (file, ",%s", name);
        }
      {
        /* the times a status needs (a closed ticket was resolved first) */
        guint n;
        /* (n is set by the call: read it after, never in the same expression) */
        const KefuCode *statuses = kefu_codes (KEFU_CODES_STATUS, &n);
        const char *status = statuses[i % n].code;
        gboolean closed = g_str_equal (status, "closed");

        g_string_append_printf (file, ",%s,%s,%s",
                                closed || g_str_equal (status, "resolved") ? "2026-11-25 09:40" : "",
                                closed ? "2026-11-25 09:50" : "",
                                g_str_equal (status, "cancelled") ? "2026-11-25 09:45" : "");
      }
      g_string_append_c (file, '\n');
    }
  report = import (f, file->str);
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 0);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, most);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(DISTINCT %s) FROM tickets", column[l]);
      guint n;

      kefu_codes (lists[l], &n);
      g_assert_cmpint (query_int (f, sql), ==, n);
    }
  pairs = query_text (f, "SELECT channel || ',' || kind || ',' || status FROM tickets WHERE number = 'GD4'");
  g_assert_cmpstr (pairs, ==, "patrol,praise,resolved");
}

/* CSV ------------------------------------------------------------------- */

static void
test_utf8_bom_crlf (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *location = NULL, *description = NULL, *phone = NULL;

  report = import (f, "\xef\xbb\xbf" HEADER
                   "GD202611250001,2026-11-25 09:30,phone,repair,plumbing_electrical,3,3栋,502,,王芳,13812345678,卫生间天花板漏水,new,陈静\r\n"
                   "GD202611250002,2026-11-25T01:30:00Z,wechat,inquiry,fees,3,,,物业中心,李强,13900001111,停车费怎么交,dispatched,陈静\r\n");

  /* The BOM is not part of the first column's name: no unknown column. */
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 0);
  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpstr (kefu_import_report_get_encoding (report), ==, "UTF-8");
  g_assert_cmpuint (kefu_import_report_get_n_rows (report), ==, 2);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 2);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets"), ==, 2);
  /* Local time and ISO 8601 with Z name the same moment. */
  g_assert_cmpint (query_int (f, "SELECT created_at FROM tickets WHERE number = 'GD202611250001'"), ==, NINE_THIRTY);
  g_assert_cmpint (query_int (f, "SELECT created_at FROM tickets WHERE number = 'GD202611250002'"), ==, NINE_THIRTY);
  location = query_text (f, "SELECT location FROM tickets WHERE number = 'GD202611250001'");
  g_assert_cmpstr (location, ==, "3栋502");
  /* CRLF is not part of the last field. */
  description = query_text (f, "SELECT description FROM tickets WHERE number = 'GD202611250001'");
  g_assert_cmpstr (description, ==, "卫生间天花板漏水");
  phone = query_text (f, "SELECT contact_phone FROM tickets WHERE number = 'GD202611250001'");
  g_assert_cmpstr (phone, ==, "13812345678");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets WHERE status = 'dispatched' AND channel = 'wechat'"), ==, 1);
}

static const char chinese_file[] =
  "工单号,创建时间,渠道,类型,子类型,级别,楼栋,房号,业主姓名,业主电话,描述,状态\r\n"
  "GD202611250001,2026-11-25 09:30,电话,报修,水电,二级,3栋,502,王芳,13812345678,卫生间天花板漏水，楼上水管破裂,已派单\r\n";

static void
test_gb18030 (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  g_autoptr(KefuImportReport) forced = NULL;
  g_autofree char *gb = NULL, *path = NULL, *description = NULL;
  KefuImportOptions utf8 = { KEFU_IMPORT_ENCODING_UTF8, FALSE, FALSE };
  gsize len;

  /* What Chinese Excel writes when asked for "CSV". */
  gb = g_convert (chinese_file, -1, "GB18030", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (gb, len, NULL));
  path = write_file (f, "excel.csv", gb, len);

  /* Insisting on UTF-8 refuses it, saying where and what to do. */
  forced = kefu_import_tickets (f->store, path, &utf8, NULL, NULL, NULL, &error);
  g_assert_null (forced);
  g_assert_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "excel.csv"));
  g_assert_nonnull (strstr (error->message, "GB18030"));
  g_clear_error (&error);

  report = kefu_import_tickets (f->store, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kefu_import_report_get_encoding (report), ==, "GB18030");
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 0);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 1);
  description = query_text (f, "SELECT description FROM tickets");
  g_assert_cmpstr (description, ==, "卫生间天花板漏水，楼上水管破裂");
}

static void
test_quoted_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *description = NULL, *location = NULL, *problem = NULL;
  KefuImportOptions skip = { KEFU_IMPORT_ENCODING_AUTO, TRUE, FALSE };

  report = import_with (f, "quoted.csv", HEADER
                        "GD1,2026-11-25 09:30,phone,repair,,3,3栋,502,\"3栋502, 阳台\",王芳,13812345678,"
                        "\"漏水, 很急：业主说\"\"马上来\"\"\r\n第二行\",new,陈静\r\n"
                        "GD2,2026-11-25 09:31,phone,repair,,5,3栋,502,,王芳,13812345678,\"水管\n爆裂\n了\",new,陈静\r\n"
                        "GD3,2026-11-25 09:32,phone,repair,,7,3栋,502,,王芳,13812345678,还是漏,new,陈静\r\n",
                        &skip);

  g_assert_cmpuint (kefu_import_report_get_n_rows (report), ==, 3);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 1);
  description = query_text (f, "SELECT description FROM tickets WHERE number = 'GD1'");
  g_assert_cmpstr (description, ==, "漏水, 很急：业主说\"马上来\"\n第二行");
  location = query_text (f, "SELECT location FROM tickets WHERE number = 'GD1'");
  g_assert_cmpstr (location, ==, "3栋502, 阳台");
  /* Lines are the file's physical lines: GD1 takes lines 2–3, GD2 lines
   * 4–6, so GD3 is on line 7. */
  problem = problem_on (report, 4);
  g_assert_cmpstr (problem, ==, "Line 4, column “level”: “5” is not a level (use 1, 2 or 3)");
  g_clear_pointer (&problem, g_free);
  problem = problem_on (report, 7);
  g_assert_cmpstr (problem, ==, "Line 7, column “level”: “7” is not a level (use 1, 2 or 3)");
}

static void
test_unclosed_quote (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "broken.csv", HEADER
                                      "GD1,2026-11-25 09:30,phone,repair,,3,3栋,502,,王芳,,\"漏水,new,陈静\r\n", -1);
  g_autoptr(KefuImportReport) report = kefu_import_tickets (f->store, path, NULL, NULL, NULL, NULL, &error);

  g_assert_null (report);
  g_assert_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "line 2"));
}

/* Headers and values --------------------------------------------------- */

static void
test_chinese_headers_and_values (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *row = NULL;

  report = import (f,
    "工单号,描述,创建时间,渠道,类型,子类型,级别,项目,楼栋,房号,业主姓名,业主电话,状态,首问客服,班组,维修师傅,"
    "首次响应时间,派单时间,接单时间,到场时间,处理完成时间,关闭时间,满意度,重开次数\n"
    "GD1,电梯异响,2026-11-25 09:30,微信,报修,电梯,一级,翠湖花园,3栋,502,王芳,138-1234-5678,已派单,陈静,特种设备组,李建国,"
    "2026-11-25 09:35,2026-11-25 09:40,,,,,,0\n"
    "GD2,物业费怎么交,2026/11/25 9:31,APP,咨询,收费缴费,三级 · 一般,翠湖花园,3栋,502,王芳,13812345678,待回访,陈静,,,"
    "2026-11-25 09:35,,,,2026-11-25 10:00,,,\n"
    "GD3,感谢李师傅,2026-11-25 09:32,现场,表扬,服务态度,3,翠湖花园,3栋,502,王芳,13812345678,已回访,陈静,,,"
    ",,,,2026-11-25 10:00,2026-11-25 11:00,5,1\n"
    "GD4,楼道堆杂物,2026-11-25 09:33,巡查,投诉,保洁绿化,二级,翠湖花园,3栋,,,,挂起,陈静,,,"
    ",,,,,,,\n");

  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 1);   /* GD4 has no place */
  g_clear_object (&report);

  report = import (f,
    "工单号,描述,创建时间,渠道,类型,子类型,级别,项目,楼栋,房号,位置,业主姓名,业主电话,状态,首问客服,班组,维修师傅,"
    "首次响应时间,派单时间,接单时间,到场时间,处理完成时间,关闭时间,满意度,重开次数\n"
    "GD1,电梯异响,2026-11-25 09:30,微信,报修,电梯,一级,翠湖花园,3栋,502,,王芳,138-1234-5678,已派单,陈静,特种设备组,李建国,"
    "2026-11-25 09:35,2026-11-25 09:40,,,,,,0\n"
    "GD2,物业费怎么交,2026/11/25 9:31,APP,咨询,收费缴费,三级 · 一般,翠湖花园,3栋,502,,王芳,13812345678,待回访,陈静,,,"
    "2026-11-25 09:35,,,,2026-11-25 10:00,,,\n"
    "GD3,感谢李师傅,2026-11-25 09:32,现场,表扬,服务态度,3,翠湖花园,3栋,502,,王芳,13812345678,已回访,陈静,,,"
    ",,,,2026-11-25 10:00,2026-11-25 11:00,5,1\n"
    "GD4,楼道堆杂物,2026-11-25 09:33,巡查,投诉,保洁绿化,二级,翠湖花园,3栋,,3栋 楼道,,,挂起,陈静,,,"
    ",,,,,,,\n");
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 0);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 4);

  row = query_text (f,
      "SELECT group_concat(number || ':' || channel || '/' || kind || '/' || subtype || '/' || level || '/' || status, ' ') "
      "FROM (SELECT * FROM tickets ORDER BY number) AS t");
  g_assert_cmpstr (row, ==,
                   "GD1:wechat/repair/elevator/1/dispatched GD2:app/inquiry/fees/3/resolved "
                   "GD3:walk_in/praise/service/3/closed GD4:patrol/complaint/environment/2/on_hold");
  /* Dashes in the phone are dropped: the same owner, found by phone. */
  g_assert_cmpint (query_int (f, "SELECT count(DISTINCT owner_id) FROM tickets WHERE owner_id IS NOT NULL"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM owners WHERE phone = '13812345678'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT dispatched_at - created_at FROM tickets WHERE number = 'GD1'"), ==, 600);
  g_assert_cmpint (query_int (f, "SELECT satisfaction * 10 + reopen_count FROM tickets WHERE number = 'GD3'"), ==, 51);
}

static void
test_unknown_column (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  const KefuImportProblem *p;
  g_autofree char *text = NULL;

  report = import (f, "created_at,channel,kind,备注,location,description\r\n"
                      "2026-11-25 09:30,phone,repair,老客户,3栋502,漏水\r\n");

  /* Reported, but not in the way. */
  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 1);
  p = kefu_import_report_get_problem (report, 0);
  g_assert_cmpuint (p->line, ==, 1);
  g_assert_cmpstr (p->column, ==, "备注");
  g_assert_cmpint (p->severity, ==, KEFU_IMPORT_SEVERITY_WARNING);
  text = kefu_import_problem_format (p);
  g_assert_true (g_str_has_prefix (text, "Line 1, column “备注”: "));
  /* Without a number column, the ticket gets one like the desk's. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets WHERE number = 'GD202611250001'"), ==, 1);
}

static void
test_generated_numbers (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *numbers = NULL;

  /* Rows without a number get the desk's kind, never one the file gives later. */
  report = import (f, "number,created_at,channel,kind,location,description\n"
                      ",2026-11-25 09:30,phone,repair,3栋502,a\n"
                      "GD202611250001,2026-11-25 09:31,phone,repair,3栋502,b\n"
                      ",2026-11-25 09:32,phone,repair,3栋502,c\n");
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 0);
  numbers = query_text (f, "SELECT group_concat(description || '=' || number, ' ') FROM (SELECT * FROM tickets ORDER BY id) AS t");
  g_assert_cmpstr (numbers, ==, "a=GD202611250002 b=GD202611250001 c=GD202611250003");
}

/* The numbers an import takes are the day's as a desk's intake sees them
 * (on a server the day's counter, server migration 30): a refused import
 * takes none, the file's own are not given again, and the next ticket
 * logged at a desk that day follows them. */
static void
test_numbers_then_intake (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KefuImportReport) refused = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  g_autoptr(KefuTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *numbers = NULL;
  gint64 building, unit, id;

  refused = import (f, "number,created_at,channel,kind,location,description\n"
                       ",2026-11-25 09:30,phone,repair,3栋502,refused\n"
                       ",2026-11-25 09:31,phone,plumbing,3栋502,bad\n");
  g_assert_cmpint (kefu_import_report_get_outcome (refused), ==, KEFU_IMPORT_OUTCOME_REFUSED);
  report = import (f, "number,created_at,channel,kind,building,unit,description\n"
                      ",2026-11-25 09:30,phone,repair,3栋,502,a\n"
                      "GD202611250005,2026-11-25 09:31,phone,repair,3栋,502,b\n");
  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_IMPORTED);
  numbers = query_text (f, "SELECT group_concat(description || '=' || number, ' ') FROM (SELECT * FROM tickets ORDER BY id) AS t");
  g_assert_cmpstr (numbers, ==, "a=GD202611250001 b=GD202611250005");

  building = query_int (f, "SELECT id FROM buildings WHERE name = '3栋'");
  unit = query_int (f, "SELECT id FROM units WHERE name = '502'");
  kefu_store_set_actor (f->store, kefu_test_row_int (f->store, "INSERT INTO users (login, name, role, created_at) "
                                                               "VALUES ('desk1', '前台小王', 'agent', 0) RETURNING id"));
  {
    KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 2, building, unit, NULL, 0,
                          "王女士", "13912345678", "厨房水管漏水", 0 };

    id = kefu_desk_create_ticket (f->store, &d, &error);
    g_assert_no_error (error);
  }
  ticket = kefu_desk_get_ticket (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kefu_ticket_get_number (ticket), ==, "GD202611250006");
}

/* On a server, a person's desk (phones masked) imports as that person
 * (#20): the server refuses what their role may not (an agent making an
 * estate: nothing written), an owner is found by the full phone the role
 * cannot read, and an agent named in the file who is no person on the
 * server is a row problem. */
static void
test_as_a_person (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) desk = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *login = g_strdup_printf ("import_agent_%d", (int) getpid ());
  g_autofree char *sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '前台小周', 'agent', 'import-password-1')",
                                          login);
  g_autofree char *path = write_file (f, "tickets.csv", "created_at,channel,kind,location,description\n"
                                                        "2026-11-25 09:30,phone,repair,3栋502,漏水\n", -1);
  g_autofree char *path2 = write_file (f, "tickets2.csv",
                                       "created_at,channel,kind,location,description,owner_name,owner_phone,agent\n"
                                       "2026-11-25 09:30,phone,repair,3栋502,漏水,王芳,138-0000-1111,\n"
                                       "2026-11-25 10:30,phone,repair,3栋503,噪音,王芳,13800001111,不在服务器上的人\n", -1);
  g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", login);
  const KefuImportProblem *problem;
  KefuImportOptions skip = { KEFU_IMPORT_ENCODING_AUTO, TRUE, FALSE };
  gint64 owner;

  if (!kefu_test_engine_is_server (data))
    {
      g_test_skip ("a file has no signed-in person");
      return;
    }
  g_assert_cmpint (kefu_test_row_int (f->store, sql), >, 0);
  desk = kefu_store_open_as (f->db_path, login, "import-password-1", &error);
  g_assert_no_error (error);
  g_assert_true (kefu_store_masks_phones (desk));

  /* no estate yet: making one is a supervisor's; the server refuses, nothing written */
  report = kefu_import_tickets (desk, path, NULL, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets"), ==, 0);

  /* with the estate there: the owner by the whole number, the unknown agent a row problem */
  g_assert_cmpint (kefu_test_row_int (f->store, "INSERT INTO estates (name, created_at) VALUES ('测试苑', 0) RETURNING id"),
                   >, 0);
  owner = kefu_test_row_int (f->store, "INSERT INTO owners (name, phone, created_at) VALUES ('王芳', '13800001111', 0) "
                                       "RETURNING id");
  report = kefu_import_tickets (desk, path2, &skip, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_bad (report), ==, 1);
  problem = kefu_import_report_get_problem (report, 0);
  g_assert_cmpuint (problem->line, ==, 3);
  g_assert_cmpstr (problem->column, ==, "agent");
  g_assert_nonnull (strstr (problem->message, "不在服务器上的人"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT owner_id FROM tickets"), ==, owner);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM owners"), ==, 1);
  g_clear_object (&desk);
  g_clear_object (&f->other);
  g_clear_object (&f->store);
  kefu_test_engine_close (data, &f->db_path);
  {
    g_autoptr(GError) local = NULL;
    g_autoptr(KefuEngine) admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &local);

    g_assert_no_error (local);
    g_assert_true (kefu_engine_exec (admin, drop, &local));
    g_assert_no_error (local);
  }
}

/* Rows that are refused ------------------------------------------------ */

static void
test_bad_level (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  const KefuImportProblem *p;

  report = import (f, "工单号,创建时间,渠道,类型,级别,位置,描述\n"
                      "GD1,2026-11-25 09:30,电话,报修,1,3栋502,漏水\n"
                      "GD2,2026-11-25 09:30,电话,报修,5,3栋502,漏水\n");

  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_REFUSED);
  g_assert_cmpuint (kefu_import_report_get_n_bad (report), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 1);
  p = kefu_import_report_get_problem (report, 0);
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_cmpstr (p->column, ==, "级别");   /* as the file calls it */
  g_assert_cmpint (p->severity, ==, KEFU_IMPORT_SEVERITY_ERROR);
  g_assert_cmpstr (p->message, ==, "“5” is not a level (use 1, 2 or 3)");
}

static void
test_bad_date (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL;

  report = import (f, "number,created_at,channel,kind,location,description,resolved_at\n"
                      "GD1,2026-13-01 09:30,phone,repair,3栋502,漏水,\n"
                      "GD2,昨天下午,phone,repair,3栋502,漏水,\n"
                      "GD3,2026-02-29 09:30,phone,repair,3栋502,漏水,\n"
                      "GD4,2026-11-25 09:30,phone,repair,3栋502,漏水,2026-11-25 09:00\n");

  g_assert_cmpuint (kefu_import_report_get_n_bad (report), ==, 4);
  p2 = problem_on (report, 2);
  g_assert_cmpstr (p2, ==, "Line 2, column “created_at”: “2026-13-01 09:30” is not a date and time "
                           "(use YYYY-MM-DD HH:MM, e.g. 2026-11-25 09:30)");
  p3 = problem_on (report, 3);
  g_assert_nonnull (strstr (p3, "“昨天下午” is not a date and time"));
  p4 = problem_on (report, 4);   /* 2026 is not a leap year */
  g_assert_nonnull (strstr (p4, "“2026-02-29 09:30” is not a date and time"));
  p5 = problem_on (report, 5);
  g_assert_cmpstr (p5, ==, "Line 5, column “resolved_at”: “2026-11-25 09:00” is before the ticket was created "
                           "(2026-11-25 09:30).");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets"), ==, 0);
}

static void
test_missing_required (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *p2 = NULL, *p3 = NULL, *p4 = NULL;
  guint on_line_2 = 0;

  report = import (f, "created_at,channel,kind,building,unit,location,description\n"
                      "2026-11-25 09:30,phone,,3栋,502,,\n"
                      "2026-11-25 09:30,phone,repair,3栋,,,漏水\n"
                      "2026-11-25 09:30,phone,repair,,502,,漏水\n");
  g_assert_cmpuint (kefu_import_report_get_n_bad (report), ==, 3);
  for (guint i = 0; i < kefu_import_report_get_n_problems (report); i++)
    on_line_2 += kefu_import_report_get_problem (report, i)->line == 2;
  g_assert_cmpuint (on_line_2, ==, 2);   /* kind and description, each said */
  p2 = problem_on (report, 2);
  g_assert_cmpstr (p2, ==, "Line 2, column “kind”: The value is missing; every row needs one.");
  p3 = problem_on (report, 3);
  g_assert_cmpstr (p3, ==, "Line 3, column “location”: The ticket has no place: give “location”, or both “building” and “unit”.");
  p4 = problem_on (report, 4);
  g_assert_cmpstr (p4, ==, "Line 4, column “unit”: “502” is a unit, but the row gives no building (column “building”).");

  /* A file without a required column is not a ticket file at all. */
  path = write_file (f, "no-kind.csv", "created_at,channel,location,description\n2026-11-25 09:30,phone,3栋502,漏水\n", -1);
  g_assert_null (kefu_import_tickets (f->store, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER);
  g_assert_nonnull (strstr (error->message, "“kind” (or “类型”)"));
  g_assert_nonnull (strstr (error->message, "no-kind.csv"));
}

static void
test_duplicate_number (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KefuImportReport) first = NULL;
  g_autoptr(KefuImportReport) second = NULL;
  g_autofree char *twice = NULL, *in_db = NULL;

  first = import_with (f, "first.csv", "number,created_at,channel,kind,location,description\n"
                                       "GD1,2026-11-25 09:30,phone,repair,3栋502,漏水\n", NULL);
  g_assert_cmpuint (kefu_import_report_get_n_imported (first), ==, 1);

  second = import_with (f, "second.csv", "number,created_at,channel,kind,location,description\n"
                                         "GD2,2026-11-25 09:30,phone,repair,3栋502,漏水\n"
                                         "GD2,2026-11-25 09:31,phone,repair,3栋502,又漏了\n"
                                         "GD1,2026-11-25 09:32,phone,repair,3栋502,还漏\n", NULL);
  g_assert_cmpint (kefu_import_report_get_outcome (second), ==, KEFU_IMPORT_OUTCOME_REFUSED);
  twice = problem_on (second, 3);
  g_assert_cmpstr (twice, ==, "Line 3, column “number”: Ticket number “GD2” is also on line 2.");
  in_db = problem_on (second, 4);
  g_assert_cmpstr (in_db, ==, "Line 4, column “number”: Ticket number “GD1” is already in the database.");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets"), ==, 1);
}

static const char mixed_file[] =
  "number,created_at,channel,kind,estate,building,unit,owner_name,owner_phone,description,agent,team,technician\n"
  "GD1,2026-11-25 09:30,phone,repair,锦绣苑,1栋,101,张三,13800000001,漏水,新客服,水电组,王师傅\n"
  "GD2,2026-11-25 09:31,phone,repair,锦绣苑,2栋,201,李四,13800000002,停电,新客服,水电组,王师傅\n"
  "GD3,2026-11-25 09:32,phone,plumbing,锦绣苑,2栋,202,王五,13800000003,跳闸,新客服,水电组,王师傅\n"
  "GD4,2026-11-25 09:33,phone,repair,锦绣苑,3栋,301,赵六,13800000004,门锁坏了,新客服,水电组,李师傅\n";

static void
test_all_or_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KefuImportReport) seed = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *before = NULL, *after = NULL, *problem = NULL;

  seed = import_with (f, "seed.csv", "number,created_at,channel,kind,location,description\n"
                                     "GD0,2026-11-24 09:30,phone,repair,3栋502,漏水\n", NULL);
  before = snapshot (f);

  report = import (f, mixed_file);
  after = snapshot (f);

  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_REFUSED);
  g_assert_cmpuint (kefu_import_report_get_n_good (report), ==, 3);
  g_assert_cmpuint (kefu_import_report_get_n_bad (report), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 0);
  problem = problem_on (report, 4);
  g_assert_nonnull (strstr (problem, "“plumbing” is not a kind of ticket"));
  /* One bad row: not a ticket, building, owner or user more. */
  g_assert_cmpstr (after, ==, before);
}

static void
test_skip_bad (Fixture       *f,
               gconstpointer  data)
{
  KefuImportOptions skip = { KEFU_IMPORT_ENCODING_AUTO, TRUE, FALSE };
  g_autoptr(KefuImportReport) report = import_with (f, "mixed.csv", mixed_file, &skip);

  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 3);
  g_assert_cmpuint (kefu_import_report_get_n_skipped (report), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_problem (report, 0)->line, ==, 4);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets WHERE number IN ('GD1', 'GD2', 'GD4')"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets WHERE number = 'GD3'"), ==, 0);
  /* The bad row's unit and owner were not created. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM units WHERE name = '202'"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM owners WHERE name = '王五'"), ==, 0);
}

static void
test_dry_run (Fixture       *f,
              gconstpointer  data)
{
  KefuImportOptions dry = { KEFU_IMPORT_ENCODING_AUTO, TRUE, TRUE };
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *before = snapshot (f), *after = NULL;

  report = import_with (f, "mixed.csv", mixed_file, &dry);
  after = snapshot (f);

  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_DRY_RUN);
  g_assert_cmpstr (after, ==, before);
  /* The report is an exact preview of what an import would do. */
  g_assert_cmpuint (kefu_import_report_get_n_good (report), ==, 3);
  g_assert_cmpuint (kefu_import_report_get_n_bad (report), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 0);
  g_assert_cmpuint (kefu_import_report_get_n_created (report, KEFU_IMPORT_CREATED_ESTATES), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_created (report, KEFU_IMPORT_CREATED_BUILDINGS), ==, 3);
  g_assert_cmpuint (kefu_import_report_get_n_created (report, KEFU_IMPORT_CREATED_OWNERS), ==, 3);
  g_assert_cmpuint (kefu_import_report_get_n_created (report, KEFU_IMPORT_CREATED_TECHNICIANS), ==, 2);
}

/* What an import adds around the tickets ------------------------------- */

static void
test_creates_missing_entities (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(KefuImportReport) first = NULL;
  g_autoptr(KefuImportReport) second = NULL;
  g_autofree char *estate = NULL, *role = NULL;
  KefuImportOptions skip = { KEFU_IMPORT_ENCODING_AUTO, TRUE, FALSE };

  /* No estate named: a new database gets 默认项目. */
  first = import_with (f, "first.csv",
      "number,created_at,channel,kind,building,unit,owner_name,owner_phone,description,agent,team,technician\n"
      "GD1,2026-11-25 09:30,phone,repair,1栋,101,张三,13800000001,漏水,新客服,水电组,王师傅\n"
      "GD2,2026-11-25 09:31,phone,repair,1栋,102,张三,13800000001,他家楼下也漏,新客服,水电组,王师傅\n"
      "GD3,2026-11-25 09:32,wechat,repair,1栋,101,张三,,门锁坏了,刘洋,,王师傅\n"
      "GD4,2026-11-25 09:33,wechat,repair,1栋,101,张小三,13800000009,代业主报修,刘洋,,\n", &skip);
  g_assert_cmpuint (kefu_import_report_get_n_problems (first), ==, 0);
  estate = query_text (f, "SELECT group_concat(name) FROM estates");
  g_assert_cmpstr (estate, ==, "默认项目");
  g_assert_cmpuint (kefu_import_report_get_n_created (first, KEFU_IMPORT_CREATED_ESTATES), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_created (first, KEFU_IMPORT_CREATED_BUILDINGS), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_created (first, KEFU_IMPORT_CREATED_UNITS), ==, 2);
  /* 张三 by phone on GD2, by name in 1栋101 on GD3; 张小三 is another person. */
  g_assert_cmpuint (kefu_import_report_get_n_created (first, KEFU_IMPORT_CREATED_OWNERS), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(DISTINCT owner_id) FROM tickets WHERE number IN ('GD1','GD2','GD3')"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM owner_units ou JOIN owners o ON o.id = ou.owner_id WHERE o.name = '张三'"), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_created (first, KEFU_IMPORT_CREATED_USERS), ==, 2);
  role = query_text (f, "SELECT group_concat(role || ':' || CASE WHEN login <> '' THEN 1 ELSE 0 END, ',') FROM users");
  g_assert_cmpstr (role, ==, "agent:1,agent:1");
  g_assert_cmpuint (kefu_import_report_get_n_created (first, KEFU_IMPORT_CREATED_TEAMS), ==, 1);
  /* GD3 names 王师傅 without a team: the one already known. */
  g_assert_cmpuint (kefu_import_report_get_n_created (first, KEFU_IMPORT_CREATED_TECHNICIANS), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(DISTINCT technician_id) FROM tickets WHERE technician_id IS NOT NULL"), ==, 1);

  /* A second file reuses everything that exists: the only estate, too. */
  second = import_with (f, "second.csv",
      "number,created_at,channel,kind,building,unit,owner_name,owner_phone,description,agent,team,technician\n"
      "GD5,2026-11-25 10:30,phone,repair,1栋,101,张三,13800000001,又漏了,新客服,水电组,王师傅\n"
      "GD6,2026-11-25 10:31,phone,repair,2栋,201,李四,13800000002,停电,新客服,水电组,陈志强\n"
      "GD7,2026-11-25 10:32,phone,repair,,,,,3栋 大堂灯坏,新客服,,赵师傅\n", &skip);
  g_assert_cmpuint (kefu_import_report_get_n_imported (second), ==, 2);
  g_assert_cmpuint (kefu_import_report_get_n_created (second, KEFU_IMPORT_CREATED_ESTATES), ==, 0);
  g_assert_cmpuint (kefu_import_report_get_n_created (second, KEFU_IMPORT_CREATED_BUILDINGS), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_created (second, KEFU_IMPORT_CREATED_OWNERS), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_created (second, KEFU_IMPORT_CREATED_USERS), ==, 0);
  g_assert_cmpuint (kefu_import_report_get_n_created (second, KEFU_IMPORT_CREATED_TECHNICIANS), ==, 1);
  /* A technician nobody knows, without a team, cannot be placed. */
  g_assert_true (has_problem (second, 4, "“赵师傅” is not a technician Kefu knows"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM estates"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM users"), ==, 2);
}

static void
test_estate_from_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *estates = NULL;

  /* A new database: rows without an estate go with the one the file names. */
  report = import (f, "created_at,channel,kind,estate,building,unit,description\n"
                      "2026-11-25 09:30,phone,repair,锦绣苑,1栋,101,漏水\n"
                      "2026-11-25 09:31,phone,repair,,1栋,101,又漏了\n");
  g_assert_cmpuint (kefu_import_report_get_n_created (report, KEFU_IMPORT_CREATED_ESTATES), ==, 1);
  g_assert_cmpuint (kefu_import_report_get_n_created (report, KEFU_IMPORT_CREATED_BUILDINGS), ==, 1);
  estates = query_text (f, "SELECT group_concat(name) FROM (SELECT DISTINCT e.name FROM tickets t JOIN estates e ON e.id = t.estate_id) AS d");
  g_assert_cmpstr (estates, ==, "锦绣苑");
}

static void
test_searchable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GListStore) events = NULL;
  g_autoptr(GError) error = NULL;
  KefuTicketQuery query = { "推拉门", NULL };
  g_autoptr(KefuTicketEvent) created = NULL;

  report = import_with (f, "history-2025.csv",
                        "number,created_at,channel,kind,location,owner_name,owner_phone,description,status,closed_at\n"
                        "GD1,2026-11-25 09:30,phone,repair,3栋502,王芳,13812345678,阳台推拉门轨道变形卡住,closed,2026-11-25 09:50\n"
                        "GD2,2026-11-25 09:31,phone,repair,3栋502,王芳,13812345678,卫生间漏水,closed,2026-11-25 09:51\n", NULL);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 2);

  ids = kefu_desk_query_ticket_ids (f->store, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, kefu_desk_find_ticket (f->store, "GD1"));
  g_clear_pointer (&ids, g_array_unref);
  query.search = "5678";   /* phone digits */
  ids = kefu_desk_query_ticket_ids (f->store, &query, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 2);

  /* History, not intake: one "created" event at its time, no invented steps. */
  events = kefu_desk_list_events (f->store, kefu_desk_find_ticket (f->store, "GD1"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 1);
  created = g_list_model_get_item (G_LIST_MODEL (events), 0);
  g_assert_cmpstr (kefu_ticket_event_get_kind (created), ==, "created");
  g_assert_cmpint (kefu_ticket_event_get_at (created), ==, NINE_THIRTY);
  g_assert_cmpstr (kefu_ticket_event_get_body (created), ==, "Imported from history-2025.csv");
}

/* Every row of the tables a load writes, as text, in rowid order. */
static char *
dump_tables (KefuStore *store)
{
  static const char *const sql[] = {
    "SELECT * FROM estates ORDER BY id", "SELECT * FROM buildings ORDER BY id", "SELECT * FROM units ORDER BY id",
    "SELECT * FROM owners ORDER BY id", "SELECT * FROM owner_units ORDER BY rowid", "SELECT * FROM users ORDER BY id",
    "SELECT * FROM teams ORDER BY id", "SELECT * FROM technicians ORDER BY id", "SELECT * FROM tickets ORDER BY id",
    "SELECT * FROM ticket_events ORDER BY id", "SELECT rowid, body FROM ticket_search ORDER BY rowid",
    "SELECT * FROM kpi_dirty ORDER BY utc_day", "SELECT * FROM kpi_daily ORDER BY day",
    "SELECT * FROM kpi_daily_by ORDER BY dim, day, key", "SELECT * FROM kpi_daily_complaints ORDER BY day, building_id, subtype",
    "SELECT * FROM kpi_daily_agents ORDER BY day, agent_id", "SELECT * FROM kpi_carry ORDER BY day, created_at, ended_at",
  };
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (sql); q++)
    {
      KEFU_AUTO_QUERY *stmt = kefu_test_query (store, sql[q]);

      g_string_append_printf (out, "-- %s\n", sql[q]);
      while (kefu_test_step (store, sql[q], stmt))
        {
          for (int c = 0; c < kefu_query_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", kefu_query_is_null (stmt, c) ? "∅" : kefu_query_get_text (stmt, c));
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

static char *
report_text (KefuImportReport *report)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%u rows, %u imported, %u skipped\n", kefu_import_report_get_n_rows (report),
                          kefu_import_report_get_n_imported (report), kefu_import_report_get_n_skipped (report));
  for (guint i = 0; i < kefu_import_report_get_n_problems (report); i++)
    {
      g_autofree char *line = kefu_import_problem_format (kefu_import_report_get_problem (report, i));
      g_string_append_printf (out, "%s\n", line);
    }
  return g_string_free (out, FALSE);
}

static GArray *
search_ids (KefuStore  *store,
            const char *text)
{
  KefuTicketQuery query = { text, NULL };
  g_autoptr(GError) error = NULL;
  GArray *ids = kefu_desk_query_ticket_ids (store, &query, NULL, &error);

  g_assert_no_error (error);
  return ids;
}

/* Two history files into @store, the roll-up brought up to date between
 * them (so the second one's marks are its own); returns the reports. */
static char *
import_history (KefuStore  *store,
                const char *first,
                const char *second)
{
  g_autoptr(GError) error = NULL;
  KefuImportOptions skip = { KEFU_IMPORT_ENCODING_AUTO, TRUE, FALSE };
  g_autoptr(KefuImportReport) a = kefu_import_tickets (store, first, NULL, NULL, NULL, NULL, &error);
  g_autoptr(KefuImportReport) b = NULL;
  g_autofree char *ra = NULL, *rb = NULL;

  g_assert_no_error (error);
  g_assert_true (kefu_kpi_refresh (store, &error));
  b = kefu_import_tickets (store, second, &skip, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_import_report_get_outcome (b), ==, KEFU_IMPORT_OUTCOME_IMPORTED);
  ra = report_text (a);
  rb = report_text (b);
  return g_strconcat (ra, rb, NULL);
}

/* The bulk load (CHECKs and the roll-up's marks once at the end) writes
 * what row-by-row INSERTs wrote: every row of every table the import
 * touches, the search index, the days marked for the roll-up, the same
 * report; then the same roll-up, equal to one built from scratch, and the
 * same search results. The second file has complaints that repeat ones of
 * the first (same unit and sub-type, within 30 days), bad rows skipped,
 * and rows without a number. */
static void
test_bulk_same_as_row_by_row (Fixture       *f,
                              gconstpointer  data)
{
  static const char *const texts[] = { "卫生间天花板漏水", "楼上深夜噪音扰民", "电梯困人，请尽快处理", "门禁刷卡没反应", "物业费账单有误" };
  static const char *const kinds[] = { "repair", "complaint", "repair", "complaint", "inquiry" };
  static const char *const subtypes[] = { "plumbing_electrical", "noise", "elevator", "noise", "fees" };
  g_autoptr(GString) first = g_string_new ("number,created_at,channel,kind,subtype,level,building,unit,location,"
                                           "owner_name,owner_phone,description,status,agent,team,technician,"
                                           "first_response_at,resolved_at,closed_at,satisfaction\n");
  g_autoptr(GString) second = g_string_new (first->str);
  g_autofree char *first_path = NULL, *second_path = NULL, *row_db = NULL;
  g_autofree char *bulk_reports = NULL, *row_reports = NULL;
  g_autofree char *bulk_dump = NULL, *row_dump = NULL, *rebuilt = NULL;
  g_autoptr(KefuStore) row_store = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;

  if (kefu_test_engine_is_server (data))
    {
      g_test_skip ("the bulk load that skips each row's checks is SQLite's (kefu-bulk-load.c); a server checks "
                   "every row itself");
      return;
    }

  kefu_store_set_now (f->store, TEST_NOW);
  for (guint i = 0; i < 2600; i++)
    {
      GString *out = i < 300 ? first : second;
      guint k = i % G_N_ELEMENTS (texts);
      gint64 created = TEST_NOW - 90 * 86400 + (gint64) i * 2400;
      char when[20], answered[20], done[20];
      g_autofree char *number = i % 7 == 3 ? g_strdup ("") : g_strdup_printf ("H%05u", i);

      kefu_export_format_time (created, tz, when);
      kefu_export_format_time (created + 900 + i % 600, tz, answered);
      kefu_export_format_time (created + 7200 + i % 3600, tz, done);
      if (i >= 300 && i % 97 == 5)   /* a bad row: skipped and reported */
        g_string_append_printf (out, "%s,%s,fax,repair,,,1栋,101,,,,坏行,,,,,,,,\n", number, when);
      else
        g_string_append_printf (out, "%s,%s,%s,%s,%s,%u,%u栋,%u,,业主%u,1380000%04u,%s %u,%s,客服%u,%s,%s,%s,%s,%s,%s\n",
                                number, when, i % 3 ? "phone" : "wechat", kinds[k], subtypes[k], 1 + i % 3,
                                1 + i % 4, 101 + i % 9, i % 40, i % 40, texts[k], i, i % 5 ? "closed" : "new",
                                i % 4, i % 5 ? "水电维修组" : "", i % 5 ? "张师傅" : "", i % 5 ? answered : "",
                                i % 5 ? done : "", i % 5 ? done : "", i % 5 ? "4" : "");
    }
  first_path = write_file (f, "history.csv", first->str, first->len);
  second_path = write_file (f, "history.csv.2", second->str, second->len);
  row_db = kefu_test_path (&f->dir, "row-by-row.db");
  row_store = kefu_store_open (row_db, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (row_store, TEST_NOW);
  kefu_store_set_bulk_load_enabled (row_store, FALSE);

  /* sets of 64 rows (4,096 as a rule): the import crosses their edges */
  kefu_bulk_rows_set_size_for_tests (64);
  bulk_reports = import_history (f->store, first_path, second_path);
  kefu_bulk_rows_set_size_for_tests (0);
  row_reports = import_history (row_store, first_path, second_path);
  g_assert_cmpstr (bulk_reports, ==, row_reports);
  g_assert_nonnull (strstr (bulk_reports, "fax"));
  g_assert_nonnull (strstr (bulk_reports, "300 rows, 300 imported"));

  bulk_dump = dump_tables (f->store);
  row_dump = dump_tables (row_store);
  g_assert_cmpstr (bulk_dump, ==, row_dump);
  /* the second file's complaints marked days of the first file's */
  g_assert_cmpint (kefu_test_row_int (f->store, "SELECT count(*) FROM kpi_dirty WHERE utc_day < ?1",
                                      KEFU_TEST_INT ((TEST_NOW - 90 * 86400 + 300 * 2400) / 86400)), >, 0);

  /* the roll-up from those marks, and from scratch */
  g_assert_true (kefu_kpi_refresh (f->store, &error));
  g_assert_true (kefu_kpi_refresh (row_store, &error));
  g_clear_pointer (&bulk_dump, g_free);
  g_clear_pointer (&row_dump, g_free);
  bulk_dump = dump_tables (f->store);
  row_dump = dump_tables (row_store);
  g_assert_cmpstr (bulk_dump, ==, row_dump);
  g_assert_true (kefu_store_exec (f->store, "DELETE FROM settings WHERE key = 'kpi_rollup_zone'", &error));
  g_assert_true (kefu_kpi_refresh (f->store, &error));
  rebuilt = dump_tables (f->store);
  g_assert_cmpstr (bulk_dump, ==, rebuilt);

  /* what a user searching finds */
  {
    static const char *const queries[] = { "漏水", "电梯困人", "0012", "业主7", "H00042" };

    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        g_autoptr(GArray) a = search_ids (f->store, queries[q]);
        g_autoptr(GArray) b = search_ids (row_store, queries[q]);

        g_assert_cmpuint (a->len, >, 0);
        g_assert_cmpuint (a->len, ==, b->len);
        g_assert_cmpmem (a->data, a->len * sizeof (gint64), b->data, b->len * sizeof (gint64));
      }
  }
}

/* The sample generator writes its tickets as one bulk load: the same
 * database as row by row, search index and marked days included. */
static void
test_demo_bulk_same_as_row_by_row (Fixture       *f,
                                   gconstpointer  data)
{
  KefuDemoOptions options = { 3000, 11, TEST_NOW };
  g_autofree char *row_db = kefu_test_path (&f->dir, "row-by-row.db");
  g_autoptr(KefuStore) row_store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bulk_dump = NULL, *row_dump = NULL;

  if (kefu_test_engine_is_server (data))
    {
      g_test_skip ("the bulk load that skips each row's checks is SQLite's (kefu-bulk-load.c); a server checks "
                   "every row itself");
      return;
    }
  kefu_store_set_now (f->store, TEST_NOW);
  row_store = kefu_store_open (row_db, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (row_store, TEST_NOW);
  kefu_store_set_bulk_load_enabled (row_store, FALSE);
  /* sets of 64 rows: the tickets' and the events' edges fall apart */
  kefu_bulk_rows_set_size_for_tests (64);
  g_assert_true (kefu_demo_generate (f->store, &options, NULL, NULL, NULL, &error));
  kefu_bulk_rows_set_size_for_tests (0);
  g_assert_true (kefu_demo_generate (row_store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  bulk_dump = dump_tables (f->store);
  row_dump = dump_tables (row_store);
  g_assert_cmpuint (strlen (bulk_dump), >, 100000);
  g_assert_cmpstr (bulk_dump, ==, row_dump);
}

static void
test_owners (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *path = NULL, *tags = NULL, *units = NULL, *problem = NULL;

  path = write_file (f, "owners.csv",
                     "\xef\xbb\xbf姓名,电话,楼栋,房号,关系,标签,偏好渠道\r\n"
                     "王芳,138 1234 5678,3栋,502,业主,老年业主、VIP,电话\r\n"
                     "王芳,13812345678,5栋,101,owner,业委会成员,\r\n"
                     "刘洋,13900001111,3栋,502,租户,租户;新入住,微信\r\n"
                     "刘小洋,,3栋,502,family,,\r\n"
                     "赵强,13700000000,3栋,503,邻居,,\r\n", -1);
  report = kefu_import_owners (f->store, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_REFUSED);
  problem = problem_on (report, 6);
  g_assert_nonnull (strstr (problem, "column “关系”: “邻居” is not a relation to the unit"));
  g_clear_object (&report);

  g_assert_true (g_file_set_contents (path,
                     "\xef\xbb\xbf姓名,电话,楼栋,房号,关系,标签,偏好渠道\r\n"
                     "王芳,138 1234 5678,3栋,502,业主,老年业主、VIP,电话\r\n"
                     "王芳,13812345678,5栋,101,owner,业委会成员,\r\n"
                     "刘洋,13900001111,3栋,502,租户,租户;新入住,微信\r\n"
                     "刘小洋,,3栋,502,family,,\r\n", -1, NULL));
  report = kefu_import_owners (f->store, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 4);
  g_assert_cmpuint (kefu_import_report_get_n_created (report, KEFU_IMPORT_CREATED_OWNERS), ==, 3);
  g_assert_cmpuint (kefu_import_report_get_n_matched (report), ==, 1);   /* 王芳's second unit */
  g_assert_cmpuint (kefu_import_report_get_n_created (report, KEFU_IMPORT_CREATED_UNITS), ==, 2);

  tags = query_text (f, "SELECT group_concat(tag, '|') FROM (SELECT tag FROM owner_tags t JOIN owners o ON o.id = t.owner_id "
                        "WHERE o.name = '王芳' ORDER BY tag) AS g");
  g_assert_cmpstr (tags, ==, "VIP|业委会成员|老年业主");
  units = query_text (f, "SELECT group_concat(o.name || ':' || u.name || ':' || ou.relation, ' ') FROM "
                         "(SELECT * FROM owner_units ORDER BY owner_id, unit_id) ou "
                         "JOIN owners o ON o.id = ou.owner_id JOIN units u ON u.id = ou.unit_id");
  g_assert_cmpstr (units, ==, "王芳:502:owner 王芳:101:owner 刘洋:502:tenant 刘小洋:502:family");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM owners WHERE name = '刘洋' AND preferred_channel = 'wechat'"), ==, 1);

  /* Tickets from a later file find these owners by phone. */
  g_clear_object (&report);
  report = import (f, "created_at,channel,kind,building,unit,owner_name,owner_phone,description\n"
                      "2026-11-25 09:30,phone,repair,3栋,502,王芳,13812345678,漏水\n");
  g_assert_cmpuint (kefu_import_report_get_n_created (report, KEFU_IMPORT_CREATED_OWNERS), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT o.name = '王芳' FROM tickets t JOIN owners o ON o.id = t.owner_id"), ==, 1);

  /* Also an owner whose phone another program wrote with dashes. */
  kefu_test_other_exec (f->db_path, "INSERT INTO owners (name, phone, created_at) VALUES ('老李', '139-0000-2222', 0)");
  g_clear_object (&report);
  report = import (f, "created_at,channel,kind,location,owner_name,owner_phone,description\n"
                      "2026-11-25 09:40,phone,inquiry,物业中心,老李,13900002222,咨询停车\n");
  g_assert_cmpuint (kefu_import_report_get_n_created (report, KEFU_IMPORT_CREATED_OWNERS), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets t JOIN owners o ON o.id = t.owner_id WHERE o.name = '老李'"), ==, 1);
}

/* Impossible values ----------------------------------------------------- */

/* Every problem of @report, formatted, one a line: the whole report, for
 * an exact comparison. */
static char *
all_problems (KefuImportReport *report)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < kefu_import_report_get_n_problems (report); i++)
    {
      g_autofree char *line = kefu_import_problem_format (kefu_import_report_get_problem (report, i));
      g_string_append_printf (s, "%s\n", line);
    }
  return g_string_free (s, FALSE);
}

/* Dates from 2000-01-01 to a day after now (the store's now: TEST_NOW,
 * 2026-11-25 10:00), for the creation and every milestone. */
static void
test_refuses_dates_out_of_range (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autoptr(KefuImportReport) edges = NULL;
  g_autofree char *before = snapshot (f), *after = NULL, *problems = NULL;

  report = import (f, "number,created_at,channel,kind,location,description,first_response_at\n"
                      "GD1,1900-01-01 00:00,phone,repair,3栋502,漏水,\n"
                      "GD2,9999-12-31 23:59,phone,repair,3栋502,漏水,\n"
                      "GD3,1999-12-31 23:59,phone,repair,3栋502,漏水,\n"
                      "GD4,2026-11-26 10:01,phone,repair,3栋502,漏水,\n"
                      "GD5,2026-11-25 09:30,phone,repair,3栋502,漏水,2027-01-01 08:00\n"
                      "GD6,2026-11-25 09:30,phone,repair,3栋502,漏水,\n");
  after = snapshot (f);
  problems = all_problems (report);
  g_assert_cmpstr (problems, ==,
                   "Line 2, column “created_at”: “1900-01-01 00:00” is before the year 2000: Kefu takes dates from 2000-01-01 on.\n"
                   "Line 3, column “created_at”: “9999-12-31 23:59” is in the future: more than a day after now (2026-11-25 10:00:00).\n"
                   "Line 4, column “created_at”: “1999-12-31 23:59” is before the year 2000: Kefu takes dates from 2000-01-01 on.\n"
                   "Line 5, column “created_at”: “2026-11-26 10:01” is in the future: more than a day after now (2026-11-25 10:00:00).\n"
                   "Line 6, column “first_response_at”: “2027-01-01 08:00” is in the future: more than a day after now (2026-11-25 10:00:00).\n");
  /* All or nothing: the good row was not imported either. */
  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_REFUSED);
  g_assert_cmpuint (kefu_import_report_get_n_good (report), ==, 1);
  g_assert_cmpstr (after, ==, before);

  /* The edges themselves are taken. */
  edges = import_with (f, "edges.csv", "number,created_at,channel,kind,location,description\n"
                                       "GD7,2000-01-01 00:00,phone,repair,3栋502,漏水\n"
                                       "GD8,2026-11-26 10:00,phone,repair,3栋502,漏水\n", NULL);
  g_assert_cmpuint (kefu_import_report_get_n_problems (edges), ==, 0);
  g_assert_cmpuint (kefu_import_report_get_n_imported (edges), ==, 2);
}

/* The status and the milestones must tell one story. */
static void
test_refuses_milestones_against_status (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autoptr(KefuImportReport) good = NULL;
  g_autofree char *before = snapshot (f), *after = NULL, *problems = NULL;
  static const char header[] = "number,created_at,channel,kind,location,description,status,resolved_at,closed_at,cancelled_at\n";
  g_autofree char *bad = g_strconcat (header,
    "GD1,2026-11-25 08:00,phone,repair,3栋502,漏水,closed,2026-11-25 09:00,,\n"
    "GD2,2026-11-25 08:00,phone,repair,3栋502,漏水,resolved,,,\n"
    "GD3,2026-11-25 08:00,phone,repair,3栋502,漏水,cancelled,,,\n"
    "GD4,2026-11-25 08:00,phone,repair,3栋502,漏水,dispatched,,2026-11-25 09:00,\n"
    "GD5,2026-11-25 08:00,phone,repair,3栋502,漏水,closed,2026-11-25 09:30,2026-11-25 09:00,\n"
    "GD6,2026-11-25 08:00,phone,repair,3栋502,漏水,closed,,2026-11-25 07:00,\n"
    "GD7,2026-11-25 08:00,phone,repair,3栋502,漏水,on_hold,2026-11-25 09:00,,\n"
    "GD8,2026-11-25 08:00,phone,repair,3栋502,漏水,new,,,2026-11-25 09:00\n", NULL);
  g_autofree char *fine = g_strconcat (header,
    "GD1,2026-11-25 08:00,phone,repair,3栋502,漏水,closed,2026-11-25 09:00,2026-11-25 09:30,\n"
    "GD2,2026-11-25 08:00,phone,repair,3栋502,漏水,resolved,2026-11-25 09:00,,\n"
    "GD3,2026-11-25 08:00,phone,repair,3栋502,漏水,cancelled,,,2026-11-25 09:00\n"
    "GD4,2026-11-25 08:00,phone,inquiry,3栋502,漏水,closed,,2026-11-25 08:10,\n", NULL);

  report = import (f, bad);
  after = snapshot (f);
  problems = all_problems (report);
  g_assert_cmpstr (problems, ==,
                   "Line 2, column “closed_at”: The ticket’s status is “Closed”, so it needs this time; it is empty.\n"
                   "Line 3, column “resolved_at”: The ticket’s status is “Awaiting follow-up”, so it needs this time; it is empty.\n"
                   "Line 4, column “cancelled_at”: The ticket’s status is “Cancelled”, so it needs this time; it is empty.\n"
                   "Line 5, column “closed_at”: “2026-11-25 09:00” says the ticket got this far, but its status is “Dispatched”.\n"
                   "Line 6, column “closed_at”: “2026-11-25 09:00” is before the ticket was resolved (2026-11-25 09:30).\n"
                   "Line 7, column “closed_at”: “2026-11-25 07:00” is before the ticket was created (2026-11-25 08:00).\n"
                   "Line 8, column “resolved_at”: “2026-11-25 09:00” says the ticket got this far, but its status is “On hold”.\n"
                   "Line 9, column “cancelled_at”: “2026-11-25 09:00” says the ticket got this far, but its status is “New”.\n");
  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_REFUSED);
  g_assert_cmpuint (kefu_import_report_get_n_bad (report), ==, 8);
  g_assert_cmpstr (after, ==, before);

  /* The same tickets, told consistently, are taken (a closed inquiry needs
   * no resolution time). */
  good = import_with (f, "fine.csv", fine, NULL);
  g_assert_cmpuint (kefu_import_report_get_n_problems (good), ==, 0);
  g_assert_cmpuint (kefu_import_report_get_n_imported (good), ==, 4);
}

/* A rating comes with the call-back: never on a ticket that had none. */
static void
test_refuses_rating_without_callback (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autoptr(KefuImportReport) good = NULL;
  g_autofree char *problems = NULL;
  static const char header[] =
    "工单号,创建时间,渠道,类型,位置,描述,状态,处理完成时间,回访时间,关闭时间,满意度\n";
  g_autofree char *bad = g_strconcat (header,
    "GD1,2026-11-25 08:00,电话,报修,3栋502,漏水,新建,,,,5\n"
    "GD2,2026-11-25 08:00,电话,报修,3栋502,漏水,待回访,2026-11-25 09:00,,,4\n", NULL);
  /* a ticket reopened at the call-back keeps the rating it was given */
  g_autofree char *fine = g_strconcat (header,
    "GD1,2026-11-25 08:00,电话,报修,3栋502,漏水,已重开,,2026-11-25 09:10,,2\n"
    "GD2,2026-11-25 08:00,电话,报修,3栋502,漏水,已关闭,2026-11-25 09:00,2026-11-25 09:10,2026-11-25 09:10,5\n", NULL);

  report = import (f, bad);
  problems = all_problems (report);
  g_assert_cmpstr (problems, ==,
                   "Line 2, column “满意度”: “5” is a rating, but the ticket was never called back nor closed (no “回访时间” or “关闭时间”).\n"
                   "Line 3, column “满意度”: “4” is a rating, but the ticket was never called back nor closed (no “回访时间” or “关闭时间”).\n");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM tickets"), ==, 0);

  good = import_with (f, "fine.csv", fine, NULL);
  g_assert_cmpuint (kefu_import_report_get_n_problems (good), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT sum(satisfaction) FROM tickets"), ==, 7);
}

/* Control characters nowhere, except tabs and line breaks in free text. */
static void
test_refuses_control_characters (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KefuImportReport) report = NULL;
  g_autoptr(KefuImportReport) good = NULL;
  g_autofree char *before = snapshot (f), *after = NULL, *problems = NULL, *description = NULL;

  report = import (f, "number,created_at,channel,kind,location,owner_name,description\n"
                      "GD\x01" "1,2026-11-25 09:30,phone,repair,3栋502,王芳,漏水\n"
                      "GD2,2026-11-25 09:30,phone,repair,3栋502,王\x1b[31m芳,漏水\n"
                      "GD3,2026-11-25 09:30,phone,repair,3栋502,王芳,漏\x07水\n"
                      "GD4,2026-11-25 09:30,phone,repair,3栋\x7f" "502,王芳,漏水\n"
                      "GD5,2026-11-25 09:30,phone,repair,3栋502,王芳,\"漏水\xc2\x85很急\"\n");
  after = snapshot (f);
  problems = all_problems (report);
  g_assert_cmpstr (problems, ==,
                   "Line 2, column “number”: The value has a control character (U+0001) at character 3; remove it.\n"
                   "Line 3, column “owner_name”: The value has a control character (U+001B) at character 2; remove it.\n"
                   "Line 4, column “description”: The value has a control character (U+0007) at character 2; remove it.\n"
                   "Line 5, column “location”: The value has a control character (U+007F) at character 3; remove it.\n"
                   "Line 6, column “description”: The value has a control character (U+0085) at character 3; remove it.\n");
  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_REFUSED);
  g_assert_cmpstr (after, ==, before);

  /* Tabs and line breaks (CRLF or a lone CR inside quotes becomes LF) are
   * free text. */
  good = import_with (f, "fine.csv", "number,created_at,channel,kind,location,description\r\n"
                                     "GD1,2026-11-25 09:30,phone,repair,3栋502,\"卫生间漏水\r\n\t楼上水管破裂\"\r\n"
                                     "GD2,2026-11-25 09:30,phone,repair,3栋502,\"漏水\r很急\"\r\n", NULL);
  g_assert_cmpuint (kefu_import_report_get_n_problems (good), ==, 0);
  description = query_text (f, "SELECT group_concat(description, '|') FROM (SELECT description FROM tickets ORDER BY number) AS t");
  g_assert_cmpstr (description, ==, "卫生间漏水\n\t楼上水管破裂|漏水\n很急");
}

/* Identifiers and names have a length: a ticket number 32 characters at
 * most, names 64, a description 10,000. */
static void
test_refuses_over_long_values (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *n32 = g_strnfill (32, '7'), *n33 = g_strnfill (33, '7'), *n1000 = g_strnfill (1000, 'G');
  g_autoptr(GString) name65 = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *file = NULL, *problems = NULL, *before = snapshot (f), *after = NULL;

  for (guint i = 0; i < 65; i++)
    g_string_append (name65, "王");
  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "水");
  g_string_append_printf (long_text, "%s漏", text->str);

  file = g_strdup_printf ("number,created_at,channel,kind,location,owner_name,description\n"
                          "%s,2026-11-25 09:30,phone,repair,3栋502,王芳,漏水\n"
                          "%s,2026-11-25 09:30,phone,repair,3栋502,王芳,漏水\n"
                          "GD3,2026-11-25 09:30,phone,repair,3栋502,%s,漏水\n"
                          "GD4,2026-11-25 09:30,phone,repair,3栋502,王芳,%s\n"
                          "%s,2026-11-25 09:30,phone,repair,3栋502,王芳,%s\n",
                          n33, n1000, name65->str, long_text->str, n32, text->str);
  report = import (f, file);
  after = snapshot (f);
  problems = all_problems (report);
  g_assert_cmpstr (problems, ==,
                   "Line 2, column “number”: The value has 33 characters; this column takes at most 32.\n"
                   "Line 3, column “number”: The value has 1000 characters; this column takes at most 32.\n"
                   "Line 4, column “owner_name”: The value has 65 characters; this column takes at most 64.\n"
                   "Line 5, column “description”: The value has 10001 characters; this column takes at most 10000.\n");
  /* the longest values allowed are taken, but not without the others */
  g_assert_cmpuint (kefu_import_report_get_n_good (report), ==, 1);
  g_assert_cmpstr (after, ==, before);
}

/* Owners' files: the same rules for their text. */
static void
test_owners_refuses_bad_text (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *path = NULL, *problems = NULL, *before = snapshot (f), *after = NULL;

  path = write_file (f, "owners.csv",
                     "姓名,电话,楼栋,房号\n"
                     "王芳,13812345678,3栋,502\n"
                     "刘\x08洋,13900001111,3栋,503\n"
                     "赵强,1370000000000000000000000000000000,3栋,504\n", -1);
  report = kefu_import_owners (f->store, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  after = snapshot (f);
  problems = all_problems (report);
  g_assert_cmpstr (problems, ==,
                   "Line 3, column “姓名”: The value has a control character (U+0008) at character 2; remove it.\n"
                   "Line 4, column “电话”: The value has 34 characters; this column takes at most 32.\n");
  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_REFUSED);
  g_assert_cmpstr (after, ==, before);
}

/* A header without rows is nothing to import: an error, not "0 imported". */
static void
test_header_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "empty.csv", "number,created_at,channel,kind,location,description\r\n\r\n", -1);
  g_autofree char *owners = write_file (f, "owners.csv", "姓名,电话,楼栋,房号\n", -1);
  g_autofree char *before = snapshot (f), *after = NULL;

  g_assert_null (kefu_import_tickets (f->store, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER);
  g_assert_nonnull (strstr (error->message, "has no rows below its header"));
  g_clear_error (&error);
  g_assert_null (kefu_import_owners (f->store, owners, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

/* The names found for @typed, in order, space-separated */
static char *
found_owners (Fixture    *f,
              const char *typed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) found = kefu_desk_find_owners (f->store, typed, 20, &error);
  GString *names = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (found)); i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (found), i);
      g_string_append_printf (names, "%s%s", i ? " " : "", kefu_choice_get_name (c));
    }
  return g_string_free (names, FALSE);
}

/* Intake finds owners imported from a file by their name in pinyin, whole
 * or by initials (surnames read their own way: 曾 zeng, 单 shan), and by
 * their unit written the ways people write it. */
static void
test_owner_lookup_pinyin_and_units (Fixture       *f,
                                    gconstpointer  data)
{
  static const struct { const char *typed; const char *finds; } cases[] = {
    { "zhanghaitao", "张海涛" },
    { "ZhangHaiTao", "张海涛" },
    { "zht", "张海涛" },
    { "zhanghai", "张海 张海涛" },          /* the whole name first */
    { "zh", "张海 张海涛" },
    { "zgf", "曾国藩" },
    { "zengguofan", "曾国藩" },
    { "cgf", "" },                         /* not 曾's everyday reading */
    { "shanxiongxin", "单雄信" },
    { "sxx", "单雄信" },
    { "3-502", "张海 张海涛" },
    { "3#502", "张海 张海涛" },
    { "3号楼502", "张海 张海涛" },
    { "3幢502", "张海 张海涛" },
    { "3 502", "张海 张海涛" },
    { "3栋502", "张海 张海涛" },
    { "12-502", "" },
    { "5-101", "曾国藩" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *path = write_file (f, "owners.csv",
                                      "姓名,电话,楼栋,房号,关系\n"
                                      "张海涛,13800001111,3栋,502,业主\n"
                                      "张海,13800002222,3栋,502,family\n"
                                      "曾国藩,13800003333,5栋,101,业主\n"
                                      "单雄信,13800004444,6栋,201,业主\n", -1);

  report = kefu_import_owners (f->store, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_IMPORTED);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *names = found_owners (f, cases[i].typed);
      if (g_strcmp0 (names, cases[i].finds) != 0)
        g_error ("“%s” found “%s”, not “%s”", cases[i].typed, names, cases[i].finds);
    }
  /* written with the name, by the same function as a file that is migrated */
  {
    g_autofree char *pinyin = kefu_pinyin ("曾国藩", FALSE);
    g_autofree char *initials = kefu_pinyin ("单雄信", TRUE);
    g_assert_cmpstr (pinyin, ==, "zengguofan");
    g_assert_cmpstr (initials, ==, "sxx");
  }
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)
  ADD ("/core/import/chinese-names", test_chinese_names);
  ADD ("/core/import/csv/utf8-bom-crlf", test_utf8_bom_crlf);
  ADD ("/core/import/csv/gb18030", test_gb18030);
  ADD ("/core/import/csv/quoted-fields", test_quoted_fields);
  ADD ("/core/import/csv/unclosed-quote", test_unclosed_quote);
  ADD ("/core/import/chinese-headers-and-values", test_chinese_headers_and_values);
  ADD ("/core/import/unknown-column-reported", test_unknown_column);
  ADD ("/core/import/generated-numbers", test_generated_numbers);
  ADD ("/core/import/numbers-then-intake", test_numbers_then_intake);
  ADD ("/core/import/as-a-person", test_as_a_person);
  ADD ("/core/import/bad-level", test_bad_level);
  ADD ("/core/import/bad-date", test_bad_date);
  ADD ("/core/import/missing-required", test_missing_required);
  ADD ("/core/import/duplicate-number", test_duplicate_number);
  ADD ("/core/import/all-or-nothing", test_all_or_nothing);
  ADD ("/core/import/skip-bad", test_skip_bad);
  ADD ("/core/import/dry-run", test_dry_run);
  ADD ("/core/import/creates-missing-entities", test_creates_missing_entities);
  ADD ("/core/import/estate-from-file", test_estate_from_file);
  ADD ("/core/import/searchable", test_searchable);
  ADD ("/core/import/bulk-same-as-row-by-row", test_bulk_same_as_row_by_row);
  ADD ("/core/demo/bulk-same-as-row-by-row", test_demo_bulk_same_as_row_by_row);
  ADD ("/core/import/owners", test_owners);
  ADD ("/core/import/refuses/dates-out-of-range", test_refuses_dates_out_of_range);
  ADD ("/core/import/refuses/milestones-against-status", test_refuses_milestones_against_status);
  ADD ("/core/import/refuses/rating-without-callback", test_refuses_rating_without_callback);
  ADD ("/core/import/refuses/control-characters", test_refuses_control_characters);
  ADD ("/core/import/refuses/over-long-values", test_refuses_over_long_values);
  ADD ("/core/import/refuses/owners-bad-text", test_owners_refuses_bad_text);
  ADD ("/core/import/header-only", test_header_only);
  ADD ("/core/import/owners/found-by-pinyin-and-unit-forms", test_owner_lookup_pinyin_and_units);
#undef ADD

  return g_test_run ();
}
