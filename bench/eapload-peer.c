/*
 * The EAP peer of eapload (see eapload.h): what a supplicant says, kept
 * cheap. The TLS client verifies nothing (SSL_VERIFY_NONE), keeps no
 * sessions and asks for no tickets, so every conversation is a full
 * handshake; X25519 first for the key exchange. MSCHAPv2 (RFC 2759) uses
 * one password for the whole run, so its MD4 hashes and the three DES
 * keys are prepared once; each challenge then costs one SHA-1 and three
 * DES blocks, and the server's authenticator response two SHA-1.
 *
 * Framing (RFC 5216 §3.1, shared by PEAP): Flags L (length included),
 * M (more fragments), S (start), PEAP version in the low bits. Fragments
 * from the server are acknowledged with an empty message; ours are sent
 * one per server acknowledgement. PEAPv0 phase 2 packets travel without
 * their EAP header, except the Extensions (Result TLV) packets, and the
 * inner Identity request that some servers send whole.
 */
#define _GNU_SOURCE
#define OPENSSL_SUPPRESS_DEPRECATED /* the ENGINE calls below */
#include "eapload.h"

#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define FLAG_LENGTH 0x80
#define FLAG_MORE 0x40
#define FLAG_START 0x20
#define MAX_TLS_MESSAGE 65536

#define MSCHAP_CHALLENGE 1
#define MSCHAP_RESPONSE 2
#define MSCHAP_SUCCESS 3
#define MSCHAP_FAILURE 4

static const peer_conf_t *cf;
static SSL_CTX *ctx;
static EVP_MD *sha1;
static EVP_CIPHER_CTX *des[3];
static uint8_t pw_hash_hash[16];
static uint64_t rng;

static const char MAGIC1[] = "Magic server to client signing constant";
static const char MAGIC2[] = "Pad to make it do more than one iteration";

void fill_random(uint8_t *out, size_t n) {
  while (n > 0) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    uint64_t v = rng * 0x2545F4914F6CDD1Dull;
    size_t k = n < 8 ? n : 8;
    memcpy(out, &v, k);
    out += k;
    n -= k;
  }
}

static int fail(const char *what) {
  fprintf(stderr, "eapload: %s\n", what);
  ERR_print_errors_fp(stderr);
  return -1;
}

/* UTF-8 to UTF-16LE (the form MD4 hashes for the NT password hash). */
static size_t utf16le(const char *s, uint8_t *out, size_t cap) {
  const uint8_t *u = (const uint8_t *)s;
  size_t n = 0;
  while (*u && n + 4 <= cap) {
    uint32_t c = *u++;
    if (c >= 0xf0 && u[0] && u[1] && u[2]) {
      c = ((c & 0x07) << 18) | ((u[0] & 0x3f) << 12) | ((u[1] & 0x3f) << 6) | (u[2] & 0x3f);
      u += 3;
    } else if (c >= 0xe0 && u[0] && u[1]) {
      c = ((c & 0x0f) << 12) | ((u[0] & 0x3f) << 6) | (u[1] & 0x3f);
      u += 2;
    } else if (c >= 0xc0 && u[0]) {
      c = ((c & 0x1f) << 6) | (u[0] & 0x3f);
      u += 1;
    }
    if (c >= 0x10000) {
      c -= 0x10000;
      uint16_t hi = (uint16_t)(0xd800 | (c >> 10)), lo = (uint16_t)(0xdc00 | (c & 0x3ff));
      out[n++] = hi & 0xff, out[n++] = hi >> 8, out[n++] = lo & 0xff, out[n++] = lo >> 8;
    } else {
      out[n++] = c & 0xff, out[n++] = (uint8_t)(c >> 8);
    }
  }
  return n;
}

