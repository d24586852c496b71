/* logwriter: whole-row log writing with periodic fsync and optional rotation. */
#include "jtune/app/logwriter.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
    /* the sync thread (logwriter_set_async): fsync off the caller's path */
    bool async;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool want_sync, busy, stop;
    int async_err; /* first fsync error seen by the thread */
};

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
    return remember(w, put(w, h, (size_t)n));
}

/* Wait until the sync thread holds no fd (before the fd changes or goes). */
static void async_quiesce(LogWriter *w) {
    pthread_mutex_lock(&w->mu);
    while (w->busy || w->want_sync) {
        pthread_cond_wait(&w->cv, &w->mu);
    }
    pthread_mutex_unlock(&w->mu);
}

static void *sync_main(void *arg) {
    LogWriter *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->want_sync && !w->stop) {
            pthread_cond_wait(&w->cv, &w->mu);
        }
        if (!w->want_sync) {
            break; /* stop, nothing pending */
        }
        w->want_sync = false;
        w->busy = true;
        int fd = w->fd;
        pthread_mutex_unlock(&w->mu);
        int rc = fsync(fd) < 0 ? -errno : 0;
        pthread_mutex_lock(&w->mu);
        w->busy = false;
        if (rc && !w->async_err) {
            w->async_err = rc;
        }
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

int logwriter_set_async(LogWriter *w) {
    if (w->async || !w->regular) {
        return 0;
    }
    if (pthread_mutex_init(&w->mu, NULL) != 0) {
        return -ENOMEM;
    }
    if (pthread_cond_init(&w->cv, NULL) != 0) {
        pthread_mutex_destroy(&w->mu);
        return -ENOMEM;
    }
    /* the thread starts with every signal blocked: SIGINT and SIGTERM keep waking the
     * caller's sleep (EINTR) instead of landing on the sync thread */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&w->th, NULL, sync_main, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        return -rc;
    }
    w->async = true;
    return 0;
}

/* Hand the fsync to the thread; a sync still running absorbs this request. */
static int async_request(LogWriter *w) {
    pthread_mutex_lock(&w->mu);
    w->want_sync = true;
    int rc = w->async_err;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return remember(w, rc);
}

static void async_stop(LogWriter *w) {
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->th, NULL);
    remember(w, w->async_err);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    w->async = false;
}

int logwriter_sync(LogWriter *w) {
    if (w->async) {
        async_quiesce(w); /* a pending fsync finishes; the fd is ours alone now */
    }
    if (!w->regular || !w->dirty) {
        return 0;
    }
    w->dirty = false;
    return remember(w, fsync(w->fd) < 0 ? -errno : 0);
}

/* The periodic fsync: on the sync thread when there is one. */
static int sync_due(LogWriter *w) {
    if (!w->async || !w->regular || !w->dirty) {
        return logwriter_sync(w);
    }
    w->dirty = false;
    return async_request(w);
}

/* Close the full file, keep it as FILE.1 and start FILE again (with the header when
 * with_header). */
static int rotate_file(LogWriter *w, bool with_header) {
    char old[PATH_MAX + 2];
    int rc = logwriter_sync(w);
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

static int rotate(LogWriter *w) {
    return rotate_file(w, true);
}

int logwriter_rotate(LogWriter *w) {
    if (!w->regular || !w->own_fd) {
        return -ENOTSUP;
    }
    return remember(w, rotate_file(w, false));
}

int logwriter_write_line(LogWriter *w, const char *line, size_t n, int64_t mono_ns) {
    int rc = 0;
    if (w->max_bytes && w->regular && w->own_fd && w->size + (uint64_t)n > w->max_bytes &&
        w->size > w->header_len) {
        rc = rotate(w);
    }
    if (!rc) {
        rc = put(w, line, n);
    }
    if (rc) {
        return remember(w, rc);
    }
    w->rows++;
    if (w->sync_ns >= 0) {
        if (w->last_sync_ns == INT64_MIN) {
            w->last_sync_ns = mono_ns; /* the first row starts the period */
        }
        if (mono_ns - w->last_sync_ns >= w->sync_ns) {
            w->last_sync_ns = mono_ns;
            rc = sync_due(w);
        }
    }
    return rc;
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
        async_stop(w); /* any pending fsync runs first */
    }
    w->dirty = true; /* one last fsync covers rows written after the thread's */
    logwriter_sync(w);
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
