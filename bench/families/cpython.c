/*
 * The cpython family: the notes' Python constructs (bench/cpython/
 * constructs.def) run by CPython itself, in the same run and results file as
 * the C models, so that each model can be held to the construct it stands
 * for. Their jobs are the models' jobs: `tasks` tasks of cpu_int, timer,
 * http or file_read, at most `workers` under way, each task taking about
 * the task duration alone. bench/cpython/job.py runs them in a CPython
 * child process (python_peer.h), and the program times each job around its
 * request: one iteration is one job, items_per_second tasks per second.
 *
 * Names read
 *     cpython/<workload>/<construct>/workers:<n>/real_time  (as scaling's, placement none)
 *     cpython/<workload>/<construct>/task_us:<n>/real_time  (as granularity's, workers = PUs)
 *
 * A run that only lists its benchmarks starts no Python. Any other asks the
 * interpreter once, at registration, what it is and what it can run (gevent
 * and requests may be missing), for the context. The runners start at the
 * first benchmark that needs them and end with the program: one for the
 * constructs of --python, one for gevent (whose monkey patching must reach
 * no other construct), one for the free-threaded interpreter's ft_ rows.
 */
#include "suite.h"

#include "base/error.h"
#include "gbench.h"
#include "granularity_plan.h"
#include "plan.h"
#include "python_peer.h"
#include "scaling_plan.h"
#include "workloads/latency_server.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct construct {
    const char *name;
    const sb_model *model; /* the model held to it */
} construct;

static const construct constructs[] = {
#define SB_CONSTRUCT(name, model, text) {#name, &sb_model_##model},
#include "cpython/constructs.def"
#undef SB_CONSTRUCT
};
enum { CONSTRUCTS = sizeof constructs / sizeof *constructs };

/* constructs.def's prefix of the rows run by the free-threaded interpreter. */
static const char FREE_THREADED_PREFIX[] = "ft_";

/* The workloads the constructs run, by their C names, which job.py shares;
 * the rows by task duration run the first two, as the granularity family. */
static const sb_workload *const workloads[] = {&sb_workload_cpu_int, &sb_workload_timer, &sb_workload_http,
                                               &sb_workload_file_read};
enum { WORKLOADS = sizeof workloads / sizeof *workloads, DURATION_WORKLOADS = 2 };

/* The family's bounds, which keep it within minutes of a run on any
 * machine. Python's own work for a task (a thread's start, a request's
 * parsing, a hand-over) takes tens to hundreds of microseconds, done in
 * turn under the GIL, so a curve has reached its bound well before its
 * jobs hold hundreds of tasks; a Python process costs milliseconds to fork
 * and reap. Past these, more workers only lengthen the jobs. */
enum {
    MOST_TASKS = 512,         /* in one job */
    MOST_PROCESS_STARTS = 32, /* processes one job starts */
};
/* The rows by task duration stop at 10 ms: a job of 100 ms tasks takes
 * the GIL-bound constructs as long as the rest of the family together. */
static const int64_t MOST_DURATION_US = 10000;

/* A job may take this long, and this many times its tasks' work done in
 * turn, before its runner is taken for hung and killed. */
static const double JOB_TIME_LIMIT_S = 60, JOB_TIME_LIMIT_FACTOR = 10;

typedef enum runner_kind {
    RUNNER_PLAIN,         /* the constructs of --python */
    RUNNER_GEVENT,        /* gevent's, monkey-patched: the same interpreter */
    RUNNER_FREE_THREADED, /* the ft_ rows' */
    RUNNER_KINDS,
} runner_kind;

static const char *const runner_args[RUNNER_KINDS][3] = {
    [RUNNER_PLAIN] = {"--peer", NULL},
    [RUNNER_GEVENT] = {"--peer", "--gevent", NULL},
    [RUNNER_FREE_THREADED] = {"--peer", NULL},
};

/* The size of a workload's tasks of a duration, in one interpreter. */
typedef struct task_sizing {
    bool free_threaded;
    const sb_workload *workload;
    uint64_t ns, size;
} task_sizing;

enum { MOST_SIZES = 64 };

/* What the family holds for the run: each runner's interpreter and, once
 * started, the runner; the task sizes found. Runners outlive the suite's
 * memory (they end at the program's exit), so this is the file's. */
