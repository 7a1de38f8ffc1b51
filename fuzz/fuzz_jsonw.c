/* Fuzzes the JSON writer's string escaping: any bytes in, valid UTF-8 JSON out.
 * SEEDS: */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_arr_begin(&w);
    sg_jw_strn(&w, (const char *)data, size);
    sg_jw_arr_end(&w);
    size_t len;
    char *s = sg_jw_take_buf(&w, &len);
    if (s && strlen(s) != len)
        abort(); /* an escaped string never contains NUL */
    free(s);
    return 0;
}
