/* SPDX-License-Identifier: MIT */
/* logwriter: whole-row log writing with periodic fsync and optional rotation. */
#include "jtune/platform/systime.h"
#include "jtune/record/logwriter.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

struct LogWriter {
    int fd;
    bool own_fd;  /* false for stdout */
    bool regular; /* a regular file: fsync and rotation apply */
    LogFmt fmt;
    const Schema *sc;
    char *row; /* row buffer, logfmt_row_bound bytes */
    size_t row_cap;
    char *header; /* kept for rotation */
    size_t header_len;
    int64_t sync_ns; /* fsync period; < 0 never */
    int64_t last_sync_ns;
    bool dirty; /* written since the last fsync */
    uint64_t max_bytes;
    uint64_t size; /* bytes in the current file */
    uint64_t rows;
    int err; /* first error */
    char path[PATH_MAX];
    /* the writer thread (logwriter_set_async): write() and fsync off the caller's path.
     * The caller queues rows in a ring (one producer, one consumer: no lock on the way);
     * the thread owns fd while it runs, except under io. */
    bool async;
    pthread_t th;
    pthread_mutex_t mu; /* for cv's waits only */
    pthread_cond_t cv;  /* wakes the thread */
    pthread_mutex_t io; /* held by whoever uses fd while the thread runs */
    char *ring;
    uint64_t ring_cap;           /* bytes, a power of two */
    _Atomic uint64_t head, tail; /* bytes ever queued / ever taken by the thread */
    atomic_bool stop;            /* the thread writes what is queued, then ends */
    atomic_bool idle;            /* the thread sleeps with nothing queued: the next row wakes it */
    atomic_bool hurry;           /* write now: the ring is half full, or a caller waits */
    _Atomic uint64_t wakes;      /* times the thread came out of a wait */
    atomic_int async_err;        /* first error the thread saw */
    uint64_t qsize;              /* the file's size once the queue is written (rotation) */
    int64_t last_row_ns;         /* the previous row's time (mono_ns; INT64_MIN: none) */
    uint64_t full_events;        /* rows that found the ring full */
    int64_t full_wait_ns;        /* time those rows waited for room */
};

/* A queued row: this head, then len bytes, padded to 8. */
typedef struct {
    uint32_t len;
    uint32_t flags;
} RecHead;

#define REC_PAD      1u /* filler up to the end of the ring (a row never wraps) */
#define REC_ROTATE   2u /* rotate (size limit) before writing this row */
#define RING_MIN     ((uint64_t)256 << 10)
#define RING_MAX     ((uint64_t)4 << 20)
#define FLUSH_MS     20 /* rows wait at most this long on the queue (they gather meanwhile) */
#define ROOM_WAIT_NS 200000

int logwriter_open(LogWriter **out, const char *path, LogFmt fmt) {
    LogWriter *w = calloc(1, sizeof *w);
    if (!w) {
        return -ENOMEM;
    }
    bool to_stdout = !path || strcmp(path, "-") == 0;
    snprintf(w->path, sizeof w->path, "%s", to_stdout ? "-" : path);
    w->fmt = fmt;
    w->sync_ns = (int64_t)LOGWRITER_SYNC_MS * 1000000;
    w->last_sync_ns = INT64_MIN;
    if (to_stdout) {
        w->fd = STDOUT_FILENO;
    } else {
        w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (w->fd < 0) {
            int e = errno;
            free(w);
            return -e;
        }
        w->own_fd = true;
    }
    struct stat st;
    w->regular = fstat(w->fd, &st) == 0 && S_ISREG(st.st_mode);
    *out = w;
    return 0;
}

void logwriter_set_sync_ms(LogWriter *w, int ms) {
    w->sync_ns = ms < 0 ? -1 : (int64_t)ms * 1000000;
}

void logwriter_set_max_bytes(LogWriter *w, uint64_t max_bytes) {
    w->max_bytes = max_bytes;
}

