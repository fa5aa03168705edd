package dev.evals4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evals4j.api.Progress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private final Progress threeOfTwelve = new Progress("run", "samples", 3, 12, 0, 0.3, Duration.ofSeconds(10));

    @Test
    void aRunningTaskShowsItsRateAndTimeLeft() {
        assertThat(ProgressPrinter.line(threeOfTwelve))
                .isEqualTo("[#######.......................] 3/12  0.3/s  ETA 30s  errors 0");
    }

    @Test
    void aStoppedTaskShowsWhereItStoppedWithoutARate() {
        assertThat(ProgressPrinter.line(threeOfTwelve, false))
                .isEqualTo("[#######.......................] 3/12  errors 0");
    }
}
