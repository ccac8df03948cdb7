// Outside the signal handler: symbols (dladdr1, swift_demangle), threads (/proc/self/task), mallinfo2.
#define _GNU_SOURCE
#include "CProfiling.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

int cprof_lookup_symbol(uintptr_t address, cprof_symbol *out) {
    Dl_info info;
    struct link_map *map = NULL;
    memset(out, 0, sizeof *out);
    if (dladdr1((const void *)address, &info, (void **)&map, RTLD_DL_LINKMAP) == 0) return 0;
    out->file = info.dli_fname;
    out->file_base = (uintptr_t)info.dli_fbase;
    out->load_bias = map != NULL ? (uintptr_t)map->l_addr : (uintptr_t)info.dli_fbase;
    out->symbol = info.dli_sname;
    out->symbol_address = (uintptr_t)info.dli_saddr;
    return 1;
}

typedef char *(*swift_demangle_function)(const char *, size_t, char *, size_t *, uint32_t);

char *cprof_swift_demangle(const char *mangled, size_t length) {
    static swift_demangle_function demangle;
    static int looked_up;
    if (!__atomic_load_n(&looked_up, __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&demangle, (swift_demangle_function)dlsym(RTLD_DEFAULT, "swift_demangle"), __ATOMIC_RELAXED);
        __atomic_store_n(&looked_up, 1, __ATOMIC_RELEASE);
    }
    swift_demangle_function function = __atomic_load_n(&demangle, __ATOMIC_RELAXED);
    if (function == NULL) return NULL;
    return function(mangled, length, NULL, NULL, 0);
}

typedef char *(*cxa_demangle_function)(const char *, char *, size_t *, int *);

char *cprof_cxx_demangle(const char *mangled) {
    static cxa_demangle_function demangle;
    static int looked_up;
    if (!__atomic_load_n(&looked_up, __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&demangle, (cxa_demangle_function)dlsym(RTLD_DEFAULT, "__cxa_demangle"), __ATOMIC_RELAXED);
        __atomic_store_n(&looked_up, 1, __ATOMIC_RELEASE);
    }
    cxa_demangle_function function = __atomic_load_n(&demangle, __ATOMIC_RELAXED);
    if (function == NULL) return NULL;
    int status = 0;
    char *demangled = function(mangled, NULL, NULL, &status);
    if (status != 0) {
        free(demangled);
        return NULL;
    }
    return demangled;
}

int cprof_list_threads(pid_t *tids, int capacity) {
    DIR *directory = opendir("/proc/self/task");
    if (directory == NULL) return -1;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        if (count < capacity) tids[count] = (pid_t)atoi(entry->d_name);
        count++;
    }
    closedir(directory);
    return count;
}

int cprof_heap_info(cprof_heap *out) {
    memset(out, 0, sizeof *out);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 info = mallinfo2();
    out->arena = info.arena;
    out->in_use = info.uordblks;
    out->free = info.fordblks;
    out->mmapped = info.hblkhd;
    out->mmapped_count = info.hblks;
    out->releasable = info.keepcost;
    return 0;
#else
    return -1;
#endif
}
