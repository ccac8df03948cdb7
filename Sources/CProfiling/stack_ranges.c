// The /proc/self/maps snapshot the signal handler checks frame pointers against.
#define _GNU_SOURCE
#include "CProfiling.h"
#include "stack_ranges.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    size_t count;
    uintptr_t bounds[];  // low0, high0, low1, high1, ... sorted
} range_table;

static _Atomic(range_table *) current_table;
static atomic_int readers;  // handlers reading current_table
static pthread_mutex_t refresh_lock = PTHREAD_MUTEX_INITIALIZER;

bool cprof_stack_range_containing(uintptr_t address, uintptr_t *low, uintptr_t *high) {
    atomic_fetch_add(&readers, 1);
    range_table *table = atomic_load(&current_table);
    bool found = false;
    if (table != NULL) {
        size_t first = 0, last = table->count;
        while (first < last) {
            size_t middle = first + (last - first) / 2;
            if (address < table->bounds[2 * middle]) {
                last = middle;
            } else if (address >= table->bounds[2 * middle + 1]) {
                first = middle + 1;
            } else {
                *low = table->bounds[2 * middle];
                *high = table->bounds[2 * middle + 1];
                found = true;
                break;
            }
        }
    }
    atomic_fetch_sub(&readers, 1);
    return found;
}

static int hex_digit(char character) {
    if (character >= '0' && character <= '9') return character - '0';
    if (character >= 'a' && character <= 'f') return character - 'a' + 10;
    return -1;
}

// Parses "start-end perms ..." at `line`; true for a mapping that is readable and writable.
static bool parse_line(const char *line, const char *end, uintptr_t *low, uintptr_t *high) {
    uintptr_t values[2] = {0, 0};
    const char *cursor = line;
    for (int index = 0; index < 2; index++) {
        int digit;
        while (cursor < end && (digit = hex_digit(*cursor)) >= 0) {
            values[index] = values[index] * 16 + (uintptr_t)digit;
            cursor++;
        }
        if (cursor >= end) return false;
        cursor++;  // '-' then ' '
    }
    if (end - cursor < 2 || cursor[0] != 'r' || cursor[1] != 'w') return false;
    *low = values[0];
    *high = values[1];
    return true;
}

int cprof_refresh_stack_ranges(void) {
    int descriptor = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return errno;
    size_t size = 0, capacity = 1 << 16;
    char *text = malloc(capacity);
    if (text == NULL) {
        close(descriptor);
        return ENOMEM;
    }
    for (;;) {
        if (capacity - size < 4096) {
            char *grown = realloc(text, capacity * 2);
            if (grown == NULL) {
                free(text);
                close(descriptor);
                return ENOMEM;
            }
            text = grown;
            capacity *= 2;
        }
        ssize_t count = read(descriptor, text + size, capacity - size);
        if (count < 0 && errno == EINTR) continue;
        if (count < 0) {
            int error = errno;
            free(text);
            close(descriptor);
            return error;
        }
        if (count == 0) break;
        size += (size_t)count;
    }
    close(descriptor);

    size_t lines = 0;
    for (size_t index = 0; index < size; index++) lines += text[index] == '\n';
    range_table *table = malloc(sizeof(range_table) + 2 * (lines + 1) * sizeof(uintptr_t));
    if (table == NULL) {
        free(text);
        return ENOMEM;
    }
    table->count = 0;
    const char *line = text, *end = text + size;
    while (line < end) {
        const char *newline = memchr(line, '\n', (size_t)(end - line));
        if (newline == NULL) newline = end;
        uintptr_t low, high;
        if (parse_line(line, newline, &low, &high)) {
            // /proc/self/maps is sorted; merge adjacent rw mappings (a stack can be split by mprotect).
            if (table->count > 0 && table->bounds[2 * table->count - 1] == low) {
                table->bounds[2 * table->count - 1] = high;
            } else {
                table->bounds[2 * table->count] = low;
                table->bounds[2 * table->count + 1] = high;
                table->count++;
            }
        }
        line = newline + 1;
    }
    free(text);

    pthread_mutex_lock(&refresh_lock);
    range_table *old = atomic_exchange(&current_table, table);
    // A handler that loaded `old` keeps `readers` above zero until it is done with it.
    struct timespec pause = {0, 20000};
    int round = 0;
    while (atomic_load(&readers) != 0 && round++ < 5000) nanosleep(&pause, NULL);
    if (atomic_load(&readers) == 0) free(old);  // else leak it: safer than a use after free
    pthread_mutex_unlock(&refresh_lock);
    return 0;
}