static struct {
    const char *python[RUNNER_KINDS]; /* NULL: none to run */
    char free_threaded_path[4096];    /* the one found on PATH */
    sb_python_peer *runner[RUNNER_KINDS];
    bool stop_at_exit;
    task_sizing sizes[MOST_SIZES];
    size_t size_count;
} family;

/* One curve: a construct on a workload, by workers or by task duration. */
typedef struct curve {
    const construct *construct;
    const sb_workload *workload;
    unsigned pus;
    unsigned tasks_per_worker;
    uint64_t task_ns;         /* by workers: every task's duration */
    unsigned workers;         /* by duration: every job's workers */
    bool by_duration;
    int64_t points[SB_SCALING_MAX_POINTS]; /* workers or task durations (us), ascending */
    size_t point_count;
} curve;

static bool is_free_threaded(const construct *c)
{
    return strncmp(c->name, FREE_THREADED_PREFIX, sizeof FREE_THREADED_PREFIX - 1) == 0;
}

/* The runner of a construct: gevent's is the one construct that needs
 * gevent's patching (constructs.py's NEEDS_GEVENT, whose runners refuse a
 * construct of the other kind). */
static runner_kind runner_of(const construct *c)
{
    if (is_free_threaded(c))
        return RUNNER_FREE_THREADED;
    return strcmp(c->name, "gevent") == 0 ? RUNNER_GEVENT : RUNNER_PLAIN;
}

/* Ends the runner of `kind`, if it runs: the next request starts it anew. */
static void stop_runner(runner_kind kind)
{
    sb_python_peer_stop(family.runner[kind]);
    family.runner[kind] = NULL;
}

static void stop_runners(void)
{
    for (int kind = 0; kind < RUNNER_KINDS; kind++)
        stop_runner((runner_kind)kind);
}

/* The runner of `kind`, started at its first use; NULL, with
 * sb_last_error(), when it cannot start. */
static sb_python_peer *runner(runner_kind kind)
{
    if (!family.runner[kind]) {
        family.runner[kind] = sb_python_peer_start(family.python[kind], "job.py", runner_args[kind]);
        if (family.runner[kind] && !family.stop_at_exit)
            family.stop_at_exit = atexit(stop_runners) == 0;
    }
    return family.runner[kind];
}

/* Asks the runner of `kind`; the reply (the caller frees) or NULL, with
 * sb_last_error(), the runner then stopped, whatever state the failure
 * left it in. */
static char *ask(runner_kind kind, const char *request)
{
    sb_python_peer *peer = runner(kind);
    char *reply = peer ? sb_python_peer_ask(peer, request) : NULL;
    if (peer && !reply)
        stop_runner(kind);
    return reply;
}

/* The size of `workload`'s tasks of `ns` in the interpreter of `kind`,
 * found once per run by that interpreter (gevent's runner takes its
 * interpreter's); 0, with sb_last_error(), when it cannot be. */
static uint64_t task_size(runner_kind kind, const sb_workload *workload, uint64_t ns)
{
    bool free_threaded = kind == RUNNER_FREE_THREADED;
    for (size_t i = 0; i < family.size_count; i++)
        if (family.sizes[i].free_threaded == free_threaded && family.sizes[i].workload == workload &&
            family.sizes[i].ns == ns)
            return family.sizes[i].size;
    char request[128];
    snprintf(request, sizeof request, "calibrate %s %" PRIu64, workload->name, ns);
    char *reply = ask(free_threaded ? RUNNER_FREE_THREADED : RUNNER_PLAIN, request);
    if (!reply)
        return 0;
    char *end;
    uint64_t size = strtoull(reply, &end, 10);
    if (end == reply || *end != '\0' || size == 0) {
        sb_set_error("job.py sized %s's tasks of %" PRIu64 " ns as '%.60s', not a size", workload->name, ns, reply);
        size = 0;
    } else if (family.size_count < MOST_SIZES) {
        family.sizes[family.size_count++] = (task_sizing){free_threaded, workload, ns, size};
    }
    free(reply);
    return size;
}

/* One point of a curve: its job's shape. */
typedef struct job_shape {
    unsigned workers, tasks;
    uint64_t task_ns, size;
} job_shape;

