/*
 * Helpers shared by the benches' C load generators (radload.c, eapload.c):
 * a monotonic clock in nanoseconds, the process's own CPU seconds
 * (getrusage, what each generator reports of itself), a fatal error, and
 * reading a batch of datagrams with one recvmmsg.
 */
#ifndef GATEHOUSE_LOADGEN_H
#define GATEHOUSE_LOADGEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#define LOADGEN_BATCH 64
#define LOADGEN_DGRAM 4096

/* Buffers for reading a batch of replies with one recvmmsg. */
typedef struct {
  uint8_t buf[LOADGEN_BATCH][LOADGEN_DGRAM];
  struct iovec iov[LOADGEN_BATCH];
  struct mmsghdr msgs[LOADGEN_BATCH];
} recv_batch_t;

/* Reads up to `max` (at most LOADGEN_BATCH) datagrams waiting on `fd` without
 * blocking; returns how many (0 when none). Datagram k is b->buf[k], its
 * length b->msgs[k].msg_len. */
static inline int recv_batch(recv_batch_t *b, int fd, int max) {
  if (max > LOADGEN_BATCH) max = LOADGEN_BATCH;
  for (int k = 0; k < max; k++) {
    b->iov[k].iov_base = b->buf[k];
    b->iov[k].iov_len = LOADGEN_DGRAM;
    memset(&b->msgs[k].msg_hdr, 0, sizeof b->msgs[k].msg_hdr);
    b->msgs[k].msg_hdr.msg_iov = &b->iov[k];
    b->msgs[k].msg_hdr.msg_iovlen = 1;
  }
  int n = recvmmsg(fd, b->msgs, (unsigned)max, MSG_DONTWAIT, NULL);
  return n < 0 ? 0 : n;
}

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
