#ifndef CRDKAFKA_SHIM_H
#define CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

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

#endif