/* Seven key octets spread over eight DES key octets (the low bit of each is parity, unused). */
static void des_key(const uint8_t in[7], uint8_t out[8]) {
  out[0] = in[0];
  out[1] = (uint8_t)(in[0] << 7 | in[1] >> 1);
  out[2] = (uint8_t)(in[1] << 6 | in[2] >> 2);
  out[3] = (uint8_t)(in[2] << 5 | in[3] >> 3);
  out[4] = (uint8_t)(in[3] << 4 | in[4] >> 4);
  out[5] = (uint8_t)(in[4] << 3 | in[5] >> 5);
  out[6] = (uint8_t)(in[5] << 2 | in[6] >> 6);
  out[7] = (uint8_t)(in[6] << 1);
}

static int mschap_init(const char *password) {
  /* MD4 and single DES live in OpenSSL 3's legacy provider; the default one is still needed for TLS. */
  if (!OSSL_PROVIDER_load(NULL, "legacy") || !OSSL_PROVIDER_load(NULL, "default")) return fail("cannot load the legacy provider (MD4, DES)");
  EVP_MD *md4 = EVP_MD_fetch(NULL, "MD4", NULL);
  EVP_CIPHER *des_ecb = EVP_CIPHER_fetch(NULL, "DES-ECB", NULL);
  if (!md4 || !des_ecb) return fail("MD4 or DES-ECB unavailable");
  uint8_t wide[512], hash[21] = { 0 };
  size_t n = utf16le(password, wide, sizeof wide);
  unsigned len;
  if (!EVP_Digest(wide, n, hash, &len, md4, NULL) || !EVP_Digest(hash, 16, pw_hash_hash, &len, md4, NULL)) return fail("MD4");
  for (int i = 0; i < 3; i++) {
    uint8_t key[8];
    des_key(hash + 7 * i, key);
    des[i] = EVP_CIPHER_CTX_new();
    if (!des[i] || !EVP_EncryptInit_ex2(des[i], des_ecb, key, NULL, NULL)) return fail("DES key");
    EVP_CIPHER_CTX_set_padding(des[i], 0);
  }
  EVP_MD_free(md4);
  EVP_CIPHER_free(des_ecb);
  return 0;
}

/* The legacy RSA key method for every RSA key, offered by a do-nothing ENGINE (see legacy_rsa_keys). */
static int rsa_pkey_meths(ENGINE *e, EVP_PKEY_METHOD **pmeth, const int **nids, int nid) {
  static const int list[] = { EVP_PKEY_RSA };
  (void)e;
  if (!pmeth) {
    *nids = list;
    return 1;
  }
  *pmeth = nid == EVP_PKEY_RSA ? (EVP_PKEY_METHOD *)EVP_PKEY_meth_find(EVP_PKEY_RSA) : NULL;
  return *pmeth != NULL;
}

/*
 * OpenSSL 3.0 decodes the public key of every certificate it parses with a
 * decoder chain built afresh each time (the cache came with 3.1), which
 * made up half of this client's CPU: the server sends three RSA
 * certificates per handshake. With an ENGINE registered for RSA key
 * methods, 3.0 takes its legacy path instead (x509_pubkey_decode), a
 * plain d2i of the key; verification uses the built-in RSA code either way.
 */
static int legacy_rsa_keys(void) {
  ENGINE *e = ENGINE_new();
  if (!e || !ENGINE_set_id(e, "eapload-rsa") || !ENGINE_set_name(e, "built-in RSA through the legacy path") ||
      !ENGINE_set_pkey_meths(e, rsa_pkey_meths) || !ENGINE_register_pkey_meths(e)) return fail("ENGINE for RSA keys");
  return 0; /* kept for the life of the process: the table holds no reference of its own */
}

/* The server's chain is not checked: no X509_verify_cert at all, where SSL_VERIFY_NONE alone still runs it. */
static int accept_any_chain(X509_STORE_CTX *store, void *arg) {
  (void)store, (void)arg;
  return 1;
}

