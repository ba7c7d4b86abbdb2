#include "family.h"

/* A families.def line's OWN_OPTIONS or NO_OPTIONS: the family's option group. */
#define SB_DECLARE_OWN_OPTIONS(name) extern const sb_option_group sb_##name##_options;
#define SB_DECLARE_NO_OPTIONS(name)
#define SB_OPTIONS_OWN_OPTIONS(name) &sb_##name##_options
#define SB_OPTIONS_NO_OPTIONS(name) NULL

#define SB_FAMILY(name, options, summary) void sb_##name##_register(sb_suite *suite); SB_DECLARE_##options(name)
#include "families.def"
#undef SB_FAMILY

const sb_family sb_families[] = {
#define SB_FAMILY(name, options, summary) {#name, summary, sb_##name##_register, SB_OPTIONS_##options(name)},
#include "families.def"
#undef SB_FAMILY
    {0},
};
