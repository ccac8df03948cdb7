// The SIGPROF handler, the sampler and the single-thread dump. See CProfiling.h.
#define _GNU_SOURCE
#include "CProfiling.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "stack_ranges.h"

// --- per-thread span label -------------------------------------------------------------------------

typedef struct {
    volatile uint32_t valid;
    uint64_t trace_id_high;
    uint64_t trace_id_low;
    uint64_t span_id;
} span_slot;

// initial-exec: a plain %fs-relative access, safe in a signal handler (no __tls_get_addr, no malloc).
static __thread span_slot current_span __attribute__((tls_model("initial-exec")));

void cprof_set_span(uint64_t trace_id_high, uint64_t trace_id_low, uint64_t span_id) {
    // The handler runs on this same thread, between any two instructions: invalidate, write, validate.
    current_span.valid = 0;
    atomic_signal_fence(memory_order_seq_cst);
    current_span.trace_id_high = trace_id_high;
    current_span.trace_id_low = trace_id_low;
    current_span.span_id = span_id;
    atomic_signal_fence(memory_order_seq_cst);
    current_span.valid = span_id != 0;
}

void cprof_get_span(uint64_t *trace_id_high, uint64_t *trace_id_low, uint64_t *span_id) {
    bool valid = current_span.valid;
    *trace_id_high = valid ? current_span.trace_id_high : 0;
    *trace_id_low = valid ? current_span.trace_id_low : 0;
    *span_id = valid ? current_span.span_id : 0;
}

// --- stack walking ---------------------------------------------------------------------------------

static int walk_stack(const ucontext_t *context, uintptr_t *frames, int capacity) {
    uintptr_t pc, fp, sp;
#if defined(__x86_64__)
    pc = (uintptr_t)context->uc_mcontext.gregs[REG_RIP];
    fp = (uintptr_t)context->uc_mcontext.gregs[REG_RBP];
    sp = (uintptr_t)context->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
    pc = (uintptr_t)context->uc_mcontext.pc;
    fp = (uintptr_t)context->uc_mcontext.regs[29];
    sp = (uintptr_t)context->uc_mcontext.sp;
#else
    (void)context;
    return 0;
#endif
    int depth = 0;
    if (capacity <= 0) return 0;
    frames[depth++] = pc;
    uintptr_t low, high;
    if (!cprof_stack_range_containing(sp, &low, &high)) return depth;  // a thread newer than the snapshot
    if (sp > low) low = sp;
    while (depth < capacity) {
        if (fp < low || fp > high - 2 * sizeof(uintptr_t) || (fp & (sizeof(uintptr_t) - 1)) != 0) break;
        uintptr_t next = ((const uintptr_t *)fp)[0];
        uintptr_t return_address = ((const uintptr_t *)fp)[1];
        if (return_address == 0) break;
        frames[depth++] = return_address;
        if (next <= fp) break;  // frames grow towards higher addresses; anything else is not a chain
        low = fp + 2 * sizeof(uintptr_t);
        fp = next;
    }
    return depth;
}

// --- sampler state ---------------------------------------------------------------------------------

static cprof_sample *sampler_slots;
static size_t sampler_capacity;
static atomic_size_t sampler_next;
static atomic_size_t sampler_dropped;
static atomic_bool sampler_active;
static atomic_int handlers_in_flight;

// --- dump state ------------------------------------------------------------------------------------

enum { dump_idle = 0, dump_requested = 1, dump_capturing = 2, dump_done = 3 };
static atomic_int dump_state;
static atomic_int dump_target;
static uintptr_t dump_frames[CPROF_MAX_FRAMES * 2];
static int dump_depth;
static pthread_mutex_t dump_lock = PTHREAD_MUTEX_INITIALIZER;

static pid_t current_tid(void) { return (pid_t)syscall(SYS_gettid); }

pid_t cprof_current_thread_id(void) { return current_tid(); }

static void on_sigprof(int signal_number, siginfo_t *info, void *raw_context) {
    (void)signal_number;
    int saved_errno = errno;
    atomic_fetch_add(&handlers_in_flight, 1);
    const ucontext_t *context = (const ucontext_t *)raw_context;
    if (info != NULL && info->si_code == SI_TKILL) {
        int expected = dump_requested;
        if (atomic_load(&dump_target) == current_tid()
            && atomic_compare_exchange_strong(&dump_state, &expected, dump_capturing)) {
            dump_depth = walk_stack(context, dump_frames, (int)(sizeof dump_frames / sizeof dump_frames[0]));
            atomic_store(&dump_state, dump_done);
        }
    } else if (atomic_load(&sampler_active)) {
        size_t index = atomic_fetch_add(&sampler_next, 1);
        if (index < sampler_capacity) {
            cprof_sample *slot = &sampler_slots[index];
            bool labelled = current_span.valid;
            slot->trace_id_high = labelled ? current_span.trace_id_high : 0;
            slot->trace_id_low = labelled ? current_span.trace_id_low : 0;
            slot->span_id = labelled ? current_span.span_id : 0;
            slot->thread_id = (uint32_t)current_tid();
            slot->depth = (uint32_t)walk_stack(context, slot->frames, CPROF_MAX_FRAMES);
        } else {
            atomic_fetch_add(&sampler_dropped, 1);
        }
    }
    atomic_fetch_sub(&handlers_in_flight, 1);
    errno = saved_errno;
}

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_error;

