/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the helper's request decoder (and the reply decoder and USB id codec the
 * same bytes reach). Any input must be either rejected with a PROTO_E_* code or accepted as a
 * request that satisfies every framing rule; nothing may crash or read out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jtune/ipc/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_request(const TuneRequest *r, uint32_t seq) {
    if (r->magic != TUNE_MAGIC || r->version != TUNE_VERSION || r->seq != seq || r->flags != 0 ||
        r->op <= TUNE_OP_HELLO || r->op >= TUNE_OP_COUNT) {
        abort();
    }
    const TuneTargetInfo *ti = proto_target_info((TuneTarget)r->target);
    if (proto_op_has_target((TuneOp)r->op)) {
        if (!ti || proto_target_by_name(ti->name) != r->target) {
            abort();
        }
    } else if (ti || r->index || r->sub || r->value) {
        abort();
    }
    char name[40];
    uint32_t back;
    if (proto_usb_id_format(r->index, name, sizeof name) == 0 &&
        (proto_usb_id_parse(name, &back) != 0 || back != r->index)) {
        abort(); /* every id that formats must parse back to itself */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    TuneRequest r;
    int rc = proto_decode_request(data, size, 1, &r);
    if (rc == 0) {
        check_request(&r, 1);
    } else if (!PROTO_IS_MALFORMED(rc)) {
        abort();
    }
    /* with the sequence number the input carries, so the later checks are reached too */
    uint32_t seq = 0;
    if (size >= 12) {
        memcpy(&seq, data + 8, sizeof seq);
    }
    if (proto_decode_request(data, size, seq, &r) == 0) {
        check_request(&r, seq);
    }
    TuneReply rep;
    if (size >= 8) {
        uint16_t op;
        memcpy(&op, data + 6, sizeof op);
        if (proto_decode_reply(data, size, op, seq, &rep) == 0 && rep.err < 0) {
            abort();
        }
    }
    char text[64];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    uint32_t id;
    char back[64];
    if (proto_usb_id_parse(text, &id) == 0 &&
        (proto_usb_id_format(id, back, sizeof back) != 0 || strcmp(back, text) != 0)) {
        abort(); /* every name that parses is canonical */
    }
    return 0;
}