int peer_init(const peer_conf_t *conf) {
  cf = conf;
  rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^ 0x9e3779b97f4a7c15ull;
  if (conf->method == EAP_TYPE_PEAP && mschap_init(conf->password) < 0) return -1;
  if (getenv("EAPLOAD_NO_ENGINE") == NULL && legacy_rsa_keys() < 0) return -1;
  sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
  ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx || !sha1) return fail("SSL_CTX_new");
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(ctx, conf->tls_max);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
  SSL_CTX_set_cert_verify_callback(ctx, accept_any_chain, NULL);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
  if (!SSL_CTX_set1_groups_list(ctx, "X25519:P-256")) return fail("groups");
  if (conf->method == EAP_TYPE_TLS) {
    if (SSL_CTX_use_certificate_file(ctx, conf->cert, SSL_FILETYPE_PEM) != 1) return fail("client certificate");
    if (SSL_CTX_use_PrivateKey_file(ctx, conf->key, SSL_FILETYPE_PEM) != 1) return fail("client key");
    if (SSL_CTX_check_private_key(ctx) != 1) return fail("client key does not match the certificate");
  }
  return 0;
}

void peer_reset(peer_t *p) {
  if (p->ssl) SSL_free(p->ssl); /* frees both BIOs */
  uint8_t *rx = p->rx, *tx = p->tx;
  size_t rx_cap = p->rx_cap, tx_cap = p->tx_cap;
  memset(p, 0, sizeof *p);
  p->rx = rx, p->rx_cap = rx_cap, p->tx = tx, p->tx_cap = tx_cap;
  p->method = cf->method;
}

void peer_free(peer_t *p) {
  peer_reset(p);
  free(p->rx);
  free(p->tx);
  p->rx = p->tx = NULL;
  p->rx_cap = p->tx_cap = 0;
}

static int give_up(peer_t *p, const char *why) {
  p->error = why;
  if (cf->debug) fprintf(stderr, "eapload: peer gives up: %s\n", why);
  return -1;
}

static size_t response(uint8_t *out, uint8_t id, uint8_t type, const uint8_t *data, size_t n) {
  out[0] = 2;
  out[1] = id;
  out[2] = (uint8_t)((n + 5) >> 8);
  out[3] = (uint8_t)(n + 5);
  out[4] = type;
  if (n) memcpy(out + 5, data, n);
  return n + 5;
}

size_t peer_identity(peer_t *p, uint8_t id, uint8_t *out) {
  (void)p;
  return response(out, id, EAP_TYPE_IDENTITY, (const uint8_t *)cf->identity, strlen(cf->identity));
}

/* An empty message of the method: acknowledges a fragment, or says we have nothing to send. */
static int ack(peer_t *p, uint8_t id, uint8_t *out) {
  return (int)response(out, id, (uint8_t)p->method, &p->version, 1);
}

/* The next fragment of our pending TLS message. */
static int fragment(peer_t *p, uint8_t id, uint8_t *out) {
  size_t left = p->tx_len - p->tx_off, n = left > (size_t)cf->fragment ? (size_t)cf->fragment : left;
  int first = p->tx_off == 0, more = n < left;
  uint8_t head[5];
  size_t h = 1;
  head[0] = p->version | (more ? FLAG_MORE : 0);
  if (first && more) {
    head[0] |= FLAG_LENGTH;
    head[1] = (uint8_t)(p->tx_len >> 24), head[2] = (uint8_t)(p->tx_len >> 16), head[3] = (uint8_t)(p->tx_len >> 8), head[4] = (uint8_t)p->tx_len;
    h = 5;
  }
  size_t total = 5 + h + n;
  out[0] = 2, out[1] = id, out[2] = (uint8_t)(total >> 8), out[3] = (uint8_t)total, out[4] = (uint8_t)p->method;
  memcpy(out + 5, head, h);
  memcpy(out + 5 + h, p->tx + p->tx_off, n);
  p->tx_off += n;
  return (int)total;
}