/* The workers, tasks and task duration of the job at a curve's point. */
static job_shape counts_at(const curve *c, int64_t point)
{
    unsigned per_worker = sb_plan_lean_jobs() ? 1 : c->tasks_per_worker;
    if (!c->by_duration)
        return (job_shape){(unsigned)point, per_worker * (unsigned)point, c->task_ns, 0};
    return (job_shape){c->workers, sb_granularity_tasks(c->pus, point), (uint64_t)point * 1000, 0};
}

/* The shape of the job at a curve's point; its size 0, with
 * sb_last_error(), when the tasks cannot be sized. By duration, the sizes
 * come from one calibration, at the longest duration, in proportion (as in
 * the granularity family): separate calibrations would each time the
 * machine anew and bend the duration axis. */
static job_shape shape_at(const curve *c, int64_t point)
{
    runner_kind kind = runner_of(c->construct);
    job_shape job = counts_at(c, point);
    if (!c->by_duration) {
        job.size = task_size(kind, c->workload, c->task_ns);
        return job;
    }
    uint64_t longest_ns = (uint64_t)MOST_DURATION_US * 1000;
    uint64_t longest = task_size(kind, c->workload, longest_ns);
    uint64_t size = (uint64_t)((double)longest * (double)job.task_ns / (double)longest_ns + 0.5);
    job.size = longest == 0 ? 0 : size ? size : 1;
    return job;
}

/* One job per iteration, priced as its model's (scaling_plan.h): the
 * interpreter's own costs are not known before it starts. */
static sb_gbench_cost job_cost(const void *arg, int64_t point)
{
    const curve *c = arg;
    job_shape job = counts_at(c, point);
    sb_scaling_curve priced = sb_scaling_curve_of(c->construct->model, c->workload, SB_PLACE_NONE, job.task_ns);
    const sb_scaling_costs *costs = sb_scaling_costs_of_run();
    return (sb_gbench_cost){
        .iteration_s = costs ? sb_scaling_job_s(c->pus, costs, &priced, job.workers, job.tasks) : 0,
        .spare = c->by_duration ? 0 : sb_scaling_spare(c->pus, c->points, c->point_count, point),
    };
}

/* Readies the runner for the job's workload: the scratch file, or the
 * latency server's URL for http (*server, which the caller stops after). */
static int open_workload(runner_kind kind, const curve *c, const job_shape *job, sb_latency_server **server)
{
    char request[256];
    int length = snprintf(request, sizeof request, "open %s %" PRIu64, c->workload->name, job->size);
    if (c->workload == &sb_workload_http) {
        if (!(*server = sb_latency_server_start()))
            return -1;
        snprintf(request + length, sizeof request - (size_t)length, " http://127.0.0.1:%u/delay/%" PRIu64 "us/",
                 sb_latency_server_port(*server), job->size);
    }
    char *reply = ask(kind, request);
    free(reply);
    return reply ? 0 : -1;
}

static void bench_job(sb_gbench_state *state, const void *arg)
{
    const curve *c = arg;
    runner_kind kind = runner_of(c->construct);
    job_shape job = shape_at(c, sb_gbench_arg(state));
    sb_latency_server *server = NULL;
    if (job.size == 0 || open_workload(kind, c, &job, &server) != 0) {
        sb_gbench_fail(state, sb_last_error());
        sb_latency_server_stop(server);
        return;
    }
    char request[256];
    snprintf(request, sizeof request, "job %s %s %" PRIu64 " %u %u", c->construct->name, c->workload->name, job.size,
             job.workers, job.tasks);
    sb_python_peer_set_timeout(runner(kind),
                               JOB_TIME_LIMIT_S + JOB_TIME_LIMIT_FACTOR * job.tasks * (double)job.task_ns / 1e9);
    uint64_t batch, jobs = 0;
    bool failed = false;
    while (sb_gbench_next_batch(state, &batch)) {
        for (uint64_t i = 0; i < batch && !failed; i++) {
            char *reply = ask(kind, request);
            failed = !reply;
            jobs += !failed;
            free(reply);
        }
    }
    sb_latency_server_stop(server);
    if (failed) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    sb_gbench_items_processed(state, (int64_t)(jobs * job.tasks));
    sb_gbench_counter(state, "workers", job.workers, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "tasks", job.tasks, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "task_us", (double)job.task_ns / 1e3, SB_GBENCH_COUNTER_PLAIN);
}

