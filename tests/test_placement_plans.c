/* placement plans: the PUs each policy chooses for each number of workers,
 * on machines hwloc stands in for (synthetic ones, and the XML files of
 * tests/topologies/) and on this one. Planning binds nothing, so a machine
 * with PUs this one lacks is planned on like any other.
 *
 * A plan is checked against its policy's order, the PUs a plan for as many
 * workers as PUs hands out: worker w of any plan must get the order's PU
 * w mod PUs. The order itself is checked against what each policy promises
 * (base/placement.h) and, for the smaller machines, against the PUs listed
 * below, worked out by hand from the policy's rule. The process models start
 * each task in a seat and bind it to the seat's worker's PU, so they are
 * checked through the seats too. */
#include "base/error.h"
#include "base/placement.h"
#include "models/spawner.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

enum { LISTED_MAX = 32 };

typedef struct machine {
    const char *name;
    const char *synthetic; /* hwloc's synthetic description; or */
    const char *xml;       /* a file of tests/topologies/; neither: this machine */
    /* What sb_topology_describe says of its counts; NULL: not known here. */
    const char *described;
    /* Every package, NUMA node and core alike, so scatter balances each. */
    bool even;
    /* The first `listed` PUs (OS indexes) of compact's and scatter's orders. */
    unsigned listed;
    int compact[LISTED_MAX];
    int scatter[LISTED_MAX];
    /* PUs the machine has but its cpuset does not allow; -1 ends the list. */
    int disallowed[LISTED_MAX];
} machine;

