/*
 * eapload: an 802.1X load generator for bench/radius.ts. Runs many EAP
 * conversations at once against one RADIUS port on 127.0.0.1, as a NAD
 * relays them: EAP-Response/Identity, then PEAP-MSCHAPv2 or EAP-TLS (one
 * Legacy-Nak if the server proposes the other), each a full TLS handshake
 * (eapload-peer.c), until Access-Accept or Access-Reject.
 *
 * A bounded window of conversations, each pinned to one of a few connected
 * UDP sockets with a fixed Identifier (slot k: socket k % S, Identifier
 * k / S), at most one request outstanding per conversation. Every request
 * carries a fresh Request Authenticator, the State of the last challenge
 * and a Message-Authenticator (HMAC-MD5); every reply must carry a valid
 * Response Authenticator and Message-Authenticator (RFC 3579 §3.2), or it
 * is ignored. A round without a reply is resent unchanged after the
 * timeout (the server's duplicate detection answers it), at most -r times,
 * then the conversation is abandoned and counted as a timeout.
 *
 *   eapload -p PORT -s SECRET -m peap|tls [-v 1.2|1.3] -i IDENTITY
 *           [-u USER -P PASSWORD] [-c CERT -k KEY] [-S SOCKETS] [-w WINDOW]
 *           [-d SECONDS | -n COUNT] [-t TIMEOUT_MS] [-r RETRIES]
 *           [-f FRAGMENT] [-x 2|3] [-D]
 *
 * -d: start conversations for SECONDS, then let those under way finish;
 * -n: run COUNT conversations. -x: the reply code every conversation must
 * end with (2 Accept, 3 Reject); others count as mismatches. Prints one
 * JSON line: conversations by outcome, authentications/s (accepts that
 * ended within the -d window, over its length), RADIUS round trips, and
 * the generator's own CPU seconds (getrusage) over the whole loop.
 */
#define _GNU_SOURCE
#include "eapload.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/evp.h>
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
#define MAX_DGRAM 4096
#define RECV_BATCH 32
#define START_BURST 16
#define MAX_ROUNDS 64
#define MAX_SECONDS 600.0
#define MAX_COUNT 10000000L
#define TAIL_SECONDS 10

typedef struct {
  int active, awaiting, tries, rounds;
  uint32_t serial;
  uint64_t started, sent;
  uint8_t state[253];
  int state_len;
  uint8_t pkt[MAX_DGRAM];
  int pkt_len;
  peer_t peer;
} slot_t;

static peer_conf_t pc = { .tls_max = TLS1_2_VERSION, .fragment = 1000 };
static const char *secret;
static size_t secret_len;
static int nsocks = 4, window = 32, expect_code, fds[MAX_SOCKETS], epfd;
static slot_t *slots;
static EVP_MD *md5;
static EVP_MD_CTX *hmac_inner, *hmac_outer, *scratch;
static uint32_t nonce, next_serial;

static uint64_t started, accepts, accepts_in_window, rejects, timeouts, errors, unfinished, mismatches;
static uint64_t resumed, tls13, retransmits, stale, bad_replies, round_trips, send_errors, latency_ns;
static const char *first_error;

/* HMAC-MD5 with the secret (RFC 2104), from MD5 states after the padded key blocks. */
static void hmac_init(void) {
  uint8_t key[64] = { 0 }, pad[64];
  if (secret_len > 64) {
    unsigned n;
    EVP_Digest(secret, secret_len, key, &n, md5, NULL);
  } else {
    memcpy(key, secret, secret_len);
  }
  hmac_inner = EVP_MD_CTX_new(), hmac_outer = EVP_MD_CTX_new(), scratch = EVP_MD_CTX_new();
  for (int i = 0; i < 64; i++) pad[i] = key[i] ^ 0x36;
  EVP_DigestInit_ex(hmac_inner, md5, NULL);
  EVP_DigestUpdate(hmac_inner, pad, 64);
  for (int i = 0; i < 64; i++) pad[i] = key[i] ^ 0x5c;
  EVP_DigestInit_ex(hmac_outer, md5, NULL);
  EVP_DigestUpdate(hmac_outer, pad, 64);
}