/* Makes room for `need` octets (a buffer kept across conversations, grown by doubling). */
static int grow(uint8_t **buf, size_t *cap, size_t need) {
  size_t c = *cap ? *cap : 4096;
  while (c < need) c *= 2;
  uint8_t *b = realloc(*buf, c);
  if (!b) return 0;
  *buf = b, *cap = c;
  return 1;
}

/* Moves what TLS wrote into the pending message. */
static void take_output(peer_t *p) {
  size_t n = BIO_ctrl_pending(p->wbio);
  p->tx_len = p->tx_off = 0;
  if (n == 0) return;
  if (n > MAX_TLS_MESSAGE) n = MAX_TLS_MESSAGE;
  if (n > p->tx_cap && !grow(&p->tx, &p->tx_cap, n)) return;
  int r = BIO_read(p->wbio, p->tx, (int)n);
  p->tx_len = r > 0 ? (size_t)r : 0;
}

static int tls_write(peer_t *p, const uint8_t *data, size_t n) {
  if (SSL_write(p->ssl, data, (int)n) != (int)n) {
    ERR_clear_error();
    return give_up(p, "TLS write failed");
  }
  return 0;
}

/* One MSCHAPv2 Challenge answered: the Response packet (compressed: Type first) in out; the expected S= kept. */
static size_t mschap_answer(peer_t *p, const uint8_t *auth_challenge, uint8_t ms_id, uint8_t *out) {
  const char *user = cf->inner;
  size_t ulen = strlen(user);
  uint8_t peer_challenge[16], challenge_hash[20], nt[24], digest[20];
  fill_random(peer_challenge, 16);
  EVP_MD_CTX *m = EVP_MD_CTX_new();
  EVP_DigestInit_ex(m, sha1, NULL);
  EVP_DigestUpdate(m, peer_challenge, 16);
  EVP_DigestUpdate(m, auth_challenge, 16);
  EVP_DigestUpdate(m, user, ulen);
  EVP_DigestFinal_ex(m, challenge_hash, NULL);
  for (int i = 0; i < 3; i++) {
    int outl;
    EVP_EncryptUpdate(des[i], nt + 8 * i, &outl, challenge_hash, 8);
  }
  EVP_DigestInit_ex(m, sha1, NULL);
  EVP_DigestUpdate(m, pw_hash_hash, 16);
  EVP_DigestUpdate(m, nt, 24);
  EVP_DigestUpdate(m, MAGIC1, sizeof MAGIC1 - 1);
  EVP_DigestFinal_ex(m, digest, NULL);
  EVP_DigestInit_ex(m, sha1, NULL);
  EVP_DigestUpdate(m, digest, 20);
  EVP_DigestUpdate(m, challenge_hash, 8);
  EVP_DigestUpdate(m, MAGIC2, sizeof MAGIC2 - 1);
  EVP_DigestFinal_ex(m, digest, NULL);
  EVP_MD_CTX_free(m);
  static const char hex[] = "0123456789ABCDEF";
  p->expect_auth[0] = 'S', p->expect_auth[1] = '=';
  for (int i = 0; i < 20; i++) p->expect_auth[2 + 2 * i] = (uint8_t)hex[digest[i] >> 4], p->expect_auth[3 + 2 * i] = (uint8_t)hex[digest[i] & 15];
  /* Type, OpCode, MS-CHAPv2-ID, MS-Length, Value-Size 49: Peer-Challenge, 8 reserved, NT-Response, Flags; Name. */
  size_t ms_len = 4 + 1 + 49 + ulen;
  out[0] = EAP_TYPE_MSCHAPV2, out[1] = MSCHAP_RESPONSE, out[2] = ms_id, out[3] = (uint8_t)(ms_len >> 8), out[4] = (uint8_t)ms_len, out[5] = 49;
  memcpy(out + 6, peer_challenge, 16);
  memset(out + 22, 0, 8);
  memcpy(out + 30, nt, 24);
  out[54] = 0;
  memcpy(out + 55, user, ulen);
  return 55 + ulen;
}

