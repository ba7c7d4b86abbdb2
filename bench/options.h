/*
 * options: the program's own command-line options (--workloads, --models,
 * --max-workers, ...), which choose what the families measure. Google
 * Benchmark takes its --benchmark_* options out of argv first.
 */
#ifndef SLICEBENCH_OPTIONS_H
#define SLICEBENCH_OPTIONS_H

#include "suite.h"

#include <stdio.h>

/* Prints the options, their defaults and meaning. */
void sb_options_usage(FILE *out);

/* Fills `suite` (whose topology is set) from argv, every choice left out
 * taking its default, and stores the machine's name from --machine (or
 * leaves *machine as it is). On a bad option it prints why and exits 2;
 * --list prints the choices and exits 0. */
void sb_options_parse(int argc, char **argv, sb_suite *suite, const char **machine);

/* 0 when `name` can name a results folder: letters, digits, '.', '_' and
 * '-', not "." or "..". -1, with sb_last_error(), otherwise. */
int sb_options_check_machine(const char *name);

#endif