static void hmac_md5(const uint8_t *data, size_t n, uint8_t out[16]) {
  uint8_t inner[16];
  EVP_MD_CTX_copy_ex(scratch, hmac_inner);
  EVP_DigestUpdate(scratch, data, n);
  EVP_DigestFinal_ex(scratch, inner, NULL);
  EVP_MD_CTX_copy_ex(scratch, hmac_outer);
  EVP_DigestUpdate(scratch, inner, 16);
  EVP_DigestFinal_ex(scratch, out, NULL);
}

static size_t attr(uint8_t *p, uint8_t type, const void *value, size_t n) {
  p[0] = type;
  p[1] = (uint8_t)(n + 2);
  memcpy(p + 2, value, n);
  return n + 2;
}

static size_t attr_int(uint8_t *p, uint8_t type, uint32_t v) {
  uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
  return attr(p, type, b, 4);
}

/* An Access-Request as a Cisco switch relays EAP: the conversation's station, session id, the EAP message, State. */
static void build_request(slot_t *s, int k, const uint8_t *eap, size_t eap_len) {
  uint8_t *p = s->pkt;
  p[0] = 1;
  p[1] = (uint8_t)(k / nsocks);
  fill_random(p + 4, 16);
  size_t off = 20;
  char text[64];
  off += attr(p + off, 1, pc.identity, strlen(pc.identity));                 /* User-Name */
  off += attr(p + off, 4, "\x0a\x00\x00\x01", 4);                              /* NAS-IP-Address */
  off += attr_int(p + off, 5, 50000 + (uint32_t)(k % 48));                     /* NAS-Port */
  off += attr_int(p + off, 61, 15);                                            /* NAS-Port-Type Ethernet */
  off += attr_int(p + off, 6, 2);                                              /* Service-Type Framed */
  off += attr_int(p + off, 12, 1500);                                          /* Framed-MTU */
  off += attr(p + off, 30, "00-BE-75-B9-93-05", 17);                           /* Called-Station-Id */
  int n = snprintf(text, sizeof text, "02-%02X-%02X-%02X-%02X-%02X", nonce & 0xff, (s->serial >> 24) & 0xff,
                   (s->serial >> 16) & 0xff, (s->serial >> 8) & 0xff, s->serial & 0xff);
  off += attr(p + off, 31, text, (size_t)n);                                   /* Calling-Station-Id */
  n = snprintf(text, sizeof text, "audit-session-id=0A000001%08X%08X", nonce, s->serial);
  uint8_t vsa[80] = { 0, 0, 0, 9, 1, (uint8_t)(n + 2) };                       /* Cisco-AVPair */
  memcpy(vsa + 6, text, (size_t)n);
  off += attr(p + off, 26, vsa, (size_t)n + 6);
  for (size_t at = 0; at < eap_len; at += 253) {                               /* EAP-Message */
    size_t chunk = eap_len - at > 253 ? 253 : eap_len - at;
    off += attr(p + off, 79, eap + at, chunk);
  }
  if (s->state_len > 0) off += attr(p + off, 24, s->state, (size_t)s->state_len);
  size_t ma = off;
  uint8_t zero[16] = { 0 };
  off += attr(p + off, 80, zero, 16);                                          /* Message-Authenticator */
  p[2] = (uint8_t)(off >> 8);
  p[3] = (uint8_t)off;
  hmac_md5(p, off, p + ma + 2);
  s->pkt_len = (int)off;
}

/* Requests waiting to go out, per socket: sent together (sendmmsg) once a batch of replies has been handled. */
static int *queued[MAX_SOCKETS], nqueued[MAX_SOCKETS];

static void transmit(slot_t *s, int k) {
  s->sent = now_ns();
  s->awaiting = 1;
  int i = k % nsocks;
  queued[i][nqueued[i]++] = k;
}

static void flush(void) {
  static struct mmsghdr msgs[256];
  static struct iovec iov[256];
  for (int i = 0; i < nsocks; i++) {
    int n = nqueued[i];
    nqueued[i] = 0;
    for (int q = 0; q < n; q++) {
      slot_t *s = &slots[queued[i][q]];
      iov[q].iov_base = s->pkt;
      iov[q].iov_len = (size_t)s->pkt_len;
      memset(&msgs[q], 0, sizeof msgs[q]);
      msgs[q].msg_hdr.msg_iov = &iov[q];
      msgs[q].msg_hdr.msg_iovlen = 1;
    }
    for (int at = 0; at < n;) {
      int w = sendmmsg(fds[i], msgs + at, (unsigned)(n - at), 0);
      if (w <= 0) { /* a full buffer: the rest are resent by the timer */
        send_errors += (uint64_t)(n - at);
        break;
      }
      at += w;
    }
  }
}

