/*
 * models/coroutine: the runner behind the coroutine model, for callers that
 * choose the hub's backend or read its counters (tests, benchmarks).
 * Internal to the models and their tests.
 */
#ifndef SLICEBENCH_MODELS_COROUTINE_H
#define SLICEBENCH_MODELS_COROUTINE_H

#include "coro/hub.h"
#include "models/model.h"

/* Runs every task of `job` as a coroutine on one hub with `backend`, on the
 * calling thread, at most `workers` alive at once, and stores the hub's
 * counters in *stats when it is not NULL. As sb_model.run. */
int sb_coroutine_model_run(const sb_job *job, sb_task_record *records, sb_hub_backend backend, sb_hub_stats *stats);

#endif
