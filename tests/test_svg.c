/* Report charts and the text buffer: escaping, gaps, empty data. */
#include "support/sg_test.h"

#include <stdlib.h>
#include <string.h>

#include "model/strbuf.h"
#include "render/svg.h"

static void test_html_escape(void **state)
{
    (void)state;
    sg_sb b;
    sg_sb_init(&b, 0);
    sg_sb_html(&b, "<script>\"x\" & 'y'</script>");
    char *s = sg_sb_take(&b, NULL);
    assert_string_equal(s, "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;");
    free(s);
}

static void test_ceiling(void **state)
{
    (void)state;
    sg_sb b;
    sg_sb_init(&b, 100);
    for (int i = 0; i < 50; i++)
        sg_sb_printf(&b, "%d,", i);
    assert_true(sg_sb_error(&b));
    assert_null(sg_sb_take(&b, NULL));
}

static void test_chart_gaps(void **state)
{
    (void)state;
    double x[] = {0, 1, 2, 3, 4, 5};
    double y[] = {1, 2, NAN, 4, 5, 6};
    sg_svg_series s = {"hr <bpm>", y, NULL, 0, 0};
    sg_svg_opts o = {0};
    sg_sb b;
    sg_sb_init(&b, 0);
    sg_svg_chart(&b, x, 6, &s, 1, &o);
    char *svg = sg_sb_take(&b, NULL);
    assert_non_null(strstr(svg, "<svg"));
    assert_non_null(strstr(svg, "hr &lt;bpm&gt;"));
    /* the gap starts a new sub-path: two 'M' moves in the data path */
    const char *d = strstr(svg, " d=\"");
    assert_non_null(d);
    int moves = 0;
    for (const char *p = d; *p && *p != '/'; p++)
        moves += *p == 'M';
    assert_int_equal(moves, 2);
    free(svg);
}

static void test_chart_empty(void **state)
{
    (void)state;
    double x[] = {NAN};
    double y[] = {NAN};
    sg_svg_series s = {"x", y, NULL, 1, 0};
    sg_sb b;
    sg_sb_init(&b, 0);
    sg_svg_chart(&b, x, 1, &s, 1, NULL);
    char *svg = sg_sb_take(&b, NULL);
    assert_non_null(strstr(svg, "no data"));
    free(svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_ceiling),
        cmocka_unit_test(test_chart_gaps),
        cmocka_unit_test(test_chart_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
