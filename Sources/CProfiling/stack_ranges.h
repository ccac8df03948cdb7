// Readable-writable mappings of the process (a /proc/self/maps snapshot), where thread stacks live.
#ifndef CPROFILING_STACK_RANGES_H
#define CPROFILING_STACK_RANGES_H

#include <stdbool.h>
#include <stdint.h>

/// True, with the mapping's bounds, when `address` lies in a readable-writable mapping of the last
/// snapshot. Async-signal-safe.
bool cprof_stack_range_containing(uintptr_t address, uintptr_t *low, uintptr_t *high);

#endif
