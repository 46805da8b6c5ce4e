/*
 * radload: a RADIUS load generator for bench/radius.ts.
 *
 * Replays pre-encoded Access-Request datagrams from a file to one UDP port
 * on 127.0.0.1, keeping a bounded window of requests outstanding over a few
 * connected sockets. Each socket tracks its 256 Identifiers; a reply is
 * matched to its request by (socket, Identifier), counted by code and
 * compared with the code the file expects for that request.
 *
 * Each pass through the file is sent from freshly bound sockets: a packet
 * is never resent from the same source port, so neither server can answer
 * it from its duplicate cache.
 *
 * File format (little endian): "RLD1", u32 count, then per packet u16
 * length, u8 expected reply code (0 = any), u8 reserved, the datagram.
 *
 *   radload -f FILE -p PORT [-s SOCKETS] [-w WINDOW] [-d SECONDS]
 *           [-t TIMEOUT_MS] [-c COUNT]
 *
 * -d: send for SECONDS, then wait for what is outstanding (at most the
 *     timeout). -c: send the first COUNT packets once each, then wait
 *     (a correctness pass). Prints one line of JSON: counts by reply code,
 *     timeouts, mismatches against the expected codes, requests/s and the
 *     generator's own CPU seconds (getrusage) over the send/receive loop.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "loadgen.h"

#define MAX_SOCKETS 64
#define RECV_BATCH 64
#define BURST 16
#define MAX_DGRAM 4096
#define MAX_COUNT 50000000u
#define MAX_SECONDS 600.0

typedef struct {
  int fd;
  unsigned pass;       /* pass through the file this socket sends for */
  int outstanding;
  uint8_t used[256];
  uint32_t pkt[256];   /* packet index per Identifier */
  uint64_t sent[256];  /* send time (ns) per Identifier */
} sock_t;

static const uint8_t *data;
static uint32_t count;
static uint32_t *offsets; /* offset of each packet's datagram in data */
static uint16_t *lengths;
static uint8_t *expected;

static sock_t socks[MAX_SOCKETS];
static int nsocks = 4;
static int epfd;
static struct sockaddr_in target;

static uint64_t by_code[256];
static uint64_t timeouts, mismatches, late, send_errors, replies, replies_in_window, sent;

/* Binds a fresh socket on 127.0.0.1 (new ephemeral port) connected to the target. */
static void open_socket(int i, unsigned pass) {
  sock_t *s = &socks[i];
  if (s->fd > 0) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, s->fd, NULL);
    close(s->fd);
  }
  memset(s, 0, sizeof *s);
  s->pass = pass;
  s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (s->fd < 0) die("socket");
  int buf = 4 << 20;
  setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
  setsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
  struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = 0 };
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s->fd, (struct sockaddr *)&local, sizeof local) < 0) die("bind");
  if (connect(s->fd, (struct sockaddr *)&target, sizeof target) < 0) die("connect");
  struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, s->fd, &ev) < 0) die("epoll_ctl");
}

static void load_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) die(path);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc((size_t)size);
  if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) die("read");
  fclose(f);
  if (size < 8 || memcmp(buf, "RLD1", 4) != 0) {
    fprintf(stderr, "%s: not a radload file\n", path);
    exit(1);
  }
  memcpy(&count, buf + 4, 4);
  if (count == 0 || count > MAX_COUNT) {
    fprintf(stderr, "%s: bad packet count %u\n", path, count);
    exit(1);
  }
  offsets = malloc(count * sizeof *offsets);
  lengths = malloc(count * sizeof *lengths);
  expected = malloc(count);
  long at = 8;
  for (uint32_t i = 0; i < count; i++) {
    if (at + 4 > size) goto truncated;
    uint16_t len;
    memcpy(&len, buf + at, 2);
    if (len < 20 || len > MAX_DGRAM || at + 4 + len > size) goto truncated;
    lengths[i] = len;
    expected[i] = buf[at + 2];
    offsets[i] = (uint32_t)(at + 4);
    at += 4 + len;
  }
  data = buf;
  return;