static void start(int k) {
  slot_t *s = &slots[k];
  peer_reset(&s->peer);
  s->active = 1;
  s->tries = s->rounds = s->state_len = 0;
  s->serial = next_serial++;
  s->started = now_ns();
  started++;
  uint8_t eap[PEER_MAX_EAP];
  size_t n = peer_identity(&s->peer, (uint8_t)s->serial, eap);
  build_request(s, k, eap, n);
  transmit(s, k);
}

enum { END_ACCEPT, END_REJECT, END_TIMEOUT, END_ERROR };

static void finish(slot_t *s, int how, uint64_t t, uint64_t window_end) {
  s->active = s->awaiting = 0;
  resumed += (uint64_t)s->peer.resumed;
  tls13 += (uint64_t)s->peer.tls13;
  switch (how) {
    case END_ACCEPT:
      accepts++;
      if (t <= window_end) accepts_in_window++;
      latency_ns += t - s->started;
      break;
    case END_REJECT: rejects++; break;
    case END_TIMEOUT: timeouts++; break;
    default:
      errors++;
      if (!first_error) first_error = s->peer.error ? s->peer.error : "protocol";
  }
  if ((how == END_ACCEPT && expect_code == 3) || (how == END_REJECT && expect_code == 2)) mismatches++;
}

/* One datagram from socket i: checked, matched to its conversation, answered. */
static void on_reply(int i, uint8_t *r, size_t n, uint64_t window_end) {
  if (n < 20) return (void)bad_replies++;
  int k = r[1] * nsocks + i;
  if (k >= window || !slots[k].active || !slots[k].awaiting) return (void)stale++;
  slot_t *s = &slots[k];
  size_t len = (size_t)r[2] << 8 | r[3];
  if (len < 20 || len > n) return (void)bad_replies++;
  /* Response Authenticator: MD5(Code+ID+Length+Request Authenticator+Attributes+Secret). */
  uint8_t sum[16];
  EVP_DigestInit_ex(scratch, md5, NULL);
  EVP_DigestUpdate(scratch, r, 4);
  EVP_DigestUpdate(scratch, s->pkt + 4, 16);
  EVP_DigestUpdate(scratch, r + 20, len - 20);
  EVP_DigestUpdate(scratch, secret, secret_len);
  EVP_DigestFinal_ex(scratch, sum, NULL);
  if (memcmp(sum, r + 4, 16) != 0) return (void)stale++; /* an answer to an earlier request of this slot */
  static uint8_t eap[65536];
  size_t eap_len = 0, ma = 0;
  const uint8_t *state = NULL;
  int state_len = 0;
  for (size_t off = 20; off + 2 <= len;) {
    uint8_t type = r[off], alen = r[off + 1];
    if (alen < 2 || off + alen > len) return (void)bad_replies++;
    if (type == 79 && eap_len + alen - 2 <= sizeof eap) memcpy(eap + eap_len, r + off + 2, alen - 2u), eap_len += alen - 2u;
    else if (type == 24) state = r + off + 2, state_len = alen - 2;
    else if (type == 80 && alen == 18) ma = off + 2;
    off += alen;
  }
  if (!ma) return (void)bad_replies++;
  uint8_t got[16], want[16];
  memcpy(got, r + ma, 16);
  memcpy(r + 4, s->pkt + 4, 16);
  memset(r + ma, 0, 16);
  hmac_md5(r, len, want);
  if (memcmp(got, want, 16) != 0) return (void)bad_replies++;
  s->awaiting = 0;
  round_trips++;
  uint64_t t = now_ns();
  if (r[0] == 2) return finish(s, eap_len >= 4 && eap[0] == 3 ? END_ACCEPT : END_ERROR, t, window_end);
  if (r[0] == 3) return finish(s, END_REJECT, t, window_end);
  if (r[0] != 11 || ++s->rounds > MAX_ROUNDS) return finish(s, END_ERROR, t, window_end);
  if (state_len > 0) memcpy(s->state, state, (size_t)state_len);
  s->state_len = state_len;
  uint8_t out[PEER_MAX_EAP];
  int m = peer_answer(&s->peer, eap, eap_len, out);
  if (m < 0) return finish(s, END_ERROR, t, window_end);
  s->tries = 0;
  build_request(s, k, out, (size_t)m);
  transmit(s, k);
}