/* Why a job of `workers` workers and `tasks` tasks of `model`'s kind is
 * past the family's bounds, in `why`; 0 when it is not. */
static int past_bounds(const sb_model *model, unsigned workers, unsigned tasks, char *why, size_t size)
{
    unsigned processes = (model->per_task == SB_MODEL_UNIT_PROCESS ? tasks : 0) +
                         (model->per_worker == SB_MODEL_UNIT_PROCESS ? workers : 0);
    if (tasks > MOST_TASKS)
        snprintf(why, size, "a job of %u workers would run %u tasks, and the family runs at most %d a job", workers,
                 tasks, MOST_TASKS);
    else if (processes > MOST_PROCESS_STARTS)
        snprintf(why, size, "a job of %u workers and %u tasks would start %u processes, and the family starts at "
                 "most %d a job", workers, tasks, processes, MOST_PROCESS_STARTS);
    return tasks > MOST_TASKS || processes > MOST_PROCESS_STARTS;
}

/* The curve's worker counts: the scaling family's axis for the model held
 * to the construct, placement none, as far as the machine allows (its
 * starts unpriced: the family's own bounds stand in for Python's prices;
 * coroutines no further than --max-workers, as a Python coroutine's task
 * costs about what a thread's does), then cut at the family's bounds.
 * `stop` says why it ends where it does. */
static void plan_workers(const sb_suite *suite, curve *c, char *stop, size_t size)
{
    const sb_model *model = c->construct->model;
    if (model == &sb_model_seq) { /* the baseline: one worker */
        c->points[0] = 1;
        c->point_count = 1;
        return;
    }
    static const sb_scaling_costs unpriced = {{0}};
    sb_scaling_curve scaling = sb_scaling_curve_of(model, c->workload, SB_PLACE_NONE, c->task_ns);
    sb_suite asked = *suite;
    asked.max_coroutines = suite->max_workers;
    sb_scaling_axis axis;
    sb_scaling_axis_plan(&asked, &unpriced, &scaling, &axis);
    snprintf(stop, size, "%s", axis.stop);
    c->point_count = 0;
    for (size_t i = 0; i < axis.count; i++) {
        unsigned workers = (unsigned)axis.workers[i];
        char why[300];
        if (past_bounds(model, workers, c->tasks_per_worker * workers, why, sizeof why)) {
            snprintf(stop, size, "stops at %" PRId64 " of %" PRId64 " workers: %s", i ? axis.workers[i - 1] : 0,
                     axis.workers[axis.count - 1], why);
            break;
        }
        c->points[c->point_count++] = workers;
    }
}

/* The curve's task durations: the granularity family's up to
 * MOST_DURATION_US, at which a job starts what the family allows. `stop`
 * says which were left out and why. */
static void plan_durations(curve *c, char *stop, size_t size)
{
    c->point_count = 0;
    for (size_t d = 0; d < SB_GRANULARITY_DURATIONS && sb_granularity_task_us[d] <= MOST_DURATION_US; d++) {
        int64_t us = sb_granularity_task_us[d];
        char why[300];
        if (!past_bounds(c->construct->model, c->workers, sb_granularity_tasks(c->pus, us), why, sizeof why)) {
            c->points[c->point_count++] = us;
            continue;
        }
        size_t used = strlen(stop);
        snprintf(stop + used, size - used, "%stask_us %" PRId64 " not run: %s", used ? "; " : "", us, why);
    }
}

static void register_curve(sb_suite *suite, const curve *c, const char *stop)
{
    char key[200];
    snprintf(key, sizeof key, "%s/%s/%s", c->by_duration ? "cpython_granularity_stop" : "cpython_stop",
             c->workload->name, c->construct->name);
    if (stop[0])
        sb_gbench_add_context(key, stop);
    if (c->point_count == 0)
        return;
    const curve *kept = sb_suite_keep(suite, c, sizeof *c);
    char name[160];
    snprintf(name, sizeof name, "cpython/%s/%s", c->workload->name, c->construct->name);
    sb_gbench_options options = {
        .arg_name = c->by_duration ? "task_us" : "workers",
        .args = kept->points,
        .arg_count = kept->point_count,
        .real_time = true,
        .unit = SB_GBENCH_MS,
        .cost = job_cost,
    };
    sb_gbench_register(name, bench_job, kept, &options);
}

