/*
 * ctxswitch: where the ctxswitch family puts the two parties of a ping-pong,
 * which the paired family's switch twins (paired_weights.c) use too: both
 * on one PU, each hand-off a switch on one core, or as far apart as the
 * machine has, each hand-off waking another.
 */
#ifndef SLICEBENCH_FAMILIES_CTXSWITCH_H
#define SLICEBENCH_FAMILIES_CTXSWITCH_H

#include "base/placement.h"

#include <stddef.h>

typedef struct sb_ctxswitch_where {
    const char *name;            /* in the rows' names */
    sb_placement_policy policy;  /* of two workers */
    unsigned min_pus;
} sb_ctxswitch_where;

enum { SB_CTXSWITCH_WHERES = 2 };
extern const sb_ctxswitch_where sb_ctxswitch_wheres[SB_CTXSWITCH_WHERES];

#endif
