/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-sla-private.h — what the SLA and KPI code share */
#pragma once

/* The most specific active policy for a ticket (an SQL scalar subquery):
 * a channel match outweighs a kind match, which outweighs a level match;
 * a policy names only what it is for. */
#define KEFU_SLA_POLICY_MATCH(KIND, LEVEL, CHANNEL) \
  "SELECT id FROM sla_policies WHERE active " \
  "AND (kind IS NULL OR kind = " KIND ") AND (level IS NULL OR level = " LEVEL ") " \
  "AND (channel IS NULL OR channel = " CHANNEL ") " \
  "ORDER BY (channel IS NOT NULL) * 4 + (kind IS NOT NULL) * 2 + (level IS NOT NULL) DESC, id DESC LIMIT 1"
