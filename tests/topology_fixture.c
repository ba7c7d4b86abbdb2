#include "topology_fixture.h"

sb_topology *topology;

int open_topology(void **state)
{
    (void)state;
    topology = sb_topology_open();
    return topology ? 0 : -1;
}

int close_topology(void **state)
{
    (void)state;
    sb_topology_close(topology);
    return 0;
}
