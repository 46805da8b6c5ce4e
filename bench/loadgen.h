/*
 * Helpers shared by the benches' C load generators (radload.c, eapload.c):
 * a monotonic clock in nanoseconds, the process's own CPU seconds
 * (getrusage, what each generator reports of itself), and a fatal error.
 */
#ifndef GATEHOUSE_LOADGEN_H
#define GATEHOUSE_LOADGEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static inline uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline double cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static inline void die(const char *what) {
  perror(what);
  exit(1);
}

#endif
