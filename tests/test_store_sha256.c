/* SHA-256 against FIPS 180-4's worked examples and NIST's long-message vector,
 * fed whole and in every split, so the buffering in update() is exercised. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes/sha256.h"

static void hex_of(sg_sha256 *c, char out[65])
{
    uint8_t d[32];
    sg_sha256_final(c, d);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static const struct {
    const char *msg;
    const char *hex;
} VEC[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrl"
     "mnopqrsmnopqrstnopqrstu",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
};

static void test_vectors(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof VEC / sizeof *VEC; v++) {
        char hex[65];
        sg_sha256_hex(VEC[v].msg, strlen(VEC[v].msg), hex);
        assert_string_equal(hex, VEC[v].hex);
        size_t n = strlen(VEC[v].msg);
        for (size_t cut = 0; cut <= n; cut++) {
            sg_sha256 c;
            sg_sha256_init(&c);
            sg_sha256_update(&c, VEC[v].msg, cut);
            sg_sha256_update(&c, VEC[v].msg + cut, n - cut);
            hex_of(&c, hex);
            assert_string_equal(hex, VEC[v].hex);
        }
    }
}

/* One million 'a' (FIPS 180-2 appendix B.3), fed in uneven chunks. */
static void test_million_a(void **state)
{
    (void)state;
    char *buf = malloc(1000000);
    assert_non_null(buf);
    memset(buf, 'a', 1000000);
    sg_sha256 c;
    sg_sha256_init(&c);
    size_t pos = 0, step = 1;
    while (pos < 1000000) {
        size_t take = step < 1000000 - pos ? step : 1000000 - pos;
        sg_sha256_update(&c, buf + pos, take);
        pos += take;
        step = step * 7 % 997 + 1;
    }
    char hex[65];
    hex_of(&c, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(buf);
}

/* Padding edge: lengths 55, 56, 63, 64 straddle the one/two-block boundary
 * (reference digests from coreutils sha256sum). */
static void test_padding_edges(void **state)
{
    (void)state;
    static const struct {
        size_t n;
        const char *hex;
    } E[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    };
    char buf[64];
    memset(buf, 'a', sizeof buf);
    for (size_t i = 0; i < sizeof E / sizeof *E; i++) {
        char hex[65];
        sg_sha256_hex(buf, E[i].n, hex);
        assert_string_equal(hex, E[i].hex);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_padding_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
