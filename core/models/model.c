#include "models/model.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/usage.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

const sb_model *const sb_models[] = {
#define SB_MODEL(name, file, colour) &sb_model_##name,
#include "models/models.def"
#undef SB_MODEL
    NULL,
};

unsigned sb_model_index(const sb_model *model)
{
    unsigned index = 0;
    while (sb_models[index] && sb_models[index] != model)
        index++;
    return index;
}

const sb_model *sb_model_find(const char *name)
{
    for (const sb_model *const *m = sb_models; *m; m++)
        if (strcmp((*m)->name, name) == 0)
            return *m;
    sb_set_error("unknown model '%s'", name);
    return NULL;
}

/* The first failing task's reason. It lives in the records' shared mapping,
 * right after them, so that a task failing in a forked child tells the
 * parent why. */
typedef struct task_failure {
    atomic_uint claimed;
    char reason[480];
} task_failure;

static task_failure *failure_of(const sb_job *job, sb_task_record *records)
{
    return (task_failure *)(records + job->tasks);
}

void sb_task_execute(const sb_job *job, sb_task_record *records, unsigned task)
{
    records[task].result = job->workload->run(job->size, task);
    if (sb_workload_take_failure()) {
        task_failure *failure = failure_of(job, records);
        if (atomic_exchange(&failure->claimed, 1) == 0)
            snprintf(failure->reason, sizeof failure->reason, "%s task %u failed: %s", job->workload->name, task,
                     sb_last_error());
    }
    atomic_fetch_add_explicit(&records[task].runs, 1, memory_order_release);
}

static int check_job(const sb_job *job)
{
    if (!job->workload || !job->placement) {
        sb_set_error("a job needs a workload and a placement");
        return -1;
    }
    if (job->tasks == 0 || job->workers == 0) {
        sb_set_error("a job needs at least 1 task and 1 worker (got %u tasks, %u workers)", job->tasks, job->workers);
        return -1;
    }
    if (sb_placement_workers(job->placement) != job->workers) {
        sb_set_error("placement planned for %u workers, job has %u", sb_placement_workers(job->placement), job->workers);
        return -1;
    }
    return 0;
}

/* Every task ran exactly once; their results go to the checksum and out. */
static int collect(const sb_job *job, sb_task_record *records, sb_job_result *result, uint64_t *task_results)
{
    task_failure *failure = failure_of(job, records);
    if (atomic_load(&failure->claimed)) {
        sb_set_error("%s", failure->reason);
        return -1;
    }
    result->checksum = 0;
    for (unsigned t = 0; t < job->tasks; t++) {
        uint32_t runs = atomic_load_explicit(&records[t].runs, memory_order_acquire);
        if (runs != 1) {
            sb_set_error("task %u ran %u times instead of once", t, runs);
            return -1;
        }
        result->checksum += records[t].result;
        if (task_results)
            task_results[t] = records[t].result;
    }
    return 0;
}

int sb_model_run(const sb_model *model, const sb_job *job, sb_job_result *result, uint64_t *task_results)
{
    if (check_job(job) != 0 || sb_workload_open(job->workload, job->size) != 0)
        return -1;
    size_t records_size = job->tasks * sizeof(sb_task_record) + sizeof(task_failure);
    sb_task_record *records = mmap(NULL, records_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (records == MAP_FAILED) {
        sb_set_error("cannot map %zu bytes for task records: %s", records_size, strerror(errno));
        sb_workload_close(job->workload);
        return -1;
    }

    sb_usage self_before = sb_usage_self(), children_before = sb_usage_children(), caller_before = sb_usage_thread();
    uint64_t start = sb_clock_ns();
    int rc = model->run(job, records);
    uint64_t end = sb_clock_ns();
    sb_usage caller = sb_usage_between(caller_before, sb_usage_thread());
    sb_usage self = sb_usage_between(self_before, sb_usage_self());
    sb_usage children = sb_usage_between(children_before, sb_usage_children());

    if (rc == 0) {
        *result = (sb_job_result){
            .wall_s = (double)(end - start) / 1e9,
            .cpu_s = self.user_s + self.system_s + children.user_s + children.system_s,
            .voluntary_switches = self.voluntary_switches + children.voluntary_switches,
            .involuntary_switches = self.involuntary_switches + children.involuntary_switches,
            .peak_rss_kb = self.max_rss_kb > children.max_rss_kb ? self.max_rss_kb : children.max_rss_kb,
            .caller_cpu_s = caller.user_s + caller.system_s,
        };
        rc = collect(job, records, result, task_results);
    }
    munmap(records, records_size);
    sb_workload_close(job->workload);
    return rc;
}
