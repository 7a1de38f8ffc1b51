/* The server's answer cache (src/server/respcache.h): a hit is an exact
 * copy, a replaced key answers its new body, it never holds more than
 * SG_RC_SLOTS answers (the least recently used goes), and keys or bodies
 * beyond its bounds are not kept. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/respcache.h"

static void test_hit_miss_replace(void **state)
{
    (void)state;
    sg_respcache *c = malloc(sizeof *c);
    sg_rc_init(c);
    char *b;
    size_t n;
    assert_int_equal(sg_rc_get(c, "k", &b, &n), 0);
    assert_null(b);
    assert_int_equal(sg_rc_put(c, "k", "{\"a\":1}", 7), 1);
    assert_int_equal(sg_rc_get(c, "k", &b, &n), 1);
    assert_int_equal(n, 7);
    assert_memory_equal(b, "{\"a\":1}", 7);
    free(b);
    /* a binary-safe body, and a replaced one */
    assert_int_equal(sg_rc_put(c, "k", "x\0y", 3), 1);
    assert_int_equal(sg_rc_get(c, "k", &b, &n), 1);
    assert_int_equal(n, 3);
    assert_memory_equal(b, "x\0y", 3);
    free(b);
    assert_int_equal(sg_rc_get(c, "K", &b, &n), 0);
    sg_rc_destroy(c);
    free(c);
}

static void test_bounds(void **state)
{
    (void)state;
    sg_respcache *c = malloc(sizeof *c);
    sg_rc_init(c);
    char key[32], *b;
    size_t n;
    for (int i = 0; i < SG_RC_SLOTS; i++) {
        snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(sg_rc_put(c, key, key, strlen(key)), 1);
    }
    /* k0 used again: k1 is now the least recently used, and goes */
    assert_int_equal(sg_rc_get(c, "k0", &b, &n), 1);
    free(b);
    assert_int_equal(sg_rc_put(c, "new", "n", 1), 1);
    assert_int_equal(sg_rc_get(c, "k1", &b, &n), 0);
    assert_int_equal(sg_rc_get(c, "k0", &b, &n), 1);
    free(b);
    assert_int_equal(sg_rc_get(c, "new", &b, &n), 1);
    free(b);
    int held = 0;
    for (int i = 0; i < SG_RC_SLOTS; i++)
        held += c->e[i].body != NULL;
    assert_int_equal(held, SG_RC_SLOTS);
    /* too long a key, too large a body: not kept */
    char long_key[SG_RC_KEY + 1];
    memset(long_key, 'x', SG_RC_KEY);
    long_key[SG_RC_KEY] = '\0';
    assert_int_equal(sg_rc_put(c, long_key, "v", 1), 0);
    assert_int_equal(sg_rc_get(c, long_key, &b, &n), 0);
    char *big = calloc(1, SG_RC_MAX_BODY + 1);
    assert_non_null(big);
    assert_int_equal(sg_rc_put(c, "big", big, SG_RC_MAX_BODY + 1), 0);
    assert_int_equal(sg_rc_put(c, "big", big, SG_RC_MAX_BODY), 1);
    free(big);
    sg_rc_destroy(c);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hit_miss_replace),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