// Installed once and never removed: a SIGPROF that arrives after a run (a tick already in flight, a late
// dump signal) must find a handler, since the default action terminates the process.
static void install_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_sigprof;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGPROF, &action, NULL) != 0) install_error = errno;
}

static int ensure_handler(void) {
    pthread_once(&install_once, install_handler);
    return install_error;
}

static void wait_for_handlers(void) {
    struct timespec pause = {0, 20000};
    for (int round = 0; round < 50000 && atomic_load(&handlers_in_flight) != 0; round++) nanosleep(&pause, NULL);
}

int cprof_sampler_start(size_t capacity, long interval_usec) {
    int error = ensure_handler();
    if (error != 0) return error;
    if (atomic_load(&sampler_active) || sampler_slots != NULL) return EBUSY;
    if (capacity == 0 || interval_usec <= 0) return EINVAL;
    error = cprof_refresh_stack_ranges();
    if (error != 0) return error;
    sampler_slots = calloc(capacity, sizeof(cprof_sample));
    if (sampler_slots == NULL) return ENOMEM;
    sampler_capacity = capacity;
    atomic_store(&sampler_next, 0);
    atomic_store(&sampler_dropped, 0);
    atomic_store(&sampler_active, true);
    struct itimerval timer;
    timer.it_interval.tv_sec = interval_usec / 1000000;
    timer.it_interval.tv_usec = interval_usec % 1000000;
    timer.it_value = timer.it_interval;
    if (setitimer(ITIMER_PROF, &timer, NULL) != 0) {
        error = errno;
        atomic_store(&sampler_active, false);
        cprof_sampler_release();
        return error;
    }
    return 0;
}

size_t cprof_sampler_stop(void) {
    struct itimerval off;
    memset(&off, 0, sizeof off);
    setitimer(ITIMER_PROF, &off, NULL);
    atomic_store(&sampler_active, false);
    wait_for_handlers();
    size_t written = atomic_load(&sampler_next);
    return written < sampler_capacity ? written : sampler_capacity;
}

const cprof_sample *cprof_sampler_sample(size_t index) {
    return index < sampler_capacity ? &sampler_slots[index] : NULL;
}

size_t cprof_sampler_dropped(void) { return atomic_load(&sampler_dropped); }

void cprof_sampler_release(void) {
    free(sampler_slots);
    sampler_slots = NULL;
    sampler_capacity = 0;
}

int cprof_dump_thread(pid_t tid, uintptr_t *frames, int capacity, long timeout_nsec) {
    int error = ensure_handler();
    if (error != 0) {
        errno = error;
        return -1;
    }
    pthread_mutex_lock(&dump_lock);
    atomic_store(&dump_target, tid);
    atomic_store(&dump_state, dump_requested);
    if (syscall(SYS_tgkill, getpid(), tid, SIGPROF) != 0) {
        int saved = errno;
        atomic_store(&dump_state, dump_idle);
        atomic_store(&dump_target, 0);
        pthread_mutex_unlock(&dump_lock);
        errno = saved;
        return -1;
    }
    struct timespec pause = {0, 20000};
    long waited = 0;
    while (atomic_load(&dump_state) != dump_done && waited < timeout_nsec) {
        nanosleep(&pause, NULL);
        waited += pause.tv_nsec;
    }
    int expected = dump_requested;
    int depth = 0;
    if (!atomic_compare_exchange_strong(&dump_state, &expected, dump_idle)) {
        // The handler started (capturing) or finished: it finishes quickly.
        while (atomic_load(&dump_state) != dump_done) nanosleep(&pause, NULL);
        depth = dump_depth < capacity ? dump_depth : capacity;
        memcpy(frames, dump_frames, (size_t)depth * sizeof(uintptr_t));
    }
    atomic_store(&dump_target, 0);
    atomic_store(&dump_state, dump_idle);
    pthread_mutex_unlock(&dump_lock);
    return depth;
}
