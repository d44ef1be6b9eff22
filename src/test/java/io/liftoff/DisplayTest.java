package io.liftoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** Text without colour reads exactly as picocli renders it without colour (the launcher's lines, status tables). */
class DisplayTest {
    @Test
    void plainTextIsWhatPicocliRendersWithoutColour() {
        for (String marked : new String[] {
                "@|green 12 done|@ · 3 running · @|red 2 crashed|@ · 0 pending",
                "@|bold liftoff|@ @|green 0 done|@ · 0 running",
                "@|yellow pruned|@ 0000_lr=0.1/3 after 1.5s",
                "start 0000_default/7 (pid 4242, GPU 1)",
                "",
                "@|faint,italic two styles|@ then text"}) {
            assertEquals(Ansi.OFF.string(marked), Display.plain(marked), marked);
        }
    }
}
