package dev.hoard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullPlannerTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-03-04");
    private static final CatalogEntry FEES =
            new CatalogEntry("sol", null, "FEES", true, LocalDate.parse("2026-02-20"), "SOL", 2);

    private static PullPlanner planner(int maxDays) {
        return new PullPlanner("artemis", null, null, null, java.time.Clock.systemUTC(), maxDays);
    }

    @Test
    void aBackfillStartsAfterTheCursorAndEndsYesterdayInChainedWindows() {
        List<PullUnit> units = planner(5).units(FEES, PullMode.BACKFILL, LocalDate.parse("2026-02-22"), TODAY);

        assertThat(units).extracting(u -> u.firstDay() + ".." + u.lastDay() + " after " + u.expectedCursor())
                .containsExactly("2026-02-23..2026-02-27 after 2026-02-22", "2026-02-28..2026-03-03 after 2026-02-27");
        assertThat(units).noneMatch(PullUnit::live);
    }

    @Test
    void aLivePullReachesTodayAndOnlyItsLastWindowIsLive() {
        List<PullUnit> units = planner(0).units(FEES, PullMode.LIVE, null, TODAY);

        assertThat(units).singleElement().satisfies(u -> {
            assertThat(u.firstDay()).isEqualTo("2026-02-20");
            assertThat(u.lastDay()).isEqualTo(TODAY);
            assertThat(u.live()).isTrue();
        });
    }

    @Test
    void anUpToDateEntryHasNoBackfillButStillALivePull() {
        assertThat(planner(0).units(FEES, PullMode.BACKFILL, TODAY.minusDays(1), TODAY)).isEmpty();
        assertThat(planner(0).units(FEES, PullMode.LIVE, TODAY.minusDays(1), TODAY)).singleElement()
                .satisfies(u -> assertThat(u.firstDay()).isEqualTo(TODAY));
    }

    @Test
    void aMetricWithoutHistoryIsLiveOnly() {
        CatalogEntry price = new CatalogEntry("coingecko:ethereum", "coin", "PRICE", true, null, "ETH", 3);

        assertThat(planner(0).units(price, PullMode.BACKFILL, null, TODAY)).isEmpty();
        assertThat(planner(0).units(price, PullMode.LIVE, null, TODAY)).singleElement()
                .satisfies(u -> assertThat(u.backfills(TODAY.minusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant())).isFalse());
    }
}
