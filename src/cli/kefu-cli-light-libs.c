/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-light-libs.c — the light kefu-cli's two heavy libraries,
 * loaded when first called
 *
 * The database code the light kefu-cli links (kefu-cli-light.c) reaches
 * two libraries that cost more to load than a light command takes: ICU
 * (the kefu_pinyin SQL function every connection has, kefu-pinyin.c)
 * and libpq (telling a server's address from a file name,
 * kefu-engine.c). Their few functions are defined here, so the light
 * program does not link either (-Wl,--as-needed drops them): each loads
 * its library with dlopen() the first time it is called and calls the
 * real function. A program that links the libraries (kefu-cli-full,
 * kefu) never sees these definitions.
 *
 * The light program never connects to a server (main() refuses a server
 * before a command runs), so kefu_engine_pg_new, and libpq's
 * connection code with it, is not part of it.
 */
#include "config.h"

#include <dlfcn.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uvernum.h>

#include "kefu-engine-private.h"

/* the library's handle, opened once; NULL when it cannot be loaded */
static void *
library (const char *soname)
{
  void *handle = dlopen (soname, RTLD_NOW | RTLD_GLOBAL);

  if (handle == NULL)
    g_warning ("%s cannot be loaded: %s", soname, dlerror ());
  return handle;
}

static void *
icu (const char *symbol)
{
  static void *handle;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      /* the transliterator is in i18n, which brings the common library */
      handle = library ("libicui18n.so." G_STRINGIFY (U_ICU_VERSION_MAJOR_NUM));
      g_once_init_leave (&once, 1);
    }
  return handle != NULL ? dlsym (handle, symbol) : NULL;
}

static void *
pq (const char *symbol)
{
  static void *handle;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      handle = library ("libpq.so.5");
      g_once_init_leave (&once, 1);
    }
  return handle != NULL ? dlsym (handle, symbol) : NULL;
}

/* ICU's names carry its version (u_strFromUTF8_72): the headers' macros
 * give both these definitions and the looked-up names that suffix. */
#define REAL(lookup, name) ((__typeof__ (&name)) lookup (G_STRINGIFY (name)))

UChar *
u_strFromUTF8 (UChar       *dest,
               int32_t      capacity,
               int32_t     *length,
               const char  *src,
               int32_t      src_length,
               UErrorCode  *status)
{
  __typeof__ (&u_strFromUTF8) real = REAL (icu, u_strFromUTF8);

  if (real == NULL)
    {
      *status = U_MISSING_RESOURCE_ERROR;
      return NULL;
    }
  return real (dest, capacity, length, src, src_length, status);
}

char *
u_strToUTF8 (char         *dest,
             int32_t       capacity,
             int32_t      *length,
             const UChar  *src,
             int32_t       src_length,
             UErrorCode   *status)
{
  __typeof__ (&u_strToUTF8) real = REAL (icu, u_strToUTF8);

  if (real == NULL)
    {
      *status = U_MISSING_RESOURCE_ERROR;
      return NULL;
    }
  return real (dest, capacity, length, src, src_length, status);
}

UChar *
u_uastrcpy (UChar      *dest,
            const char *src)
{
  __typeof__ (&u_uastrcpy) real = REAL (icu, u_uastrcpy);
  UChar *d = dest;

  if (real != NULL)
    return real (dest, src);
  while ((*d++ = (UChar) (unsigned char) *src++) != 0)   /* ASCII, as its callers pass */
    ;
  return dest;
}

const char *
u_errorName (UErrorCode code)
{
  __typeof__ (&u_errorName) real = REAL (icu, u_errorName);

  return real != NULL ? real (code) : "ICU is not installed";
}

UTransliterator *
utrans_openU (const UChar      *id,
              int32_t           id_length,
              UTransDirection   dir,
              const UChar      *rules,
              int32_t           rules_length,
              UParseError      *parse_error,
              UErrorCode       *status)
{
  __typeof__ (&utrans_openU) real = REAL (icu, utrans_openU);

  if (real == NULL)
    {
      *status = U_MISSING_RESOURCE_ERROR;
      return NULL;
    }
  return real (id, id_length, dir, rules, rules_length, parse_error, status);
}

void
utrans_transUChars (const UTransliterator *trans,
                    UChar                 *text,
                    int32_t               *length,
                    int32_t                capacity,
                    int32_t                start,
                    int32_t               *limit,
                    UErrorCode            *status)
{
  __typeof__ (&utrans_transUChars) real = REAL (icu, utrans_transUChars);

  if (real == NULL)
    *status = U_MISSING_RESOURCE_ERROR;
  else
    real (trans, text, length, capacity, start, limit, status);
}

PQconninfoOption *
PQconninfoParse (const char  *conninfo,
                 char       **errmsg)
{
  __typeof__ (&PQconninfoParse) real = REAL (pq, PQconninfoParse);

  if (real == NULL)
    {
      if (errmsg != NULL)
        *errmsg = NULL;
      return NULL;
    }
  return real (conninfo, errmsg);
}

void
PQconninfoFree (PQconninfoOption *options)
{
  __typeof__ (&PQconninfoFree) real = REAL (pq, PQconninfoFree);

  if (real != NULL)
    real (options);
}

void
PQfreemem (void *ptr)
{
  __typeof__ (&PQfreemem) real = REAL (pq, PQfreemem);

  if (real != NULL)
    real (ptr);
}

KefuEngine *
kefu_engine_pg_new (G_GNUC_UNUSED const char  *conninfo,
                    GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("kefu-cli: this command does not work with a database server."));
  return NULL;
}