truncated:
  fprintf(stderr, "%s: truncated\n", path);
  exit(1);
}

/* Reads every datagram waiting on socket i and settles the matching requests. */
static void drain(int i, uint64_t window_end) {
  static recv_batch_t b;
  sock_t *s = &socks[i];
  for (;;) {
    int n = recv_batch(&b, s->fd, RECV_BATCH);
    if (n == 0) return;
    uint64_t t = now_ns();
    for (int k = 0; k < n; k++) {
      const uint8_t *r = b.buf[k];
      if (b.msgs[k].msg_len < 20) continue;
      uint8_t id = r[1];
      if (!s->used[id]) {
        late++;
        continue;
      }
      s->used[id] = 0;
      s->outstanding--;
      replies++;
      if (t <= window_end) replies_in_window++;
      by_code[r[0]]++;
      uint8_t want = expected[s->pkt[id]];
      if (want != 0 && want != r[0]) mismatches++;
    }
    if (n < RECV_BATCH) return;
  }
}

/* Frees the Identifiers of requests older than the timeout. */
static void expire(uint64_t t, uint64_t timeout_ns) {
  for (int i = 0; i < nsocks; i++) {
    sock_t *s = &socks[i];
    if (s->outstanding == 0) continue;
    for (int id = 0; id < 256; id++) {
      if (s->used[id] && t - s->sent[id] > timeout_ns) {
        s->used[id] = 0;
        s->outstanding--;
        timeouts++;
      }
    }
  }
}

