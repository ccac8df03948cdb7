// C shim of the Profiling target: the SIGPROF handler and everything that must run inside it.
//
// One SIGPROF handler serves two clients:
// - the sampler: setitimer(ITIMER_PROF) ticks (si_code != SI_TKILL) write frame-pointer-walked stacks
//   into slots preallocated by cprof_sampler_start;
// - the thread dump: cprof_dump_thread sends SIGPROF to one thread with tgkill and the handler, on that
//   thread only, writes its stack into the dump slot.
// The handler is async-signal-safe: no malloc, no locks, errno preserved. Frame pointers are followed only
// inside the interrupted thread's stack mapping (from a /proc/self/maps snapshot), so a broken chain
// ends the walk instead of faulting.
#ifndef CPROFILING_H
#define CPROFILING_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CPROF_MAX_FRAMES 64

/// One sampled stack. frames[0] is the interrupted instruction; the others are return addresses.
typedef struct {
    uint64_t trace_id_high;
    uint64_t trace_id_low;
    uint64_t span_id;  // 0: no span was active on the thread
    uint32_t thread_id;
    uint32_t depth;
    uintptr_t frames[CPROF_MAX_FRAMES];
} cprof_sample;

/// Starts sampling: `capacity` slots, one SIGPROF per `interval_usec` of process CPU time.
/// Returns 0, EBUSY when a sampling run is active, ENOMEM, or the errno of sigaction/setitimer.
int cprof_sampler_start(size_t capacity, long interval_usec);
/// Stops the timer, waits for handlers in flight, and returns the number of samples written.
size_t cprof_sampler_stop(void);
/// Sample `index` (< the count cprof_sampler_stop returned) of the stopped run.
const cprof_sample *cprof_sampler_sample(size_t index);
/// Ticks that found every slot taken (the run's capacity was too small).
size_t cprof_sampler_dropped(void);
/// Frees the stopped run's slots.
void cprof_sampler_release(void);

/// Re-reads /proc/self/maps for the stack bounds the handler checks frame pointers against.
/// Call it before a dump and now and then during a sampling run (threads come and go). Returns 0 or errno.
int cprof_refresh_stack_ranges(void);

/// Writes the stack of thread `tid` (of this process) into `frames` (at most `capacity`); returns the
/// depth, 0 when the thread did not answer within `timeout_nsec` (it blocks SIGPROF, or exited), or -1
/// with errno set (ESRCH: no such thread). Dumps are serialised by an internal mutex.
int cprof_dump_thread(pid_t tid, uintptr_t *frames, int capacity, long timeout_nsec);

/// The calling thread's kernel id.
pid_t cprof_current_thread_id(void);
/// Lists this process's threads (/proc/self/task) into `tids`; returns how many were found (may exceed
/// `capacity`: call again with more room), or -1 with errno set.
int cprof_list_threads(pid_t *tids, int capacity);

/// Sets the span the calling thread works for; samples taken on it carry this label.
void cprof_set_span(uint64_t trace_id_high, uint64_t trace_id_low, uint64_t span_id);
/// The calling thread's span (all zero when none), so a scope can restore it.
void cprof_get_span(uint64_t *trace_id_high, uint64_t *trace_id_low, uint64_t *span_id);

/// What dladdr1 knows about an address.
typedef struct {
    const char *file;       // module path as the loader knows it (may be empty for the main program)
    uintptr_t file_base;    // where the module's ELF header is mapped
    uintptr_t load_bias;    // runtime address minus ELF virtual address (link_map l_addr)
    const char *symbol;     // nearest exported symbol, or NULL
    uintptr_t symbol_address;
} cprof_symbol;

/// Fills `out` for `address`; returns 0 when the address is in no loaded module.
int cprof_lookup_symbol(uintptr_t address, cprof_symbol *out);

/// Demangles a Swift symbol with the runtime's swift_demangle (found with dlsym); returns a malloc'd
/// string the caller frees, or NULL when the name is not a Swift symbol or the runtime lacks the function.
char *cprof_swift_demangle(const char *mangled, size_t length);

/// Demangles a C++ symbol with the C++ runtime's __cxa_demangle (found with dlsym); a malloc'd string
/// the caller frees, or NULL.
char *cprof_cxx_demangle(const char *mangled);

/// mallinfo2 figures, in bytes.
typedef struct {
    uint64_t arena;           // non-mmapped space obtained from the system
    uint64_t in_use;          // allocated non-mmapped chunks
    uint64_t free;            // free non-mmapped chunks
    uint64_t mmapped;         // space in mmapped chunks (large allocations)
    uint64_t mmapped_count;   // number of mmapped chunks
    uint64_t releasable;      // top-most free space malloc_trim could release
} cprof_heap;

/// Reads mallinfo2 (glibc); returns 0, or -1 when the C library has no mallinfo2.
int cprof_heap_info(cprof_heap *out);

#endif