static void drain(int i, uint64_t window_end) {
  static recv_batch_t b;
  for (;;) {
    int n = recv_batch(&b, fds[i], RECV_BATCH);
    if (n == 0) return;
    for (int k = 0; k < n; k++) on_reply(i, b.buf[k], b.msgs[k].msg_len, window_end);
    if (n < RECV_BATCH) return;
  }
}

int main(int argc, char **argv) {
  int port = 0, opt, retries = 2;
  double seconds = 5, timeout_ms = 2000;
  long count = -1;
  const char *method = NULL;
  while ((opt = getopt(argc, argv, "p:s:m:v:i:u:P:c:k:S:w:d:n:t:r:f:x:D")) != -1) {
    switch (opt) {
      case 'p': port = atoi(optarg); break;
      case 's': secret = optarg; break;
      case 'm': method = optarg; break;
      case 'v': pc.tls_max = strcmp(optarg, "1.3") == 0 ? TLS1_3_VERSION : strcmp(optarg, "1.2") == 0 ? TLS1_2_VERSION : 0; break;
      case 'i': pc.identity = optarg; break;
      case 'u': pc.inner = optarg; break;
      case 'P': pc.password = optarg; break;
      case 'c': pc.cert = optarg; break;
      case 'k': pc.key = optarg; break;
      case 'S': nsocks = atoi(optarg); break;
      case 'w': window = atoi(optarg); break;
      case 'd': seconds = atof(optarg); break;
      case 'n': count = atol(optarg); break;
      case 't': timeout_ms = atof(optarg); break;
      case 'r': retries = atoi(optarg); break;
      case 'f': pc.fragment = atoi(optarg); break;
      case 'x': expect_code = atoi(optarg); break;
      case 'D': pc.debug = 1; break;
      default: goto usage;
    }
  }
  pc.method = method && strcmp(method, "peap") == 0 ? EAP_TYPE_PEAP : method && strcmp(method, "tls") == 0 ? EAP_TYPE_TLS : 0;
  if (port <= 0 || port > 65535 || !secret || !*secret || !pc.method || !pc.tls_max || !pc.identity || strlen(pc.identity) > 200 ||
      (pc.method == EAP_TYPE_PEAP && (!pc.inner || !pc.password)) || (pc.method == EAP_TYPE_TLS && (!pc.cert || !pc.key)) ||
      nsocks < 1 || nsocks > MAX_SOCKETS || window < 1 || window > nsocks * 256 || seconds <= 0 || seconds > MAX_SECONDS ||
      count == 0 || count > MAX_COUNT || timeout_ms < 10 || timeout_ms > 60000 || retries < 0 || retries > 10 ||
      pc.fragment < 64 || pc.fragment > 1400) goto usage;
  secret_len = strlen(secret);
  if (peer_init(&pc) < 0) return 1;
  md5 = EVP_MD_fetch(NULL, "MD5", NULL);
  if (!md5) die("MD5");
  hmac_init();
  slots = calloc((size_t)window, sizeof *slots);
  if (!slots) die("calloc");
  for (int k = 0; k < window; k++) peer_reset(&slots[k].peer);
  for (int i = 0; i < nsocks; i++) {
    queued[i] = calloc(256, sizeof **queued); /* a slot has at most one request queued; a socket serves at most 256 slots */
    if (!queued[i]) die("calloc");
  }

  struct sockaddr_in target = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
  target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  epfd = epoll_create1(0);
  if (epfd < 0) die("epoll_create1");
  for (int i = 0; i < nsocks; i++) {
    fds[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    if (fds[i] < 0) die("socket");
    int buf = 4 << 20;
    setsockopt(fds[i], SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    struct sockaddr_in local = { .sin_family = AF_INET };
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fds[i], (struct sockaddr *)&local, sizeof local) < 0) die("bind");
    if (connect(fds[i], (struct sockaddr *)&target, sizeof target) < 0) die("connect");
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fds[i], &ev) < 0) die("epoll_ctl");
  }
  fill_random((uint8_t *)&nonce, sizeof nonce);

  const uint64_t timeout_ns = (uint64_t)(timeout_ms * 1e6);
  const double cpu0 = cpu_seconds();
  const uint64_t t0 = now_ns();
  const uint64_t window_end = count > 0 ? UINT64_MAX : t0 + (uint64_t)(seconds * 1e9);
  const uint64_t hard_end = (count > 0 ? t0 + (uint64_t)(MAX_SECONDS * 1e9) : window_end) + (uint64_t)TAIL_SECONDS * 1000000000ull;
  uint64_t last_scan = t0;
  struct epoll_event events[MAX_SOCKETS];
  for (;;) {
    uint64_t t = now_ns();
    int sending = count > 0 ? started < (uint64_t)count : t < window_end;
    int active = 0, begun = 0;
    for (int k = 0; k < window; k++) {
      if (!slots[k].active && sending && begun < START_BURST && (count < 0 || started < (uint64_t)count)) start(k), begun++;
      active += slots[k].active;
    }
    flush();
    if (active == 0 && !sending) break;
    if (t >= hard_end) {
      for (int k = 0; k < window; k++) if (slots[k].active) unfinished++, slots[k].active = 0;
      break;
    }
    int n = epoll_wait(epfd, events, MAX_SOCKETS, 5);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int e = 0; e < n; e++) drain((int)events[e].data.u32, window_end);
    flush();
    t = now_ns();
    if (t - last_scan > 20000000ull) {
      last_scan = t;
      for (int k = 0; k < window; k++) {
        slot_t *s = &slots[k];
        if (!s->active || !s->awaiting || t - s->sent < timeout_ns) continue;
        if (s->tries++ < retries) {
          retransmits++;
          transmit(s, k);
        } else {
          finish(s, END_TIMEOUT, t, window_end);
        }
      }
      flush();
    }
  }
  const double elapsed = (double)(now_ns() - t0) / 1e9;
  const double cpu = cpu_seconds() - cpu0;
  const double window_s = count > 0 ? elapsed : seconds;
  for (int k = 0; k < window; k++) peer_free(&slots[k].peer);
  printf("{\"started\":%llu,\"accept\":%llu,\"reject\":%llu,\"timeouts\":%llu,\"errors\":%llu,\"unfinished\":%llu,"
         "\"mismatches\":%llu,\"resumed\":%llu,\"tls13\":%llu,\"retransmits\":%llu,\"stale\":%llu,\"badReplies\":%llu,\"sendErrors\":%llu,\"roundTrips\":%llu,"
         "\"seconds\":%.3f,\"elapsed\":%.3f,\"authsPerSecond\":%.1f,\"meanMs\":%.2f,\"cpu\":%.3f,\"firstError\":\"%s\"}\n",
         (unsigned long long)started, (unsigned long long)accepts, (unsigned long long)rejects, (unsigned long long)timeouts,
         (unsigned long long)errors, (unsigned long long)unfinished, (unsigned long long)mismatches, (unsigned long long)resumed, (unsigned long long)tls13, (unsigned long long)retransmits,
         (unsigned long long)stale, (unsigned long long)bad_replies, (unsigned long long)send_errors, (unsigned long long)round_trips,
         window_s, elapsed, (count > 0 ? (double)accepts : (double)accepts_in_window) / window_s,
         accepts ? (double)latency_ns / (double)accepts / 1e6 : 0.0, cpu, first_error ? first_error : "");
  return 0;

usage:
  fprintf(stderr,
          "usage: eapload -p PORT -s SECRET -m peap|tls [-v 1.2|1.3] -i IDENTITY [-u USER -P PASSWORD] [-c CERT -k KEY]\n"
          "               [-S SOCKETS<=64] [-w WINDOW<=SOCKETS*256] [-d SECONDS<=600 | -n COUNT] [-t TIMEOUT_MS] [-r RETRIES<=10]\n"
          "               [-f FRAGMENT 64..1400] [-x 2|3] [-D]\n");
  return 2;
}
