/* SPDX-License-Identifier: MIT */
/* tunemsg: the words jtune shows when a tuning request or the helper's start is refused (pure). */
#ifndef JTUNE_IPC_TUNEMSG_H
#define JTUNE_IPC_TUNEMSG_H

#include <stddef.h>
#include <stdint.h>

#include "jtune/ipc/proto.h"

/* A short, generic meaning of an errno from a tuning call. Never NULL. */
const char *tunemsg_strerror(int err);

/* The message for a failed SET of target t: err is the positive or negative errno, detail
 * the reply's detail (fan floor, mode id). Writes into out; returns out. */
const char *tunemsg_explain(TuneTarget t, int err, int64_t detail, char *out, size_t outsz);

/* The "why; how to enable" text for a helper that refused to start with err. Never NULL. */
const char *tunemsg_hello_strerror(int err);

/* The same, naming the failed start-up step (TuneStage, the greeting's aux) and, for the
 * state directory, its path (NULL: the built-in one). Writes into out; returns out. */
const char *tunemsg_hello_explain(int err, int stage, const char *state_dir, char *out,
                                  size_t outsz);

/* TUNE_STAGE_CAPS: the helper at helper_path lacks the capabilities of mask `missing` (bit n
 * = capability n); names them and says how to give them back. Writes into out; returns out. */
const char *tunemsg_hello_explain_caps(uint64_t missing, const char *helper_path, char *out,
                                       size_t outsz);

#endif
