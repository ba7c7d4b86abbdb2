/*
 * near: a check that a double is within a tolerance of what it should be.
 * cmocka's assert_float_equal compares in float precision, relative to
 * FLT_EPSILON, and takes an infinity or a NaN for any value: 1e9 + 1 equals
 * 1e9 there, and a division by zero equals 5. This one fails on either.
 */
#ifndef SLICEBENCH_NEAR_H
#define SLICEBENCH_NEAR_H

/* Fails the test unless |actual - expected| <= tolerance, both finite (or
 * both the same infinity). */
#define assert_near(actual, expected, tolerance) assert_near_at((actual), (expected), (tolerance), __FILE__, __LINE__)

void assert_near_at(double actual, double expected, double tolerance, const char *file, int line);

#endif