/* Whether `path` is a file this process may run. */
static bool runnable(const char *path)
{
    return path && path[0] && access(path, X_OK) == 0;
}

/* The minor versions of a free-threaded python3.<N>t looked for on PATH:
 * from the first release that has such builds. */
enum { FIRST_FREE_THREADED_MINOR = 13, LAST_MINOR_LOOKED_FOR = 40 };

/* The first python3.<N>t on PATH of the newest N, into
 * family.free_threaded_path; false when there is none. */
static bool find_free_threaded_on_path(void)
{
    const char *path = getenv("PATH");
    bool found = false;
    for (int minor = FIRST_FREE_THREADED_MINOR; minor <= LAST_MINOR_LOOKED_FOR; minor++) {
        for (const char *dir = path; dir && *dir;) {
            size_t length = strcspn(dir, ":");
            char candidate[sizeof family.free_threaded_path];
            int written = snprintf(candidate, sizeof candidate, "%.*s/python3.%dt", (int)length, dir, minor);
            if (length > 0 && written < (int)sizeof candidate && runnable(candidate)) {
                memcpy(family.free_threaded_path, candidate, (size_t)written + 1);
                found = true;
                break;
            }
            dir += length + (dir[length] == ':');
        }
    }
    return found;
}

/* The free-threaded interpreter: --free-threaded-python, or the newest on
 * PATH; NULL with why there is none in `why`. */
static const char *free_threaded_python(const sb_suite *suite, char *why, size_t size)
{
    if (suite->free_threaded_python) {
        if (runnable(suite->free_threaded_python))
            return suite->free_threaded_python;
        snprintf(why, size, "none: --free-threaded-python '%s' cannot be run: %s", suite->free_threaded_python,
                 strerror(errno));
        return NULL;
    }
    if (find_free_threaded_on_path())
        return family.free_threaded_path;
    snprintf(why, size, "none: no python3.<N>t (N from %d) on PATH, and no --free-threaded-python",
             FIRST_FREE_THREADED_MINOR);
    return NULL;
}

/* What a new runner of `kind` says of its interpreter and of each
 * workload-construct pair it would run: each pair it cannot run gets the
 * reason in `cannot` ("" for those it can). 0, or -1 with sb_last_error()
 * when the runner cannot start or answer. */
static int probe(runner_kind kind, char facts[][256], const char *const keys[], size_t key_count,
                 const sb_suite *suite, char cannot[WORKLOADS][CONSTRUCTS][300])
{
    sb_python_peer *peer = sb_python_peer_start(family.python[kind], "job.py", runner_args[kind]);
    if (!peer)
        return -1;
    for (size_t k = 0; k < key_count; k++) {
        char request[64];
        snprintf(request, sizeof request, "about %s", keys[k]);
        char *reply = sb_python_peer_ask(peer, request);
        if (!reply) {
            sb_python_peer_stop(peer);
            return -1;
        }
        snprintf(facts[k], sizeof facts[k], "%s", reply);
        free(reply);
    }
    for (unsigned w = 0; w < WORKLOADS; w++) {
        for (unsigned k = 0; k < CONSTRUCTS; k++) {
            if (!sb_suite_has(suite->workloads, sb_workload_index(workloads[w])) ||
                (runner_of(&constructs[k]) == RUNNER_FREE_THREADED) != (kind == RUNNER_FREE_THREADED))
                continue;
            char request[128];
            snprintf(request, sizeof request, "check %s %s", workloads[w]->name, constructs[k].name);
            char *reply = sb_python_peer_ask(peer, request);
            if (!reply)
                snprintf(cannot[w][k], sizeof cannot[w][k], "not run: %s", sb_last_error());
            free(reply);
        }
    }
    sb_python_peer_stop(peer);
    return 0;
}

static bool construct_chosen(const sb_suite *suite, const construct *c)
{
    return sb_suite_has(suite->models, sb_model_index(c->model)) &&
           (!is_free_threaded(c) || family.python[RUNNER_FREE_THREADED]);
}

/* Asks the interpreters what they are and can run, for the context
 * (`no_free_threaded` says why there is no free-threaded one, where there
 * is none): `cannot` gets the pairs they cannot run. False, the reason in
 * the context, when --python cannot run the family at all. */