/* A write that failed part way (disk full): cut a regular file back to where the row began,
 * so the log never ends in a torn row. */
static void unwind(LogWriter *w, uint64_t start) {
    if (w->regular && w->size != start && ftruncate(w->fd, (off_t)start) == 0 &&
        lseek(w->fd, (off_t)start, SEEK_SET) == (off_t)start) {
        w->size = start;
    }
}

/* One write() for the whole buffer; only a short write (disk full, signal on a pipe)
 * makes it loop for the rest. */
static int put(LogWriter *w, const char *p, size_t n) {
    uint64_t start = w->size;
    while (n) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0) {
            if (errno == EINTR) {
                continue;
            }
            int err = errno;
            unwind(w, start);
            return -err;
        }
        p += k;
        n -= (size_t)k;
        w->size += (uint64_t)k;
    }
    w->dirty = true;
    return 0;
}

static int remember(LogWriter *w, int rc) {
    if (rc && !w->err) {
        w->err = rc;
    }
    return rc;
}

/* fsync when something was written since the last one (regular files). 0 or -errno. */
static int sync_now(LogWriter *w) {
    if (!w->regular || !w->dirty) {
        return 0;
    }
    w->dirty = false;
    return fsync(w->fd) < 0 ? -errno : 0;
}

/* Close the full file, keep it as FILE.1 and start FILE again (with the header when
 * with_header). Whoever calls it owns fd. */
static int rotate_file(LogWriter *w, bool with_header) {
    char old[PATH_MAX + 2];
    int rc = sync_now(w);
    if (rc) {
        return rc;
    }
    snprintf(old, sizeof old, "%s.1", w->path);
    if (rename(w->path, old) < 0) {
        return -errno;
    }
    int fd = open(w->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return -errno;
    }
    close(w->fd);
    w->fd = fd;
    w->size = 0;
    return with_header && w->header_len ? put(w, w->header, w->header_len) : 0;
}

/* One row written now, rotating first when it would pass max_bytes. Whoever calls it owns
 * fd. 0 or -errno. */
static int put_row(LogWriter *w, const char *line, size_t n) {
    int rc = 0;
    if (w->max_bytes && w->regular && w->own_fd && w->size + (uint64_t)n > w->max_bytes &&
        w->size > w->header_len) {
        rc = rotate_file(w, true);
    }
    return rc ? rc : put(w, line, n);
}

/* ---- the writer thread ---- */

/* Taking mu once makes sure a thread that decided to wait is waiting; the signal comes after
 * the unlock, so that the woken thread does not block on mu still held here. */
static void wake(LogWriter *w) {
    pthread_mutex_lock(&w->mu);
    pthread_mutex_unlock(&w->mu);
    pthread_cond_signal(&w->cv);
}

/* Wake the thread to write at once, without letting rows gather. */
static void hurry(LogWriter *w) {
    atomic_store(&w->hurry, true);
    wake(w);
}

static void nap_ns(long ns) {
    struct timespec ts = {0, ns};
    nanosleep(&ts, NULL);
}

/* Wait until the thread has written everything queued (and so holds no row). */
static void async_drain(LogWriter *w) {
    while (atomic_load_explicit(&w->tail, memory_order_acquire) !=
           atomic_load_explicit(&w->head, memory_order_relaxed)) {
        hurry(w);
        nap_ns(ROOM_WAIT_NS);
    }
}

static void thread_error(LogWriter *w, int rc) {
    int none = 0;
    if (rc) {
        atomic_compare_exchange_strong(&w->async_err, &none, rc);
    }
}