static const machine machines[] = {
    /* One package, one NUMA node, no SMT: compact and scatter agree. */
    {"one package", "core:8 pu:1", NULL, "1 package, 8 cores, 8 PUs, 1 NUMA node", true, 8,
     {0, 1, 2, 3, 4, 5, 6, 7},
     {0, 1, 2, 3, 4, 5, 6, 7},
     {-1}},
    {"two packages with SMT", "pack:2 core:4 pu:2", NULL, "2 packages, 8 cores, 16 PUs, 1 NUMA node", true, 16,
     {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
     {0, 8, 2, 10, 4, 12, 6, 14, 1, 9, 3, 11, 5, 13, 7, 15},
     {-1}},
    /* As Linux numbers Intel's hyperthreads: core c has PUs c and c + 8. */
    {"two packages with SMT numbered by thread", "pack:2 core:4 pu:2(indexes=2*8:1*2)", NULL,
     "2 packages, 8 cores, 16 PUs, 1 NUMA node", true, 16,
     {0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15},
     {0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15},
     {-1}},
    {"two caches in a package", "pack:1 l3:2 core:4 pu:2", NULL, "1 package, 8 cores, 16 PUs, 1 NUMA node", true, 16,
     {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
     {0, 8, 2, 10, 4, 12, 6, 14, 1, 9, 3, 11, 5, 13, 7, 15},
     {-1}},
    {"four NUMA nodes", "pack:2 numa:2 core:4 pu:2", NULL, "2 packages, 16 cores, 32 PUs, 4 NUMA nodes", true, 32,
     {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
      16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31},
     {0, 16, 8, 24, 2, 18, 10, 26, 4, 20, 12, 28, 6, 22, 14, 30,
      1, 17, 9, 25, 3, 19, 11, 27, 5, 21, 13, 29, 7, 23, 15, 31},
     {-1}},
    /* A package of 2 cores of 2 PUs, and one of 4 cores of 1 PU: the fourth
     * worker finds a core of its own only in the busier package. */
    {"asymmetric", NULL, "asymmetric.xml", "2 packages, 6 cores, 8 PUs, 1 NUMA node", false, 8,
     {0, 1, 2, 3, 8, 10, 12, 14},
     {0, 8, 2, 10, 12, 14, 1, 3},
     {-1}},
    /* 16 PUs, of which a container's cpuset allows 1, 2, 3, 5 and 8-11. */
    {"a cpuset", NULL, "cpuset.xml", "2 packages, 5 cores, 8 PUs, 1 NUMA node", false, 8,
     {1, 2, 3, 5, 8, 9, 10, 11},
     {1, 8, 2, 10, 5, 9, 3, 11},
     {0, 4, 6, 7, 12, 13, 14, 15, -1}},
    /* 256 PUs: the first scatter puts one worker on each NUMA node. */
    {"256 PUs", "pack:2 numa:4 core:16 pu:2", NULL, "2 packages, 128 cores, 256 PUs, 8 NUMA nodes", true, 8,
     {0, 1, 2, 3, 4, 5, 6, 7},
     {0, 128, 32, 160, 64, 192, 96, 224},
     {-1}},
    {"this machine", NULL, NULL, NULL, false, 0, {0}, {0}, {-1}},
};

enum { MACHINES = sizeof machines / sizeof machines[0] };

static sb_topology *open_machine(const machine *m)
{
    if (m->synthetic)
        return sb_topology_open_synthetic(m->synthetic);
    if (m->xml) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", SB_TEST_TOPOLOGIES, m->xml);
        return sb_topology_open_xml(path);
    }
    return sb_topology_open();
}

/* One machine, open, with what a check needs to know of its PUs. */
typedef struct opened {
    const machine *m;
    sb_topology *topology;
    hwloc_topology_t hwloc;
    unsigned pus;
    unsigned os_indexes; /* one past the largest OS index of a PU it has, allowed or not */
} opened;

static opened open_checked(const machine *m)
{
    sb_topology *topology = open_machine(m);
    if (!topology)
        fail_msg("%s: %s", m->name, sb_last_error());
    char text[256];
    if (m->described && !strstr(sb_topology_describe(topology, text, sizeof text), m->described))
        fail_msg("%s: described as \"%s\", not \"%s\"", m->name, text, m->described);
    hwloc_topology_t hwloc = sb_topology_hwloc(topology);
    return (opened){m, topology, hwloc, sb_topology_count(topology, HWLOC_OBJ_PU),
                    (unsigned)hwloc_bitmap_last(hwloc_topology_get_complete_cpuset(hwloc)) + 1};
}

static int os_index_of(const opened *o, unsigned logical)
{
    return (int)hwloc_get_obj_by_type(o->hwloc, HWLOC_OBJ_PU, logical)->os_index;
}

static bool is_disallowed(const machine *m, int pu)
{
    for (const int *d = m->disallowed; *d >= 0; d++)
        if (*d == pu)
            return true;
    return false;
}

/* The PUs a plan for `workers` workers gives them, each checked to be one
 * the machine allows. The caller frees them. */
static int *planned_pus(const opened *o, sb_placement_policy policy, unsigned workers)
{
    sb_placement *p = sb_placement_plan(o->topology, policy, workers);
    if (!p)
        fail_msg("%s: %s for %u workers: %s", o->m->name, sb_placement_policy_name(policy), workers, sb_last_error());
    int *pus = calloc(workers, sizeof *pus);
    assert_non_null(pus);
    for (unsigned w = 0; w < workers; w++) {
        pus[w] = sb_placement_pu(p, w);
        if (policy == SB_PLACE_NONE)
            continue;
        if (pus[w] < 0 || !hwloc_bitmap_isset(hwloc_topology_get_allowed_cpuset(o->hwloc), (unsigned)pus[w]) ||
            is_disallowed(o->m, pus[w]))
            fail_msg("%s: %s gives worker %u PU %d, which the machine does not allow", o->m->name,
                     sb_placement_policy_name(policy), w, pus[w]);
    }
    sb_placement_free(p);
    return pus;
}

/* The logical index of the object of `type` holding PU `pu`, or -1 when the
 * machine has no level of that type. */
static int holder(const opened *o, hwloc_obj_type_t type, int pu)
{
    for (int i = 0; i < hwloc_get_nbobjs_by_type(o->hwloc, type); i++)
        if (hwloc_bitmap_isset(hwloc_get_obj_by_type(o->hwloc, type, (unsigned)i)->cpuset, (unsigned)pu))
            return i;
    return -1;
}

static void expect_listed(const opened *o, const char *policy, const int *order, const int *listed)
{
    for (unsigned i = 0; i < o->m->listed; i++)
        if (order[i] != listed[i])
            fail_msg("%s: %s gives worker %u PU %d, not PU %d", o->m->name, policy, i, order[i], listed[i]);
}

static void expect_each_pu_once(const opened *o, const char *policy, const int *order)
{
    int *worker_on = malloc(o->os_indexes * sizeof *worker_on);
    assert_non_null(worker_on);
    memset(worker_on, -1, o->os_indexes * sizeof *worker_on);
    for (unsigned w = 0; w < o->pus; w++) {
        if (worker_on[order[w]] >= 0)
            fail_msg("%s: %s gives PU %d to workers %d and %u while PUs are free", o->m->name, policy, order[w],
                     worker_on[order[w]], w);
        worker_on[order[w]] = (int)w;
    }
    free(worker_on);
}

/* The workers placed so far on each object of one type. */
typedef struct tally {
    hwloc_obj_type_t type;
    unsigned *load; /* by logical index */
} tally;

/* Counts the worker on PU `pu` in the object holding it, and says whether
 * that object held the fewest workers of those with PUs (yes when the machine
 * has no object of the type) and whether it held none. */
static bool count_in_least_loaded(const opened *o, tally *t, int pu, bool *was_empty)
{
    int joined = holder(o, t->type, pu);
    *was_empty = joined < 0 || t->load[joined] == 0;
    if (joined < 0)
        return true;
    bool least = true;
    for (int i = 0; i < hwloc_get_nbobjs_by_type(o->hwloc, t->type); i++)
        if (!hwloc_bitmap_iszero(hwloc_get_obj_by_type(o->hwloc, t->type, (unsigned)i)->cpuset))
            least = least && t->load[joined] <= t->load[i];
    t->load[joined]++;
    return least;
}

/* Scatter's order, worker by worker: a core takes a second worker only when
 * every core has one, and on an even machine every worker joins a package,
 * a NUMA node and a core among those holding the fewest workers. */
static void expect_scatter_spread(const opened *o, const int *order)
{
    tally levels[] = {{HWLOC_OBJ_PACKAGE, NULL}, {HWLOC_OBJ_NUMANODE, NULL}, {HWLOC_OBJ_CORE, NULL}};
    enum { LEVELS = sizeof levels / sizeof levels[0] };
    const tally *cores = &levels[LEVELS - 1];
    for (unsigned l = 0; l < LEVELS; l++)
        assert_non_null(levels[l].load = calloc(sb_topology_count(o->topology, levels[l].type), sizeof(unsigned)));
    unsigned free_cores = sb_topology_count(o->topology, HWLOC_OBJ_CORE);
    for (unsigned w = 0; w < o->pus; w++)
        for (tally *t = levels; t < levels + LEVELS; t++) {
            bool was_empty;
            bool least = count_in_least_loaded(o, t, order[w], &was_empty);
            if (o->m->even && !least)
                fail_msg("%s: scatter puts worker %u on PU %d, in a %s holding more workers than another",
                         o->m->name, w, order[w], hwloc_obj_type_string(t->type));
            if (t == cores && !was_empty && free_cores > 0)
                fail_msg("%s: scatter puts worker %u on the busy core of PU %d while a core is free", o->m->name, w,
                         order[w]);
            if (t == cores && was_empty && free_cores > 0)
                free_cores--;
        }
    for (unsigned l = 0; l < LEVELS; l++)
        free(levels[l].load);
}

static void expect_order(const opened *o, sb_placement_policy policy, const int *order)
{
    const char *name = sb_placement_policy_name(policy);
    switch (policy) {
    case SB_PLACE_NONE:
        for (unsigned w = 0; w < o->pus; w++)
            assert_int_equal(order[w], -1);
        return;
    case SB_PLACE_SINGLE:
        for (unsigned w = 0; w < o->pus; w++)
            assert_int_equal(order[w], os_index_of(o, 0));
        return;
    case SB_PLACE_COMPACT:
        for (unsigned w = 0; w < o->pus; w++)
            if (order[w] != os_index_of(o, w))
                fail_msg("%s: compact gives worker %u PU %d, not the %u-th in topology order", o->m->name, w,
                         order[w], w);
        expect_each_pu_once(o, name, order);
        expect_listed(o, name, order, o->m->compact);
        return;
    case SB_PLACE_SCATTER:
        expect_each_pu_once(o, name, order);
        expect_scatter_spread(o, order);
        expect_listed(o, name, order, o->m->scatter);
        return;
    default:
        fail();
    }
}

/* Every plan hands out the first workers' PUs of the order, so one more
 * worker never moves the others, and past the PUs starts the order again. */
static void expect_plan_follows_the_order(const opened *o, sb_placement_policy policy, const int *order,
                                          unsigned workers)
{
    int *pus = planned_pus(o, policy, workers);
    for (unsigned w = 0; w < workers; w++)
        if (pus[w] != order[w % o->pus])
            fail_msg("%s: %s for %u workers gives worker %u PU %d, not PU %d", o->m->name,
                     sb_placement_policy_name(policy), workers, w, pus[w], order[w % o->pus]);
    free(pus);
}

static void every_policy_chooses_as_it_promises_on_every_machine(void **state)
{
    (void)state;
    for (unsigned i = 0; i < MACHINES; i++) {
        opened o = open_checked(&machines[i]);
        for (int policy = 0; policy < SB_PLACE_POLICY_COUNT; policy++) {
            int *order = planned_pus(&o, (sb_placement_policy)policy, o.pus);
            expect_order(&o, (sb_placement_policy)policy, order);
            for (unsigned workers = 1; workers <= o.pus + 1; workers++)
                expect_plan_follows_the_order(&o, (sb_placement_policy)policy, order, workers);
            expect_plan_follows_the_order(&o, (sb_placement_policy)policy, order, 2 * o.pus + 1);
            free(order);
        }
        sb_topology_close(o.topology);
    }
}

/* The process and thread models start each task in a free seat and bind it
 * to the PU of the seat's worker. Seats freed out of order (last started,
 * first done) must still never put two running tasks on one PU while the
 * workers fit the PUs. */
typedef struct seating {
    const opened *o;
    sb_placement *plan;
    unsigned *running_on; /* by PU OS index */
    unsigned *started;    /* seats in flight, the latest last */
    unsigned in_flight;
} seating;

static int seat_task(void *context, unsigned worker, unsigned task)
{
    seating *s = context;
    int pu = sb_placement_pu(s->plan, worker);
    if (s->running_on[pu]++ > 0)
        fail_msg("%s: task %u starts on PU %d, where another task runs", s->o->m->name, task, pu);
    s->started[s->in_flight++] = worker;
    return 0;
}

static int finish_latest(void *context, unsigned *worker)
{
    seating *s = context;
    *worker = s->started[--s->in_flight];
    s->running_on[sb_placement_pu(s->plan, *worker)]--;
    return 0;
}

static void tasks_in_seats_never_share_a_pu_while_pus_are_free(void **state)
{
    (void)state;
    static const sb_spawner_ops ops = {.start = seat_task, .wait_any = finish_latest};
    for (unsigned i = 0; i < MACHINES; i++) {
        opened o = open_checked(&machines[i]);
        for (int policy = SB_PLACE_COMPACT; policy <= SB_PLACE_SCATTER; policy++)
            for (unsigned workers = 1; workers <= o.pus; workers++) {
                seating s = {.o = &o, .plan = sb_placement_plan(o.topology, (sb_placement_policy)policy, workers)};
                s.running_on = calloc(o.os_indexes, sizeof *s.running_on);
                s.started = calloc(workers, sizeof *s.started);
                assert_true(s.plan && s.running_on && s.started);
                assert_int_equal(sb_spawner_run(&ops, &s, 3 * workers, workers), 0);
                assert_int_equal(s.in_flight, 0);
                free(s.running_on);
                free(s.started);
                sb_placement_free(s.plan);
            }
        sb_topology_close(o.topology);
    }
}

/* Binding on a machine this one only pretends to be would do nothing, or
 * land on a different PU: it fails, naming why, and policy none still runs. */
static void a_stand_in_machine_is_planned_on_but_not_bound_to(void **state)
{
    (void)state;
    sb_topology *t = sb_topology_open_synthetic("pack:2 core:4 pu:2");
    assert_non_null(t);
    sb_placement *p = sb_placement_plan(t, SB_PLACE_COMPACT, 2);
    assert_non_null(p);
    assert_int_equal(sb_placement_bind_thread(p, 1), -1);
    assert_non_null(strstr(sb_last_error(), "stands in for another machine"));
    assert_int_equal(sb_placement_bind_process(p, 1), -1);
    assert_int_equal(sb_placement_check(p), -1);
    sb_placement_free(p);
    p = sb_placement_plan(t, SB_PLACE_NONE, 2);
    assert_non_null(p);
    assert_int_equal(sb_placement_check(p), 0);
    sb_placement_free(p);
    sb_topology_close(t);
}

static void an_unreadable_machine_is_refused_with_its_name(void **state)
{
    (void)state;
    assert_null(sb_topology_open_synthetic("pack:2 wheel:3"));
    assert_non_null(strstr(sb_last_error(), "'pack:2 wheel:3'"));
    assert_null(sb_topology_open_xml(SB_TEST_TOPOLOGIES "/absent.xml"));
    assert_non_null(strstr(sb_last_error(), "absent.xml"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_policy_chooses_as_it_promises_on_every_machine),
        cmocka_unit_test(tasks_in_seats_never_share_a_pu_while_pus_are_free),
        cmocka_unit_test(a_stand_in_machine_is_planned_on_but_not_bound_to),
        cmocka_unit_test(an_unreadable_machine_is_refused_with_its_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
