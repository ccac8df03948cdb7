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
