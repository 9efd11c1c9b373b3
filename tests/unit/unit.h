/* A tiny unit-test harness: each TEST is a function; CHECK records a failure
 * with its line and lets the test go on. main() (tests/unit/main.c) runs them
 * all and prints "N passed, N failed". */
#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H
#include <stdio.h>

extern int unit_failures_in_test;

#define CHECK(cond)                                                                 \
	do {                                                                        \
		if (!(cond)) {                                                      \
			printf("    %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
			unit_failures_in_test++;                                    \
		}                                                                   \
	} while (0)

#define CHECK_STR(got, want)                                                        \
	do {                                                                        \
		const char *g_ = (got), *w_ = (want);                               \
		if (strcmp(g_, w_)) {                                               \
			printf("    %s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, g_, w_); \
			unit_failures_in_test++;                                    \
		}                                                                   \
	} while (0)

struct unit_test {
	const char *name;
	void (*fn)(void);
};


#endif
