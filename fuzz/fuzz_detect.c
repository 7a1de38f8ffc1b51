/* Fuzzes format detection and the one decode entry point (src/formats/
 * detect.c, decode.c): for any bytes, under each name hint, detection never
 * fails or reads outside the input, bytes detected as FIT, GPX or TCX by
 * content keep that format under any name, and sg_decode_all returns either
 * an error or at least one activity, all released cleanly. The first byte
 * picks the name hint so one corpus covers the extension fallback too. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "strideguard/decode.h"
#include "strideguard/formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const hints[] = {NULL, "a.fit", "a.GPX", "a.tcx", "a.csv", "a.txt", "fit"};
    if (size == 0)
        return 0;
    const char *hint = hints[data[0] % (sizeof hints / sizeof hints[0])];
    const uint8_t *buf = data + 1;
    size_t len = size - 1;
    sg_format by_content = sg_format_detect(buf, len, NULL);
    sg_format f = sg_format_detect(buf, len, hint);
    if (by_content != SG_FMT_UNKNOWN && f != by_content)
        abort();
    sg_activity **outs = NULL;
    size_t n = 0;
    if (sg_decode_all(buf, len, hint, NULL, &outs, &n, NULL, NULL) == SG_OK) {
        if (n == 0 || !outs)
            abort();
        for (size_t i = 0; i < n; i++)
            sg_activity_free(outs[i]);
        sg_free(NULL, outs);
    }
    return 0;
}
