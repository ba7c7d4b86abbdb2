/*
 * options: the program's own command-line options (--workloads, --models,
 * --max-workers, ...), which choose what the families measure. Google
 * Benchmark takes its --benchmark_* options out of argv first.
 */
#ifndef SLICEBENCH_OPTIONS_H
#define SLICEBENCH_OPTIONS_H

#include "suite.h"

#include <stdbool.h>
#include <stdio.h>

/* Prints the options, their defaults and meaning. */
void sb_options_usage(FILE *out);

/* Fills `suite` (whose topology is set) from argv, every choice left out
 * taking its default, and stores the machine's name from --machine (or
 * leaves *machine as it is). 0; 1 when --list asks for the choices instead
 * (see sb_options_list); -1, with sb_last_error(), on a bad option. */
int sb_options_parse(int argc, char **argv, sb_suite *suite, const char **machine);

/* Prints the families, workloads, models and placements: --list. */
void sb_options_list(FILE *out);

/* What the program needs to know of the Google Benchmark flags in argv. */
typedef struct sb_benchmark_flags {
    int out;                /* argv's index of --benchmark_out=FILE, 0 when none */
    const char *out_format; /* --benchmark_out_format: json (the default), console or csv */
    bool list_tests;        /* --benchmark_list_tests: list the benchmarks, run none */
} sb_benchmark_flags;

/* Checks, before Google Benchmark reads them, the --benchmark_* flags that it
 * would take badly: one --benchmark_out naming a file, not a folder;
 * --benchmark_repetitions from 1; --benchmark_min_time above 0 seconds;
 * --benchmark_min_warmup_time from 0; --benchmark_out_format json, console
 * or csv. 0, filling `flags`; -1, with sb_last_error(), otherwise. */
int sb_options_check_benchmark_flags(int argc, char *const *argv, sb_benchmark_flags *flags);

/* 0 when `name` can name a results folder: letters, digits, '.', '_' and
 * '-', not "." or "..". -1, with sb_last_error(), otherwise. */
int sb_options_check_machine(const char *name);

#endif