/* writev the n rows of iov (whole rows only); 0 or -errno. */
static int put_rows(LogWriter *w, struct iovec *iov, int n) {
    uint64_t row_start = w->size; /* where the first row not yet whole began */
    while (n > 0) {
        ssize_t k = writev(w->fd, iov, n);
        if (k < 0) {
            if (errno == EINTR) {
                continue;
            }
            int err = errno;
            unwind(w, row_start); /* never a torn last row */
            return -err;
        }
        w->size += (uint64_t)k;
        w->dirty = true;
        while (n > 0 && (size_t)k >= iov->iov_len) { /* a short write: go on from there */
            k -= (ssize_t)iov->iov_len;
            iov++;
            n--;
            row_start = w->size - (uint64_t)k;
        }
        if (n > 0) {
            iov->iov_base = (char *)iov->iov_base + k;
            iov->iov_len -= (size_t)k;
        }
    }
    return 0;
}

/* Write the rows queued in [tail, head) with as few writev calls as the ring allows, then
 * give their room back. Runs on the thread, holding io. */
static void drain(LogWriter *w, uint64_t tail, uint64_t head) {
    enum { IOV = 64 };
    struct iovec iov[IOV];
    int n = 0, rc = atomic_load(&w->async_err);
    uint64_t t = tail;
    while (t < head) {
        RecHead h;
        memcpy(&h, w->ring + (t & (w->ring_cap - 1)), sizeof h);
        bool flush = n == IOV || (h.flags & REC_ROTATE);
        if (flush && n) {
            rc = rc ? rc : put_rows(w, iov, n);
            n = 0;
            atomic_store_explicit(&w->tail, t, memory_order_release);
        }
        if (h.flags & REC_ROTATE) {
            rc = rc ? rc : rotate_file(w, true);
        }
        if (!(h.flags & REC_PAD)) {
            iov[n].iov_base = w->ring + (t & (w->ring_cap - 1)) + sizeof h;
            iov[n++].iov_len = h.len;
        }
        t += sizeof h + ((h.len + 7u) & ~7u);
    }
    if (n) {
        rc = rc ? rc : put_rows(w, iov, n);
    }
    thread_error(w, rc); /* after an error rows are taken and dropped: the caller stops */
    atomic_store_explicit(&w->tail, t, memory_order_release);
}

/* Wait on cv, under mu, until woken or until the monotonic time due (< 0: no limit). */
static void wait_until(LogWriter *w, int64_t due) {
    if (due < 0) {
        pthread_cond_wait(&w->cv, &w->mu);
    } else {
        int64_t left = due - systime_mono_ns();
        struct timespec ts = systime_timespec(systime_real_ns() + (left > 0 ? left : 0));
        pthread_cond_timedwait(&w->cv, &w->mu, &ts);
    }
    atomic_fetch_add_explicit(&w->wakes, 1, memory_order_relaxed);
}

/* The thread's sleep after it has written everything up to head `seen`: until a row comes
 * (the first row after a sleep wakes it; the rows then gather for FLUSH_MS, so that 1 kHz
 * takes one writev per 20 rows), the next fsync tick (sync_due, monotonic; < 0: none), the
 * ring needs room or the writer stops. */
static void writer_sleep(LogWriter *w, uint64_t seen, int64_t sync_due) {
    pthread_mutex_lock(&w->mu);
    atomic_store(&w->idle, true);
    if (!atomic_load(&w->stop) && !atomic_load(&w->hurry) && atomic_load(&w->head) == seen) {
        wait_until(w, sync_due);
    }
    atomic_store(&w->idle, false);
    if (!atomic_load(&w->stop) && !atomic_load(&w->hurry) && atomic_load(&w->head) != seen) {
        wait_until(w, systime_mono_ns() + FLUSH_MS * NS_PER_MS);
    }
    atomic_store(&w->hurry, false);
    pthread_mutex_unlock(&w->mu);
}

/* The thread: write what is queued, fsync what was written (queued or by the caller, see
 * write_here) once a sync period; at stop, write the rest and end. */
