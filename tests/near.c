#include "near.h"

#include <math.h>
#include <stdbool.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

void assert_near_at(double actual, double expected, double tolerance, const char *file, int line)
{
    bool near = isfinite(actual) && isfinite(expected) ? fabs(actual - expected) <= tolerance
                                                       : isinf(actual) && actual == expected;
    if (near)
        return;
    print_error("%.17g is not within %g of %.17g\n", actual, tolerance, expected);
    _fail(file, line);
}
