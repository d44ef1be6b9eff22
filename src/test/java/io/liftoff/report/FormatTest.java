package io.liftoff.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertEquals("850 ms", Format.duration(850));
        assertEquals("4.2 s", Format.duration(4_200));
        assertEquals("42 s", Format.duration(42_900));
        assertEquals("3m 05s", Format.duration(185_000));
        assertEquals("2h 03m", Format.duration((2 * 3600 + 3 * 60 + 59) * 1000L));
        assertEquals("1d 02h", Format.duration((26 * 3600 + 60) * 1000L));
        assertEquals("unknown", Format.seconds(-1));
    }

    @Test
    void decimalsHaveOneDigitAtMost() {
        assertEquals("12", Format.decimal(new StringBuilder(), 12.04).toString());
        assertEquals("12.5", Format.decimal(new StringBuilder(), 12.46).toString());
        assertEquals("-0.5", Format.decimal(new StringBuilder(), -0.5).toString());
        assertEquals("0", Format.decimal(new StringBuilder(), 0.01).toString());
    }

    @Test
    void escapingCoversElementsAndAttributes() {
        assertEquals("&lt;a href=&quot;x&quot;&gt; &amp; &#39;y&#39;\n\uFFFD",
                Format.escape("<a href=\"x\"> & 'y'\n\u0000"));
    }
}