static void *writer_main(void *arg) {
    LogWriter *w = arg;
    int64_t next_sync = systime_mono_ns() + (w->sync_ns > 0 ? w->sync_ns : 0);
    for (;;) {
        bool stop = atomic_load(&w->stop);
        uint64_t head = atomic_load(&w->head);
        uint64_t tail = atomic_load_explicit(&w->tail, memory_order_relaxed);
        pthread_mutex_lock(&w->io);
        if (head != tail) {
            drain(w, tail, head);
        }
        int64_t now = systime_mono_ns();
        if (w->sync_ns >= 0 && now >= next_sync) {
            thread_error(w, sync_now(w)); /* only when something was written */
            next_sync = now + w->sync_ns;
        }
        pthread_mutex_unlock(&w->io);
        if (stop && head == tail) {
            break;
        }
        writer_sleep(w, head, w->sync_ns > 0 ? next_sync : -1);
    }
    return NULL;
}

/* The ring: room for 16 of the largest rows, 256 KiB to 4 MiB, a power of two. */
static uint64_t ring_size(const LogWriter *w) {
    uint64_t want = (uint64_t)(w->row_cap ? w->row_cap : 4096) * 16, cap = RING_MIN;
    while (cap < want && cap < RING_MAX) {
        cap <<= 1;
    }
    return cap;
}

/* The writer thread is an ordinary task even when its caller samples under SCHED_FIFO
 * (--realtime): a slow disk must never hold a CPU from everything else. 0 or -errno. */
static int start_writer(LogWriter *w) {
    pthread_attr_t at;
    if (pthread_attr_init(&at) != 0) {
        return -ENOMEM;
    }
    struct sched_param sp = {.sched_priority = 0};
    int rc = pthread_attr_setinheritsched(&at, PTHREAD_EXPLICIT_SCHED);
    rc = rc ? rc : pthread_attr_setschedpolicy(&at, SCHED_OTHER);
    rc = rc ? rc : pthread_attr_setschedparam(&at, &sp);
    rc = rc ? rc : pthread_create(&w->th, &at, writer_main, w);
    pthread_attr_destroy(&at);
    return -rc;
}

int logwriter_set_async(LogWriter *w) {
    if (w->async || !w->regular) {
        return 0;
    }
    w->ring_cap = ring_size(w);
    w->ring = malloc(w->ring_cap);
    if (!w->ring) {
        return -ENOMEM;
    }
    int rc = -ENOMEM;
    if (pthread_mutex_init(&w->mu, NULL) == 0) {
        if (pthread_mutex_init(&w->io, NULL) == 0) {
            if (pthread_cond_init(&w->cv, NULL) == 0) {
                atomic_init(&w->head, 0);
                atomic_init(&w->tail, 0);
                atomic_init(&w->stop, false);
                atomic_init(&w->idle, false);
                atomic_init(&w->hurry, false);
                atomic_init(&w->wakes, 0);
                atomic_init(&w->async_err, 0);
                w->qsize = w->size;
                w->last_row_ns = INT64_MIN;
                /* the thread starts with every signal blocked: SIGINT and SIGTERM keep
                 * waking the caller's sleep (EINTR) instead of landing on the thread */
                sigset_t all, old;
                sigfillset(&all);
                pthread_sigmask(SIG_SETMASK, &all, &old);
                rc = start_writer(w);
                pthread_sigmask(SIG_SETMASK, &old, NULL);
                if (rc == 0) {
                    w->async = true;
                    return 0;
                }
                pthread_cond_destroy(&w->cv);
            }
            pthread_mutex_destroy(&w->io);
        }
        pthread_mutex_destroy(&w->mu);
    }
    free(w->ring);
    w->ring = NULL;
    return rc;
}

/* End the thread after it has written everything queued. */
static void async_stop(LogWriter *w) {
    atomic_store(&w->stop, true);
    wake(w);
    pthread_join(w->th, NULL);
    remember(w, atomic_load(&w->async_err));
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->io);
    pthread_mutex_destroy(&w->mu);
    free(w->ring);
    w->ring = NULL;
    w->async = false;
}