/* The status in a Result TLV among TLVs, or 0. */
static int result_status(const uint8_t *t, size_t n) {
  for (size_t off = 0; off + 4 <= n;) {
    unsigned type = ((unsigned)t[off] << 8 | t[off + 1]) & 0x3fff, len = (unsigned)t[off + 2] << 8 | t[off + 3];
    if (off + 4 + len > n) return 0;
    if (type == 3 && len == 2) return t[off + 4] << 8 | t[off + 5];
    off += 4 + len;
  }
  return 0;
}

/* One decrypted phase-2 packet of PEAPv0 answered inside the tunnel. */
static int phase2(peer_t *p, const uint8_t *d, size_t n) {
  uint8_t out[512];
  size_t on;
  size_t ilen = strlen(cf->inner);
  if (ilen > 200) return give_up(p, "inner identity too long");
  int whole = n >= 5 && d[0] == 1 && ((size_t)d[2] << 8 | d[3]) == n;
  if (whole && d[4] == EAP_TYPE_TLV) {
    /* Extensions Request: answer the Result TLV, success only when MSCHAPv2 succeeded. */
    int status = result_status(d + 5, n - 5);
    uint8_t mine = status == 1 && p->inner_ok ? 1 : 2;
    uint8_t tlv[] = { 0x80, 0x03, 0x00, 0x02, 0x00, mine };
    on = response(out, d[1], EAP_TYPE_TLV, tlv, sizeof tlv);
    return tls_write(p, out, on);
  }
  if (whole && n == 5 && d[4] == EAP_TYPE_IDENTITY) d += 4, n = 1; /* an Identity request sent with its header */
  else if (whole) return give_up(p, "unexpected whole EAP packet in the tunnel");
  if (n < 1) return give_up(p, "empty phase-2 packet");
  switch (d[0]) {
    case EAP_TYPE_IDENTITY:
      out[0] = EAP_TYPE_IDENTITY;
      memcpy(out + 1, cf->inner, ilen);
      return tls_write(p, out, 1 + ilen);
    case EAP_TYPE_MSCHAPV2:
      if (n < 2) return give_up(p, "short MSCHAPv2 packet");
      switch (d[1]) {
        case MSCHAP_CHALLENGE:
          if (n < 22 || d[5] != 16) return give_up(p, "bad MSCHAPv2 Challenge");
          return tls_write(p, out, mschap_answer(p, d + 6, d[2], out));
        case MSCHAP_SUCCESS:
          if (n < 5 + 42 || strncasecmp((const char *)d + 5, (const char *)p->expect_auth, 42) != 0) {
            return give_up(p, "MSCHAPv2 authenticator response does not match");
          }
          p->inner_ok = 1;
          out[0] = EAP_TYPE_MSCHAPV2, out[1] = MSCHAP_SUCCESS;
          return tls_write(p, out, 2);
        case MSCHAP_FAILURE:
          p->inner_failed = 1;
          out[0] = EAP_TYPE_MSCHAPV2, out[1] = MSCHAP_FAILURE;
          return tls_write(p, out, 2);
        default:
          return give_up(p, "unexpected MSCHAPv2 OpCode");
      }
    default:
      return give_up(p, "unexpected phase-2 EAP type");
  }
}

