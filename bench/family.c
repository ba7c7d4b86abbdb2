#include "family.h"

#define SB_FAMILY(name, claims, summary) void sb_##name##_register(sb_suite *suite);
#include "families.def"
#undef SB_FAMILY

const sb_family sb_families[] = {
#define SB_FAMILY(name, claims, summary) {#name, claims, summary, sb_##name##_register},
#include "families.def"
#undef SB_FAMILY
    {0},
};
