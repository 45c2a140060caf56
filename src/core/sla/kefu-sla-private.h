/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-sla-private.h — what the SLA and KPI code share */
#pragma once

/* The most specific active policy for a ticket (an SQL scalar subquery):
 * a channel match outweighs a kind match, which outweighs a level match;
 * a policy names only what it is for. */
#define KEFU_SLA_POLICY_MATCH(KIND, LEVEL, CHANNEL) \
  "SELECT id FROM sla_policies WHERE active <> 0 " \
  "AND (kind IS NULL OR kind = " KIND ") AND (level IS NULL OR level = " LEVEL ") " \
  "AND (channel IS NULL OR channel = " CHANNEL ") " \
  "ORDER BY CASE WHEN channel IS NOT NULL THEN 4 ELSE 0 END + CASE WHEN kind IS NOT NULL THEN 2 ELSE 0 END " \
  "  + CASE WHEN level IS NOT NULL THEN 1 ELSE 0 END DESC, id DESC LIMIT 1"
