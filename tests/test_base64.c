/* Base64 against RFC 4648 §10's test vectors, and strict decoding. */
#include "support/sg_test.h"

#include <string.h>

#include "bytes/base64.h"

static void test_rfc4648_vectors(void **state)
{
    (void)state;
    /* RFC 4648 §10: BASE64("") = "", ("f") = "Zg==", ... ("foobar") = "Zm9vYmFy" */
    const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (size_t i = 0; i < 7; i++) {
        char *s = NULL;
        size_t n = 0;
        assert_int_equal(sg_base64_encode(in[i], strlen(in[i]), NULL, &s, &n, NULL), SG_OK);
        assert_string_equal(s, out[i]);
        assert_int_equal(n, strlen(out[i]));
        unsigned char *b = NULL;
        size_t m = 0;
        assert_int_equal(sg_base64_decode(s, n, NULL, &b, &m, NULL), SG_OK);
        assert_int_equal(m, strlen(in[i]));
        assert_memory_equal(b, in[i], m);
        sg_free(NULL, b);
        sg_free(NULL, s);
    }
}

static void test_binary_round_trip(void **state)
{
    (void)state;
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    for (size_t len = 0; len <= 256; len += 17) {
        char *s = NULL;
        size_t n = 0;
        assert_int_equal(sg_base64_encode(all, len, NULL, &s, &n, NULL), SG_OK);
        unsigned char *b = NULL;
        size_t m = 0;
        assert_int_equal(sg_base64_decode(s, n, NULL, &b, &m, NULL), SG_OK);
        assert_int_equal(m, len);
        if (len)
            assert_memory_equal(b, all, len);
        sg_free(NULL, b);
        sg_free(NULL, s);
    }
}

static void test_strict(void **state)
{
    (void)state;
    const struct {
        const char *s;
        long long offset;
    } bad[] = {
        {"Zg=", 3},        /* length not a multiple of 4 */
        {"Zg==Zg==", 2},   /* padding before the end */
        {"Z===", 1},       /* too much padding */
        {"====", 0},
        {"Zm9v\nYmFy", 9}, /* whitespace (length 9) */
        {"Zm9-", 3},       /* URL alphabet */
        {"Zh==", 1},       /* unused bits set: "Zg==" is the one encoding of "f" */
        {"Zm9=", 2},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        unsigned char *b = (unsigned char *)"x";
        size_t m = 7;
        sg_err e;
        sg_err_clear(&e);
        assert_int_equal(sg_base64_decode(bad[i].s, strlen(bad[i].s), NULL, &b, &m, &e),
                         SG_EFORMAT);
        assert_null(b);
        assert_int_equal(m, 0);
        assert_int_equal(e.offset, bad[i].offset);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4648_vectors),
        cmocka_unit_test(test_binary_round_trip),
        cmocka_unit_test(test_strict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
