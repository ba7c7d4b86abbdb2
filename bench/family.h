/*
 * family: the registry of benchmark families (bench/families.def), which the
 * program registers in turn and --list names.
 */
#ifndef SLICEBENCH_FAMILY_H
#define SLICEBENCH_FAMILY_H

#include "suite.h"

typedef struct sb_family {
    const char *name;    /* its benchmarks' names start with "<name>/" */
    const char *claims;  /* the claims it measures, "C3 C5" */
    const char *summary; /* what it measures, in a line */
    void (*register_benchmarks)(sb_suite *suite);
} sb_family;

/* Every family of bench/families.def, in its order, ending with a NULL name. */
extern const sb_family sb_families[];

#endif