int main(int argc, char **argv) {
  const char *file = NULL;
  int port = 0, window = 256, opt;
  double seconds = 5, timeout_ms = 2000;
  long once = -1;
  while ((opt = getopt(argc, argv, "f:p:s:w:d:t:c:")) != -1) {
    switch (opt) {
      case 'f': file = optarg; break;
      case 'p': port = atoi(optarg); break;
      case 's': nsocks = atoi(optarg); break;
      case 'w': window = atoi(optarg); break;
      case 'd': seconds = atof(optarg); break;
      case 't': timeout_ms = atof(optarg); break;
      case 'c': once = atol(optarg); break;
      default: goto usage;
    }
  }
  if (!file || port <= 0 || port > 65535 || nsocks < 1 || nsocks > MAX_SOCKETS || window < 1 || window > nsocks * 256 ||
      seconds <= 0 || seconds > MAX_SECONDS || timeout_ms < 10 || timeout_ms > 60000) goto usage;
  load_file(file);
  if (once > (long)count) once = (long)count;

  target.sin_family = AF_INET;
  target.sin_port = htons((uint16_t)port);
  target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  epfd = epoll_create1(0);
  if (epfd < 0) die("epoll_create1");
  unsigned pass = 0;
  for (int i = 0; i < nsocks; i++) open_socket(i, pass);

  const uint64_t timeout_ns = (uint64_t)(timeout_ms * 1e6);
  const double cpu0 = cpu_seconds();
  const uint64_t t0 = now_ns();
  const uint64_t send_end = once >= 0 ? UINT64_MAX : t0 + (uint64_t)(seconds * 1e9);
  const uint64_t hard_end = t0 + (uint64_t)((once >= 0 ? MAX_SECONDS : seconds) * 1e9) + timeout_ns + 1000000000ull;
  uint64_t last_expire = t0, t = t0;
  uint32_t next = 0;
  int outstanding = 0, rr = 0;
  int sending = 1;
  struct epoll_event events[MAX_SOCKETS];

  for (;;) {
    t = now_ns();
    if (sending && (t >= send_end || (once >= 0 && sent >= (uint64_t)once))) sending = 0;
    if (!sending && outstanding == 0) break;
    if (t >= hard_end) break;

    /* Fill the window, at most BURST requests per turn so that the window
       opens gradually instead of overrunning the server's receive buffer.
       Consecutive requests go out together on one socket (one sendmmsg);
       the next turn starts on the next socket. */
    int burst = 0, tries = 0;
    while (sending && outstanding < window && burst < BURST && tries < nsocks) {
      int i = rr;
      rr = (rr + 1) % nsocks;
      tries++;
      sock_t *s = &socks[i];
      if (s->pass != pass) {
        /* A socket of an earlier pass is rebound once its requests are settled. */
        if (s->outstanding > 0) continue;
        open_socket(i, pass);
      }
      static struct mmsghdr msgs[BURST];
      static struct iovec iov[BURST];
      uint8_t ids[BURST];
      int nb = 0;
      while (burst + nb < BURST && outstanding + nb < window) {
        uint8_t id = data[offsets[next] + 1]; /* the packet's Identifier */
        if (s->used[id]) break;              /* taken on this socket: the next socket sends it */
        s->used[id] = 1;
        s->pkt[id] = next;
        s->sent[id] = t;
        ids[nb] = id;
        iov[nb].iov_base = (void *)(data + offsets[next]);
        iov[nb].iov_len = lengths[next];
        memset(&msgs[nb], 0, sizeof msgs[nb]);
        msgs[nb].msg_hdr.msg_iov = &iov[nb];
        msgs[nb].msg_hdr.msg_iovlen = 1;
        nb++;
        if (++next == count) {
          next = 0;
          pass++; /* the rest of this pass's sockets are now stale */
          break;
        }
      }
      if (nb == 0) continue;
      tries = 0;
      int w = sendmmsg(s->fd, msgs, (unsigned)nb, 0);
      if (w < 0) w = 0;
      for (int k = w; k < nb; k++) { /* not sent (full buffer): skipped and counted */
        s->used[ids[k]] = 0;
        send_errors++;
      }
      s->outstanding += w;
      outstanding += w;
      sent += (uint64_t)w;
      burst += nb;
    }

    int n = epoll_wait(epfd, events, MAX_SOCKETS, 1);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int k = 0; k < n; k++) drain((int)events[k].data.u32, send_end);

    t = now_ns();
    if (t - last_expire > 50000000ull) {
      expire(t, timeout_ns);
      last_expire = t;
    }
    outstanding = 0;
    for (int i = 0; i < nsocks; i++) outstanding += socks[i].outstanding;
  }

  const double elapsed = (double)(now_ns() - t0) / 1e9;
  const double cpu = cpu_seconds() - cpu0;
  const double window_s = once >= 0 ? elapsed : seconds;
  uint64_t other = replies - by_code[2] - by_code[3] - by_code[11];
  printf("{\"sent\":%llu,\"replies\":%llu,\"accept\":%llu,\"reject\":%llu,\"challenge\":%llu,\"other\":%llu,"
         "\"timeouts\":%llu,\"mismatches\":%llu,\"late\":%llu,\"sendErrors\":%llu,\"seconds\":%.3f,\"elapsed\":%.3f,"
         "\"rps\":%.1f,\"cpu\":%.3f,\"passes\":%u}\n",
         (unsigned long long)sent, (unsigned long long)replies, (unsigned long long)by_code[2],
         (unsigned long long)by_code[3], (unsigned long long)by_code[11], (unsigned long long)other,
         (unsigned long long)timeouts, (unsigned long long)mismatches, (unsigned long long)late,
         (unsigned long long)send_errors, window_s, elapsed, (double)replies_in_window / window_s, cpu, pass);
  return 0;

usage:
  fprintf(stderr, "usage: radload -f FILE -p PORT [-s SOCKETS<=64] [-w WINDOW<=SOCKETS*256] [-d SECONDS] [-t TIMEOUT_MS] [-c COUNT]\n");
  return 2;
}
