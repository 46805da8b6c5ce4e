/*
 * eapload: an 802.1X (EAP over RADIUS) load generator for bench/radius.ts.
 * eapload.c runs the conversations over UDP (RADIUS framing, State,
 * Message-Authenticator, retransmission); eapload-peer.c is the EAP peer
 * (Identity, Nak, EAP-TLS/PEAP framing, the TLS client through memory
 * BIOs, PEAPv0 phase 2 with EAP-MSCHAPv2 and the Result TLV).
 */
#ifndef EAPLOAD_H
#define EAPLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/ssl.h>

#define EAP_TYPE_IDENTITY 1
#define EAP_TYPE_NAK 3
#define EAP_TYPE_TLS 13
#define EAP_TYPE_PEAP 25
#define EAP_TYPE_MSCHAPV2 26
#define EAP_TYPE_TLV 33

/* Largest EAP packet the peer writes: a fragment plus the EAP and TLS headers. */
#define PEER_MAX_EAP 1600

typedef struct {
  int method;              /* EAP_TYPE_PEAP or EAP_TYPE_TLS */
  int tls_max;             /* TLS1_2_VERSION or TLS1_3_VERSION */
  const char *identity;    /* outer EAP identity */
  const char *inner;       /* PEAP: inner identity (the user name) */
  const char *password;    /* PEAP: the user's password */
  const char *cert;        /* EAP-TLS: client certificate (PEM) */
  const char *key;         /* EAP-TLS: its private key (PEM, unencrypted) */
  int fragment;            /* most TLS octets per EAP-Response */
  int debug;
} peer_conf_t;

typedef struct {
  int method;
  uint8_t version;         /* PEAP version bits echoed in our flags (0) */
  int naked;               /* a Legacy-Nak was sent */
  int started;             /* TLS Start seen, SSL created */
  int tls_failed;          /* TLS reported an error: only acknowledgements from here on */
  int resumed;             /* the handshake resumed a session (it never should: counted) */
  int tls13;               /* the handshake negotiated TLS 1.3 */
  SSL *ssl;
  BIO *rbio, *wbio;
  uint8_t *rx;             /* reassembly of the server's TLS message */
  size_t rx_len, rx_cap;
  uint8_t *tx;             /* our TLS message being sent in fragments */
  size_t tx_len, tx_off, tx_cap;
  /* PEAP phase 2 */
  int inner_ok;            /* MSCHAPv2 Success verified */
  int inner_failed;        /* MSCHAPv2 Failure received */
  uint8_t expect_auth[42]; /* "S=" + 40 hex digits of the authenticator response */
  const char *error;       /* why the peer gave up (NULL while fine) */
} peer_t;

/* Loads the providers, builds the TLS client context and the MSCHAPv2 password hashes. 0 or -1 (message printed). */
int peer_init(const peer_conf_t *conf);
void peer_reset(peer_t *p);
void peer_free(peer_t *p);
/* The EAP-Response/Identity that starts a conversation. Returns its length. */
size_t peer_identity(peer_t *p, uint8_t id, uint8_t *out);
/* Answers one EAP-Request; returns the response length, or -1 with p->error set. */
int peer_answer(peer_t *p, const uint8_t *eap, size_t len, uint8_t *out);
/* A cheap pseudo-random stream (xorshift) for authenticators and challenges. */
void fill_random(uint8_t *out, size_t n);

#endif
