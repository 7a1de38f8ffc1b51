/* Fuzzes the FIT decoder: any bytes in, an activity or a clean error out, no
 * crash, hang, leak or unbounded allocation. Also drives the streaming
 * reader's field views, and re-encodes what was decoded: the encoder's output
 * must decode cleanly to the same number of records. The seeds (small shared
 * FIT files, globs under ../shared/data) are on the next line. The random run
 * makes inputs of at most 32 KiB (MAX_LEN): every branch of the reader is
 * reached within a few hundred messages, and whole 130 KB runs, decoded,
 * re-encoded and decoded again per input, held it near 60 executions a second.
 * MAX_LEN: 32768 */
// SEEDS: python-fitparse/*.fit goldencheetah/moxy.fit goldencheetah/GarminSwimExample.fit goldencheetah/Indoor_Cycling2smO2sensors.fit goldencheetah/2012_02_05_09_03_59.fit
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "formats/fit_stream.h"
#include "strideguard/fit.h"

static int touch(void *ctx, const sg_fit_msg *m, sg_err *err)
{
    (void)err;
    double *sink = ctx;
    sg_fit_view v;
    double x;
    char s[64];
    for (unsigned f = 0; f < 256; f += 37) {
        if (sg_fit_msg_field(m, (uint8_t)f, &v)) {
            size_t n = sg_fit_view_count(&v);
            for (size_t k = 0; k < n && k < 8; k++)
                if (sg_fit_view_num(&v, k, &x))
                    *sink += x;
            sg_fit_view_str(&v, s, sizeof s);
            (void)sg_fit_view_invalid(&v);
        }
    }
    for (size_t i = 0; i < sg_fit_msg_ndev(m); i++) {
        const sg_fit_devdesc *d = sg_fit_msg_dev(m, i, &v);
        if (d && sg_fit_view_num(&v, 0, &x))
            *sink += x;
    }
    return SG_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_fit_stream *s = sg_fit_stream_new(NULL);
    double sink = 0;
    if (s) {
        sg_fit_stream_run(s, data, size, touch, &sink, NULL, NULL);
        sg_fit_stream_free(s);
    }
    sg_activity *a = NULL;
    sg_fit_report rep;
    if (sg_fit_decode(data, size, NULL, &a, &rep, NULL) == SG_OK) {
        uint8_t *buf = NULL;
        size_t len = 0;
        sg_fit_encode_opts o = {(int)(size & 1), (int)((size >> 1) & 1), 0};
        if (sg_fit_encode(a, &o, NULL, &buf, &len, NULL) != SG_OK)
            abort();
        sg_activity *b = NULL;
        sg_fit_report rep2;
        if (sg_fit_decode(buf, len, NULL, &b, &rep2, NULL) != SG_OK || rep2.errors ||
            b->n != a->n)
            abort();
        sg_activity_free(b);
        sg_free(NULL, buf);
    }
    sg_activity_free(a);
    return 0;
}
