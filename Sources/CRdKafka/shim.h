#ifndef CRDKAFKA_SHIM_H
#define CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <pthread.h>
#include <signal.h>

/// rd_kafka_producev without C variadics (Swift cannot call them): one message with an optional key,
/// a headers list (ownership passes to librdkafka on success only) and a per-message opaque.
static inline rd_kafka_resp_err_t crdkafka_produce(rd_kafka_t *rk, const char *topic,
                                                   const void *key, size_t key_size,
                                                   const void *value, size_t value_size,
                                                   rd_kafka_headers_t *headers, void *opaque) {
    return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY((void *)key, key_size), RD_KAFKA_V_VALUE((void *)value, value_size),
                             RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
}

/// rd_kafka_produceva for one message, its rd_kafka_vu_t array on the C stack (no allocation on the Swift
/// side): an optional key, an optional headers list (ownership passes to librdkafka on success only) and a
/// per-message opaque. Returns the error code (rd_kafka_error_t is destroyed here).
static inline rd_kafka_resp_err_t crdkafka_produceva(rd_kafka_t *rk, const char *topic,
                                                     const void *key, size_t key_size,
                                                     const void *value, size_t value_size,
                                                     rd_kafka_headers_t *headers, void *opaque) {
    rd_kafka_vu_t vus[6];
    size_t count = 0;
    vus[count].vtype = RD_KAFKA_VTYPE_TOPIC;
    vus[count++].u.cstr = topic;
    vus[count].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vus[count++].u.i = RD_KAFKA_MSG_F_COPY;
    if (key) {
        vus[count].vtype = RD_KAFKA_VTYPE_KEY;
        vus[count].u.mem.ptr = (void *)key;
        vus[count++].u.mem.size = key_size;
    }
    vus[count].vtype = RD_KAFKA_VTYPE_VALUE;
    vus[count].u.mem.ptr = (void *)value;
    vus[count++].u.mem.size = value_size;
    if (headers) {
        vus[count].vtype = RD_KAFKA_VTYPE_HEADERS;
        vus[count++].u.headers = headers;
    }
    vus[count].vtype = RD_KAFKA_VTYPE_OPAQUE;
    vus[count++].u.ptr = opaque;
    rd_kafka_error_t *error = rd_kafka_produceva(rk, vus, count);
    if (!error) return RD_KAFKA_RESP_ERR_NO_ERROR;
    rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    rd_kafka_error_destroy(error);
    return code;
}

/// rd_kafka_mock_cluster_new with every signal blocked in the mock cluster's thread, as rd_kafka_new does
/// for its own threads. The thread inherits the caller's signal mask, and librdkafka 2.0.2 ends it on the
/// first poll() that fails, EINTR included: one handled signal on that thread (SIGPROF from a thread dump
/// or a CPU profile, SIGTERM, SIGUSR2...) stopped the embedded broker for good. The caller's mask is
/// restored; a signal sent to the caller meanwhile stays pending until then.
static inline rd_kafka_mock_cluster_t *crdkafka_mock_cluster_new(rd_kafka_t *rk, int broker_count) {
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, broker_count);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return cluster;
}

#endif