/* Run op on fd from the caller's side: the queue written first, the thread kept off fd. */
static int with_fd(LogWriter *w, int (*op)(LogWriter *w, const void *arg), const void *arg) {
    if (!w->async) {
        return op(w, arg);
    }
    async_drain(w);
    pthread_mutex_lock(&w->io);
    int rc = op(w, arg);
    w->qsize = w->size;
    pthread_mutex_unlock(&w->io);
    return rc;
}

/* Queue one row (the thread writes it whole); waits for room when the ring is full,
 * counting it. 0 or the thread's first error. */
static int enqueue(LogWriter *w, const char *line, size_t n, uint32_t flags) {
    uint64_t cap = w->ring_cap, need = sizeof(RecHead) + ((n + 7u) & ~(uint64_t)7u);
    uint64_t head = atomic_load_explicit(&w->head, memory_order_relaxed);
    uint64_t to_end = cap - (head & (cap - 1));
    uint64_t total = need + (to_end < need ? to_end : 0);
    if (atomic_load_explicit(&w->tail, memory_order_acquire) + cap < head + total) {
        int64_t t0 = systime_mono_ns();
        w->full_events++;
        while (atomic_load_explicit(&w->tail, memory_order_acquire) + cap < head + total) {
            hurry(w);
            nap_ns(ROOM_WAIT_NS);
        }
        w->full_wait_ns += systime_mono_ns() - t0;
    }
    if (to_end < need) {
        RecHead pad = {(uint32_t)(to_end - sizeof pad), REC_PAD};
        memcpy(w->ring + (head & (cap - 1)), &pad, sizeof pad);
        head += to_end;
    }
    RecHead h = {(uint32_t)n, flags};
    char *at = w->ring + (head & (cap - 1));
    memcpy(at, &h, sizeof h);
    memcpy(at + sizeof h, line, n);
    atomic_store(&w->head, head + need); /* seq_cst: paired with idle (writer_sleep) */
    if (w->sync_ns == 0 || head + need - atomic_load(&w->tail) > cap / 2) {
        hurry(w);
    } else if (atomic_exchange(&w->idle, false)) {
        wake(w); /* the first row after a sleep; the next ones gather behind it */
    }
    return atomic_load(&w->async_err);
}

/* A row far from the one before (FLUSH_MS or more, as at 1 Hz) finds nothing queued: it is
 * written here, one write(2), rather than waking the thread for it (on a virtual machine
 * the wake-up costs the sampling loop more than the write). The thread still does the
 * fsync, and a row that comes while it holds the file (syncing) goes on the queue. true
 * when written (*rc: 0 or -errno). */
static bool write_here(LogWriter *w, const char *line, size_t n, int64_t mono_ns, int *rc) {
    bool slow = w->last_row_ns == INT64_MIN || mono_ns - w->last_row_ns >= FLUSH_MS * NS_PER_MS;
    w->last_row_ns = mono_ns;
    uint64_t head = atomic_load_explicit(&w->head, memory_order_relaxed);
    if (!slow || w->sync_ns == 0 || atomic_load(&w->tail) != head ||
        pthread_mutex_trylock(&w->io) != 0) {
        return false;
    }
    int r = put_row(w, line, n); /* the queue is empty and stays so: only this caller adds */
    w->qsize = w->size;
    pthread_mutex_unlock(&w->io);
    *rc = r ? r : atomic_load(&w->async_err);
    return true;
}

/* A row on the thread's queue: rotation decided here (by the size the file will have). */
static int write_async(LogWriter *w, const char *line, size_t n, int64_t mono_ns) {
    int rc;
    if (write_here(w, line, n, mono_ns, &rc)) {
        return rc;
    }
    if (sizeof(RecHead) + n + 8 > w->ring_cap / 2) {
        return -EMSGSIZE; /* never: rows are far smaller than the ring */
    }
    uint32_t flags = 0;
    if (w->max_bytes && w->own_fd && w->qsize + (uint64_t)n > w->max_bytes &&
        w->qsize > w->header_len) {
        flags = REC_ROTATE;
        w->qsize = w->header_len;
    }
    w->qsize += n;
    return enqueue(w, line, n, flags);
}