/* Runs TLS over the server's message now in the read BIO: handshake, then application data. */
static int run_tls(peer_t *p) {
  if (!SSL_is_init_finished(p->ssl)) {
    int r = SSL_do_handshake(p->ssl);
    if (r <= 0 && SSL_get_error(p->ssl, r) != SSL_ERROR_WANT_READ) {
      if (cf->debug) ERR_print_errors_fp(stderr);
      ERR_clear_error();
      p->tls_failed = 1; /* an alert may have been written; the server ends the conversation */
      return 0;
    }
  }
  if (!SSL_is_init_finished(p->ssl)) return 0;
  p->resumed = SSL_session_reused(p->ssl);
  p->tls13 = SSL_version(p->ssl) == TLS1_3_VERSION;
  uint8_t buf[4096];
  for (;;) {
    int r = SSL_read(p->ssl, buf, sizeof buf);
    if (r <= 0) {
      int e = SSL_get_error(p->ssl, r);
      if (e != SSL_ERROR_WANT_READ) {
        ERR_clear_error();
        p->tls_failed = 1;
      }
      return 0;
    }
    /* EAP-TLS over TLS 1.3: the server's one-octet commitment (0x00) needs no answer. */
    if (p->method == EAP_TYPE_PEAP && phase2(p, buf, (size_t)r) < 0) return -1;
  }
}

int peer_answer(peer_t *p, const uint8_t *eap, size_t len, uint8_t *out) {
  if (len < 5 || eap[0] != 1) return give_up(p, "not an EAP-Request");
  size_t elen = (size_t)eap[2] << 8 | eap[3];
  if (elen < 5 || elen > len) return give_up(p, "bad EAP length");
  uint8_t id = eap[1], type = eap[4];
  const uint8_t *d = eap + 5;
  size_t n = elen - 5;
  if (type == EAP_TYPE_IDENTITY) return (int)peer_identity(p, id, out);
  if (type != p->method) {
    if (p->started || p->naked || type < 4) return give_up(p, "unexpected EAP type");
    p->naked = 1; /* Legacy-Nak: the method we want instead */
    uint8_t want = (uint8_t)p->method;
    return (int)response(out, id, EAP_TYPE_NAK, &want, 1);
  }
  if (n < 1) return give_up(p, "TLS message without Flags");
  uint8_t flags = d[0];
  if (flags & FLAG_START) {
    if (p->started) return give_up(p, "second TLS Start");
    p->started = 1;
    p->version = 0; /* PEAPv0 (EAP-TLS has no version bits) */
    p->ssl = SSL_new(ctx);
    p->rbio = BIO_new(BIO_s_mem());
    p->wbio = BIO_new(BIO_s_mem());
    if (!p->ssl || !p->rbio || !p->wbio) return give_up(p, "out of memory");
    SSL_set_bio(p->ssl, p->rbio, p->wbio);
    SSL_set_connect_state(p->ssl);
    int r = SSL_do_handshake(p->ssl);
    if (r <= 0 && SSL_get_error(p->ssl, r) != SSL_ERROR_WANT_READ) return give_up(p, "ClientHello failed");
    take_output(p);
    return fragment(p, id, out);
  }
  if (!p->started) return give_up(p, "TLS data before Start");
  size_t off = 1;
  if (flags & FLAG_LENGTH) {
    if (n < 5) return give_up(p, "L flag without a length");
    off = 5;
  }
  const uint8_t *data = d + off;
  size_t dn = n - off;
  if (p->tx_off < p->tx_len) {
    /* Our fragments are outstanding: only an acknowledgement may come. */
    if (dn != 0) return give_up(p, "data while our fragments were outstanding");
    return fragment(p, id, out);
  }
  if (p->rx_len + dn > MAX_TLS_MESSAGE) return give_up(p, "server TLS message too long");
  if (p->rx_len + dn > p->rx_cap && !grow(&p->rx, &p->rx_cap, p->rx_len + dn)) return give_up(p, "out of memory");
  memcpy(p->rx + p->rx_len, data, dn);
  p->rx_len += dn;
  if (flags & FLAG_MORE) return ack(p, id, out);
  if (p->rx_len == 0 || p->tls_failed) {
    p->rx_len = 0;
    return ack(p, id, out);
  }
  BIO_write(p->rbio, p->rx, (int)p->rx_len);
  p->rx_len = 0;
  if (run_tls(p) < 0) return -1;
  take_output(p);
  return p->tx_len > 0 ? fragment(p, id, out) : ack(p, id, out);
}
