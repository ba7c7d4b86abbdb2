/*
 * family: the registry of benchmark families (bench/families.def), which the
 * program registers in turn, --list names and whose own options the option
 * parser takes (options.h).
 */
#ifndef SLICEBENCH_FAMILY_H
#define SLICEBENCH_FAMILY_H

#include "options.h"
#include "suite.h"

typedef struct sb_family {
    const char *name;    /* its benchmarks' names start with "<name>/" */
    const char *summary; /* what it measures, in a line */
    void (*register_benchmarks)(sb_suite *suite);
    const sb_option_group *options; /* its own options; NULL when it has none */
} sb_family;

/* Every family of bench/families.def, in its order, ending with a NULL name. */
extern const sb_family sb_families[];

#endif