/* ---- the writer's calls ---- */

static int op_header(LogWriter *w, const void *arg) {
    (void)arg;
    return put(w, w->header, w->header_len);
}

int logwriter_write_header(LogWriter *w, const LogMeta *m, const Schema *sc) {
    size_t cap = logfmt_header_bound(sc);
    char *h = malloc(cap);
    char *row = malloc(logfmt_row_bound(w->fmt, sc));
    if (!h || !row) {
        free(h);
        free(row);
        return remember(w, -ENOMEM);
    }
    int n = logfmt_header(w->fmt, m, sc, h, cap);
    if (n < 0) {
        free(h);
        free(row);
        return remember(w, n);
    }
    free(w->header);
    free(w->row);
    w->header = h;
    w->header_len = (size_t)n;
    w->row = row;
    w->row_cap = logfmt_row_bound(w->fmt, sc);
    w->sc = sc;
    return remember(w, with_fd(w, op_header, NULL));
}

static int op_rotate(LogWriter *w, const void *arg) {
    (void)arg;
    return rotate_file(w, false);
}

int logwriter_rotate(LogWriter *w) {
    if (!w->regular || !w->own_fd) {
        return -ENOTSUP;
    }
    return remember(w, with_fd(w, op_rotate, NULL));
}

/* The synchronous path: write now, fsync by the samples' clock. */
static int write_sync(LogWriter *w, const char *line, size_t n, int64_t mono_ns) {
    int rc = put_row(w, line, n);
    if (rc || w->sync_ns < 0) {
        return rc;
    }
    if (w->last_sync_ns == INT64_MIN) {
        w->last_sync_ns = mono_ns; /* the first row starts the period */
    }
    if (mono_ns - w->last_sync_ns >= w->sync_ns) {
        w->last_sync_ns = mono_ns;
        rc = sync_now(w);
    }
    return rc;
}

int logwriter_write_line(LogWriter *w, const char *line, size_t n, int64_t mono_ns) {
    int rc = w->async ? write_async(w, line, n, mono_ns) : write_sync(w, line, n, mono_ns);
    if (rc) {
        return remember(w, rc);
    }
    w->rows++;
    return 0;
}

int logwriter_write_row(LogWriter *w, const Sample *s) {
    if (!w->row) {
        return remember(w, -EINVAL);
    }
    int n = logfmt_row(w->fmt, w->sc, s, w->row, w->row_cap);
    if (n < 0) {
        return remember(w, n);
    }
    return logwriter_write_line(w, w->row, (size_t)n, s->mono_ns);
}

int logwriter_close(LogWriter *w) {
    if (!w) {
        return 0;
    }
    if (w->async) {
        async_stop(w); /* the thread writes what is queued first */
    }
    w->dirty = true; /* one last fsync covers every row */
    remember(w, sync_now(w));
    if (w->own_fd && close(w->fd) < 0) {
        remember(w, -errno);
    }
    int rc = w->err;
    free(w->row);
    free(w->header);
    free(w);
    return rc;
}

const char *logwriter_path(const LogWriter *w) {
    return w->path;
}

uint64_t logwriter_rows(const LogWriter *w) {
    return w->rows;
}

uint64_t logwriter_thread_wakes(const LogWriter *w) {
    return w->async ? atomic_load_explicit(&w->wakes, memory_order_relaxed) : 0;
}

uint64_t logwriter_queue_full(const LogWriter *w, int64_t *waited_ns) {
    if (waited_ns) {
        *waited_ns = w->full_wait_ns;
    }
    return w->full_events;
}