static bool probe_interpreters(const sb_suite *suite, const char *no_free_threaded,
                               char cannot[WORKLOADS][CONSTRUCTS][300])
{
    static const char *const keys[] = {"version", "executable", "start_method"};
    static const char *const context_keys[] = {"cpython_version", "cpython_executable", "cpython_start_method"};
    char facts[3][256];
    if (probe(RUNNER_PLAIN, facts, keys, 3, suite, cannot) != 0) {
        sb_gbench_add_context("cpython_skipped", sb_last_error());
        return false;
    }
    for (size_t k = 0; k < 3; k++)
        sb_gbench_add_context(context_keys[k], facts[k]);
    char free_threaded[4400];
    const char *python = family.python[RUNNER_FREE_THREADED];
    if (python) {
        static const char *const ft_keys[] = {"version", "gil"};
        char ft_facts[2][256];
        if (probe(RUNNER_FREE_THREADED, ft_facts, ft_keys, 2, suite, cannot) != 0)
            snprintf(free_threaded, sizeof free_threaded, "none: %s", sb_last_error());
        else if (strcmp(ft_facts[1], "disabled") != 0)
            snprintf(free_threaded, sizeof free_threaded, "none: %s (%s) runs with the GIL", python, ft_facts[0]);
        else
            snprintf(free_threaded, sizeof free_threaded, "%s (%s)", python, ft_facts[0]);
        if (strncmp(free_threaded, "none: ", 6) == 0)
            family.python[RUNNER_FREE_THREADED] = NULL;
    } else {
        snprintf(free_threaded, sizeof free_threaded, "%s", no_free_threaded);
    }
    sb_gbench_add_context("cpython_free_threaded", free_threaded);
    return true;
}

void sb_cpython_register(sb_suite *suite)
{
    bool any_workload = false, any_model = false;
    for (unsigned w = 0; w < WORKLOADS; w++)
        any_workload |= sb_suite_has(suite->workloads, sb_workload_index(workloads[w]));
    for (unsigned k = 0; k < CONSTRUCTS; k++)
        any_model |= sb_suite_has(suite->models, sb_model_index(constructs[k].model));
    if (!any_workload || !any_model)
        return;
    if (!runnable(suite->python)) {
        if (!suite->listing) {
            char why[4400];
            snprintf(why, sizeof why, "no Python interpreter at '%s': %s", suite->python, strerror(errno));
            sb_gbench_add_context("cpython_skipped", why);
        }
        return;
    }
    family.python[RUNNER_PLAIN] = family.python[RUNNER_GEVENT] = suite->python;
    char no_free_threaded[4400] = "";
    family.python[RUNNER_FREE_THREADED] = free_threaded_python(suite, no_free_threaded, sizeof no_free_threaded);

    static char cannot[WORKLOADS][CONSTRUCTS][300];
    memset(cannot, 0, sizeof cannot);
    if (!suite->listing && !probe_interpreters(suite, no_free_threaded, cannot))
        return;

    unsigned pus = sb_topology_count(suite->topology, HWLOC_OBJ_PU);
    for (int by_duration = 0; by_duration < 2; by_duration++) {
        for (unsigned w = 0; w < (by_duration ? DURATION_WORKLOADS : WORKLOADS); w++) {
            if (!sb_suite_has(suite->workloads, sb_workload_index(workloads[w])))
                continue;
            for (unsigned k = 0; k < CONSTRUCTS; k++) {
                const construct *c = &constructs[k];
                if (!construct_chosen(suite, c))
                    continue;
                curve made = {
                    .construct = c,
                    .workload = workloads[w],
                    .pus = pus,
                    .tasks_per_worker = suite->tasks_per_worker,
                    .task_ns = suite->task_ns,
                    .workers = c->model == &sb_model_seq ? 1 : pus,
                    .by_duration = by_duration,
                };
                char stop[1200] = "";
                if (cannot[w][k][0])
                    snprintf(stop, sizeof stop, "%s", cannot[w][k]);
                else if (by_duration)
                    plan_durations(&made, stop, sizeof stop);
                else
                    plan_workers(suite, &made, stop, sizeof stop);
                register_curve(suite, &made, stop);
            }
        }
    }
}
