/*
 * options: the program's own command-line options (--workloads, --models,
 * --max-workers, ...), which choose what the families measure. Each is one
 * row of a table (sb_option) that gives its name, the field it fills, its
 * bounds, its default and its help: the parser, --help and the defaults all
 * read that row. The suite's options are options.c's; a family's own are in
 * its file, reached through the family registry (family.h). Google
 * Benchmark takes its --benchmark_* options out of argv first.
 */
#ifndef SLICEBENCH_OPTIONS_H
#define SLICEBENCH_OPTIONS_H

#include "suite.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What an option's value is, and so the type of the field it fills. Every
 * field is cleared before the parse and takes the option's default when it
 * is still clear after: a value the parser takes is never a clear one. */
typedef enum sb_option_kind {
    SB_OPTION_COUNT,        /* a whole number from min to max: an unsigned */
    SB_OPTION_MICROSECONDS, /* a whole number of microseconds from min to max: a uint64_t of nanoseconds */
    SB_OPTION_NAMES,        /* names, or "all": a uint64_t set of the indices `find` gives them */
    SB_OPTION_NUMBERS,      /* whole numbers from min to max: an sb_option_numbers */
    SB_OPTION_TEXT,         /* any text: a const char *, NULL when not given */
    SB_OPTION_ACTION,       /* no value: the parse stops there and returns `action` */
    SB_OPTION_SWITCH,       /* no value: sets a bool, and the parse goes on */
} sb_option_kind;

enum { SB_OPTION_MOST_NUMBERS = 16 };

/* What an SB_OPTION_NUMBERS option holds: its values, in the order given. */
typedef struct sb_option_numbers {
    int64_t values[SB_OPTION_MOST_NUMBERS];
    unsigned count;
} sb_option_numbers;

/* What sb_options_parse found on the command line. */
typedef enum sb_options_outcome {
    SB_OPTIONS_BAD = -1, /* a bad option: sb_last_error() says which */
    SB_OPTIONS_RUN = 0,  /* the options are taken: run */
    SB_OPTIONS_LIST,     /* --list */
    SB_OPTIONS_HELP,     /* --help */
} sb_options_outcome;

typedef struct sb_option {
    const char *name;  /* "--max-workers" */
    const char *value; /* what --help calls its value ("N", "LIST"); NULL for an action */
    sb_option_kind kind;
    size_t field;                          /* SB_OPTION_FIELD of what it fills */
    int64_t min, max;                      /* the bounds of a number */
    const char *fallback;                  /* its default, as the command line would give it; NULL: none */
    int (*find)(const char *name, unsigned *index); /* SB_OPTION_NAMES: a name's index, -1 when unknown */
    sb_options_outcome action;             /* SB_OPTION_ACTION: what the parse returns */
    const char *help;                      /* what it does, for --help */
} sb_option;

/* offsetof(type, member), which must be a `field_type` (a compile error
 * otherwise): where an option's value goes in its group's settings. */
#define SB_OPTION_FIELD(type, member, field_type) _Generic(((type *)0)->member, field_type: offsetof(type, member))

/* Options printed under one heading by --help. */
typedef struct sb_option_group {
    const char *title;        /* "The waiters family:" */
    const sb_option *options; /* ending with a NULL name */
    void *settings;           /* the struct their fields are in; NULL: the sb_suite being parsed */
} sb_option_group;

/* Prints the options, with their bounds, defaults and meaning. */
void sb_options_usage(FILE *out);

/* Fills `suite` (whose topology is set) and the families' own settings from
 * argv, every option left out taking its default. */
sb_options_outcome sb_options_parse(int argc, char **argv, sb_suite *suite);

/* Prints the families, workloads, models and placements: --list. */
void sb_options_list(FILE *out);

/* What the program needs to know of the Google Benchmark flags in argv. */
typedef struct sb_benchmark_flags {
    int out;                /* argv's index of --benchmark_out=FILE, 0 when none */
    const char *out_format; /* --benchmark_out_format: json (the default), console or csv */
    bool list_tests;        /* --benchmark_list_tests: list the benchmarks, run none */
} sb_benchmark_flags;

/* Checks, before Google Benchmark reads them, the values of its flags in
 * argv: one --benchmark_out naming a file, not a folder;
 * --benchmark_out_format (the file's reporter is the program's) and
 * --benchmark_format console, json or csv; --benchmark_repetitions from 1
 * (none would write a file of no results over them); --benchmark_min_time
 * above 0, in seconds ("0.5" or "0.5s") or iterations ("100x"), which
 * Google Benchmark checks only by aborting once the run has begun;
 * --benchmark_min_warmup_time from 0 seconds; --benchmark_time_unit ns,
 * us, ms or s; --benchmark_color not empty; --benchmark_context key=value
 * pairs. Google Benchmark answers a bad value of several by printing its
 * usage and exiting 0. 0, filling `flags`; -1, with sb_last_error(),
 * otherwise. */
int sb_options_check_benchmark_flags(int argc, char *const *argv, sb_benchmark_flags *flags);

/* Google Benchmark takes the default of each of its flags from the
 * environment (BENCHMARK_REPETITIONS for --benchmark_repetitions), unchecked.
 * Returns argv with each such variable set given as its flag
 * ("--benchmark_repetitions=VALUE") before argv's own, which override them
 * as they override the variables, and *argc counting them: Google Benchmark
 * then reads the flags, which sb_options_check_benchmark_flags checks. NULL,
 * with sb_last_error(), when a variable's value is one its flag may not
 * take, or the environment sets BENCHMARK_OUT (the file would be written in
 * place, not whole or not at all) or a BENCHMARK_ variable that is not one
 * of Google Benchmark 1.7.1's. The new argv is allocated, for the program's
 * life. */
char **sb_options_take_benchmark_environment(int *argc, char **argv);

/* 0 when `name` can name a results folder: letters, digits, '.', '_' and
 * '-', not "." or "..". -1, with sb_last_error(), otherwise. */
int sb_options_check_machine(const char *name);

#endif
