/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-mock.h — what the mocked notification daemon received (dbusmock) */
#pragma once

#include <gio/gio.h>

/* The arguments of every Notify call since the last ClearCalls. */
static inline GPtrArray *
kefu_test_mock_notify_calls (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  GPtrArray *calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  const char *method;
  GVariant *args;
  guint64 when;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                       "org.freedesktop.DBus.Mock", "GetCalls", NULL, G_VARIANT_TYPE ("(a(tsav))"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply == NULL)
    return calls;
  g_variant_get (reply, "(a(tsav))", &iter);
  while (g_variant_iter_next (iter, "(t&s@av)", &when, &method, &args))
    {
      if (g_str_equal (method, "Notify"))
        g_ptr_array_add (calls, args);
      else
        g_variant_unref (args);
    }
  return calls;
}

/* Clears the mock's record; FALSE when there is no mock on the session bus. */
static inline gboolean
kefu_test_mock_clear (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                       "org.freedesktop.DBus.Mock", "ClearCalls", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  return reply != NULL;
}
